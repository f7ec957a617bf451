/**
 * What "Ask the tutor about this cell" and "Insert practice problem" put in the new cell. Pure functions of the
 * selected cell's JSON so that the wording is in one place.
 */

import type { ICell, IOutput } from '@jupyterlab/nbformat';

// Tracebacks can be hundreds of lines of library frames; the end is what explains the error.
const MAX_TRACEBACK_LINES = 60;

function sourceOf(cell: ICell): string {
  const src = cell.source;
  return (Array.isArray(src) ? src.join('') : src).replace(/\s+$/, '');
}

/** Strip terminal colour codes (IPython tracebacks are ANSI-coloured). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/** The error output(s) of a code cell as plain text, or '' when it ran cleanly. */
export function errorText(outputs: readonly IOutput[]): string {
  const parts: string[] = [];
  for (const out of outputs) {
    if (out.output_type === 'error') {
      const tb = Array.isArray(out.traceback) ? (out.traceback as string[]) : [];
      const text = tb.length ? tb.join('\n') : `${String(out.ename ?? 'Error')}: ${String(out.evalue ?? '')}`;
      parts.push(stripAnsi(text));
    } else if (out.output_type === 'stream' && out.name === 'stderr') {
      const t = Array.isArray(out.text) ? out.text.join('') : String(out.text ?? '');
      if (/Error|Exception|Traceback/.test(t)) {
        parts.push(stripAnsi(t));
      }
    }
  }
  let lines = parts.join('\n').replace(/\s+$/, '').split('\n');
  if (lines.length > MAX_TRACEBACK_LINES) {
    lines = ['…', ...lines.slice(-MAX_TRACEBACK_LINES)];
  }
  return lines.join('\n').trim();
}

function fence(text: string, lang = ''): string {
  // A fence longer than any backtick run inside, so the text cannot close it early.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map(run => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

/**
 * The `%%tutor` cell for a selected cell: a Markdown/raw cell's text is the problem; a code cell is explained
 * (`--mode explain`) with its code and, when it failed, the traceback. Returns null for an empty cell.
 */
export function askCellSource(cell: ICell): string | null {
  const src = sourceOf(cell);
  if (cell.cell_type !== 'code') {
    return src.trim() ? `%%tutor\n${src.trim()}` : null;
  }
  const outputs = (Array.isArray(cell.outputs) ? cell.outputs : []) as IOutput[];
  const err = errorText(outputs);
  if (!src.trim() && !err) {
    return null;
  }
  const body = [err ? 'Explain this code and the error it raised.' : 'Explain this code.', '', fence(src, 'python')];
  if (err) {
    body.push('', 'Error:', fence(err));
  }
  return `%%tutor --mode explain\n${body.join('\n')}`;
}

export const DEFAULT_PRACTICE_TOPIC = 'derivatives';

/** The `%tutor practice` cell (a comment first, so the student sees what to change). */
export function practiceCellSource(topic: string = DEFAULT_PRACTICE_TOPIC): string {
  const t = topic.trim().replace(/\s+/g, '-') || DEFAULT_PRACTICE_TOPIC;
  return `# Practice with the tutor: change the topic or --level (1-3), then run this cell.\n%tutor practice ${t} --n 5 --level 1`;
}
