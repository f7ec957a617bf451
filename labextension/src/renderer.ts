/**
 * The tutor output widget. JupyterLab calls `renderModel` again on the same widget each time the kernel updates
 * the display id, so the DOM is built once and only the parts that changed are re-rendered (MathJax is costly),
 * and the reader's own open/close of the reasoning block survives the updates.
 */

import { renderMarkdown } from '@jupyterlab/rendermime';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import {
  footerParts,
  formatSeconds,
  ITutorPayload,
  IVerification,
  normalizeMathDelimiters,
  readPayload
} from './payload';

const CLASS = 'jp-R1Tutor';
// A display whose kernel went away mid-stream (saved while streaming) must not tick forever.
const STALE_AFTER_MS = 10 * 60 * 1000;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = cls;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export class TutorRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._options = options;
    this.addClass(CLASS);
    const n = this.node;
    this._problem = el('div', `${CLASS}-problem`);
    this._reasoning = el('details', `${CLASS}-reasoning`);
    this._summary = el('summary', `${CLASS}-reasoningSummary`);
    this._reasoningText = el('pre', `${CLASS}-reasoningText`);
    // While streaming, plain text (cheap per update); once final, Markdown + LaTeX like the answer.
    this._reasoningMd = el('div', `${CLASS}-reasoningMd jp-RenderedMarkdown`);
    this._reasoningMd.hidden = true;
    this._reasoning.append(this._summary, this._reasoningText, this._reasoningMd);
    this._answer = el('div', `${CLASS}-answer jp-RenderedMarkdown`);
    this._status = el('div', `${CLASS}-status`);
    this._badge = el('div', `${CLASS}-badge`);
    this._plots = el('div', `${CLASS}-plots`);
    this._notices = el('ul', `${CLASS}-notices`);
    this._footer = el('div', `${CLASS}-footer`);
    n.append(
      this._problem,
      this._reasoning,
      this._answer,
      this._status,
      this._badge,
      this._plots,
      this._notices,
      this._footer
    );
    // A click on the summary is the reader's choice; from then on updates no longer open/close the block.
    this._summary.addEventListener('click', () => {
      this._userToggled = true;
    });
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const p = readPayload(model.data[this._options.mimeType]);
    this._payload = p;
    this._receivedAt = Date.now();
    this.toggleClass(`${CLASS}-streaming`, p.streaming);
    this.toggleClass(`${CLASS}-incomplete`, !p.streaming && !p.complete);
    this._renderReasoning(p);
    this._renderStatus(p);
    this._renderBadge(p.streaming ? null : p.verification);
    this._renderPlots(p);
    this._renderNotices(p);
    this._footer.textContent = footerParts(p).join(' · ');
    this._syncTimer();
    const typesetReasoning = !p.streaming && p.reasoning.trim() !== '';
    this._reasoningText.hidden = typesetReasoning;
    this._reasoningMd.hidden = !typesetReasoning;
    await Promise.all([
      this._renderMd(this._problem, p.problem, 'problem'),
      this._renderMd(this._answer, p.answer, 'answer'),
      typesetReasoning ? this._renderMd(this._reasoningMd, p.reasoning, 'reasoning') : Promise.resolve()
    ]);
  }

  dispose(): void {
    this._stopTimer();
    super.dispose();
  }

  private _renderReasoning(p: ITutorPayload): void {
    const has = p.reasoning.trim().length > 0;
    this._reasoning.hidden = !has;
    if (!has) {
      return;
    }
    const text = this._reasoningText;
    const atBottom = text.scrollHeight - text.scrollTop - text.clientHeight < 24;
    if (text.textContent !== p.reasoning) {
      text.textContent = p.reasoning;
      // Follow the growing thought unless the reader scrolled up to read.
      if (p.streaming && atBottom) {
        text.scrollTop = text.scrollHeight;
      }
    }
    const thinking = p.streaming && p.answer === '';
    if (!this._userToggled) {
      // Open while the model thinks; collapse once the answer starts. A reply cut off while thinking has only
      // its reasoning to show, so that stays open.
      // The offline tutor's steps are the lesson itself, so they stay open.
      this._reasoning.open = thinking || p.provider === 'offline' || (!p.streaming && !p.complete && p.answer === '');
    }
    this._reasoning.classList.toggle(`${CLASS}-thinking`, thinking);
    this._updateSummary();
  }

  private _updateSummary(): void {
    const p = this._payload;
    if (!p) {
      return;
    }
    const thinking = p.streaming && p.answer === '';
    if (p.provider === 'offline') {
      this._summary.textContent = 'Worked steps (SymPy)';
    } else if (thinking) {
      const live = p.elapsedS + (Date.now() - this._receivedAt) / 1000;
      this._summary.textContent = this._isStale() ? `Thinking… ${formatSeconds(p.elapsedS)} (no updates)` : `Thinking… ${formatSeconds(live)}`;
    } else if (p.thinkingS !== null) {
      this._summary.textContent = `Thought for ${formatSeconds(p.thinkingS)}`;
    } else {
      this._summary.textContent = p.complete || p.streaming ? 'Reasoning' : 'Reasoning (cut off)';
    }
  }

  private _renderStatus(p: ITutorPayload): void {
    this._status.className = `${CLASS}-status`;
    if (p.streaming) {
      this._status.hidden = p.answer === '';
      this._status.textContent = 'Writing the answer…';
      this._status.classList.add(`${CLASS}-status-live`);
      return;
    }
    if (!p.complete) {
      const reason = p.incompleteReason || (p.finishReason ? `finish reason “${p.finishReason}”` : 'interrupted');
      this._status.hidden = false;
      this._status.textContent = `⚠ Incomplete reply — ${reason}`;
      this._status.classList.add(`${CLASS}-status-incomplete`);
      return;
    }
    this._status.hidden = true;
    this._status.textContent = '';
  }

  private _renderBadge(v: IVerification | null): void {
    const badge = this._badge;
    const key = v ? JSON.stringify(v) : '';
    if (key === this._badgeKey) {
      return;
    }
    this._badgeKey = key;
    badge.textContent = '';
    badge.className = `${CLASS}-badge`;
    badge.hidden = v === null;
    badge.removeAttribute('title');
    if (!v) {
      return;
    }
    badge.classList.add(`${CLASS}-badge-${v.status}`);
    badge.dataset.status = v.status;
    const icon = el('span', `${CLASS}-badgeIcon`, { verified: '✓', mismatch: '✗', unverifiable: '?' }[v.status]);
    const label = el(
      'span',
      `${CLASS}-badgeLabel`,
      {
        verified: 'Verified by SymPy',
        mismatch: 'SymPy disagrees',
        unverifiable: 'Not verified'
      }[v.status]
    );
    badge.append(icon, label);
    // SymPy's own result matters only when it disagrees; on ✓ it would repeat the answer.
    if (v.expected && v.status === 'mismatch') {
      const expected = el('span', `${CLASS}-badgeExpected`);
      expected.append('— its result: ');
      const math = el('span', `${CLASS}-badgeMath`);
      // Delimiters for JupyterLab's typesetter; text only, so nothing in `expected` is parsed as HTML.
      math.textContent = `$${v.expected}$`;
      expected.append(math);
      badge.append(expected);
      const typesetter = this._options.latexTypesetter;
      if (typesetter) {
        void Promise.resolve(typesetter.typeset(math)).catch(console.warn);
      }
    }
    const why = [v.detail, v.method ? `(${v.method})` : ''].filter(Boolean).join(' ');
    if (why) {
      badge.append(el('span', `${CLASS}-badgeDetail`, why));
      badge.title = why;
    }
  }

  private _renderPlots(p: ITutorPayload): void {
    const key = p.plots.map(pl => pl.png.length + pl.alt).join('|');
    if (key === this._plotsKey) {
      return;
    }
    this._plotsKey = key;
    this._plots.textContent = '';
    for (const plot of p.plots) {
      const img = el('img', `${CLASS}-plot`);
      img.src = `data:image/png;base64,${plot.png}`;
      img.alt = plot.alt;
      if (plot.alt) {
        img.title = plot.alt;
      }
      this._plots.append(img);
    }
  }

  private _renderNotices(p: ITutorPayload): void {
    this._notices.textContent = '';
    this._notices.hidden = p.notices.length === 0;
    for (const notice of p.notices) {
      this._notices.append(el('li', `${CLASS}-notice`, notice));
    }
  }

  /**
   * Markdown + LaTeX through JupyterLab's own renderer and typesetter (sanitized: model output is untrusted).
   * Updates arrive faster than MathJax typesets, so renders are coalesced: one in flight, the latest queued.
   */
  private async _renderMd(host: HTMLElement, source: string, slot: 'problem' | 'answer' | 'reasoning'): Promise<void> {
    const state = this._md[slot];
    if (source === state.rendered && !state.running) {
      return;
    }
    state.wanted = source;
    if (state.running) {
      return state.running;
    }
    const run = async (): Promise<void> => {
      while (state.wanted !== state.rendered) {
        const src = state.wanted;
        state.rendered = src;
        host.hidden = src.trim() === '';
        const o = this._options;
        await renderMarkdown({
          host,
          source: normalizeMathDelimiters(src),
          trusted: false,
          sanitizer: o.sanitizer,
          resolver: o.resolver,
          linkHandler: o.linkHandler,
          shouldTypeset: true,
          latexTypesetter: o.latexTypesetter,
          markdownParser: o.markdownParser ?? null,
          translator: o.translator
        });
      }
    };
    state.running = run().finally(() => {
      state.running = null;
    });
    return state.running;
  }

  private _isStale(): boolean {
    return Date.now() - this._receivedAt > STALE_AFTER_MS;
  }

  private _syncTimer(): void {
    const p = this._payload;
    const live = p !== null && p.streaming && p.answer === '' && p.reasoning.trim() !== '';
    if (live && this._timer === null) {
      this._timer = window.setInterval(() => {
        this._updateSummary();
        if (this._isStale()) {
          this._stopTimer();
        }
      }, 1000);
    } else if (!live) {
      this._stopTimer();
    }
  }

  private _stopTimer(): void {
    if (this._timer !== null) {
      window.clearInterval(this._timer);
      this._timer = null;
    }
  }

  private _options: IRenderMime.IRendererOptions;
  private _payload: ITutorPayload | null = null;
  private _receivedAt = 0;
  private _timer: number | null = null;
  private _userToggled = false;
  private _badgeKey: string | null = null;
  private _plotsKey: string | null = null;
  private _md: Record<'problem' | 'answer' | 'reasoning', { rendered: string | null; wanted: string; running: Promise<void> | null }> = {
    problem: { rendered: null, wanted: '', running: null },
    answer: { rendered: null, wanted: '', running: null },
    reasoning: { rendered: null, wanted: '', running: null }
  };
  private _problem: HTMLDivElement;
  private _reasoning: HTMLDetailsElement;
  private _summary: HTMLElement;
  private _reasoningText: HTMLPreElement;
  private _reasoningMd: HTMLDivElement;
  private _answer: HTMLDivElement;
  private _status: HTMLDivElement;
  private _badge: HTMLDivElement;
  private _plots: HTMLDivElement;
  private _notices: HTMLUListElement;
  private _footer: HTMLDivElement;
}
