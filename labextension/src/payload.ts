/**
 * The `application/vnd.r1-tutor.v1+json` payload (tutor/result.py `TutorResult.to_json()`), read defensively:
 * saved notebooks may come from other versions, so every field is optional and type-checked here once.
 */

export const MIME_TYPE = 'application/vnd.r1-tutor.v1+json';

export type VerificationStatus = 'verified' | 'mismatch' | 'unverifiable';

export interface IVerification {
  status: VerificationStatus;
  method: string;
  detail: string;
  expected: string | null;
}

export interface IUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
}

export interface IPlot {
  png: string;
  alt: string;
}

export interface ITutorPayload {
  problem: string;
  mode: string;
  reasoning: string;
  answer: string;
  finalAnswer: string | null;
  finishReason: string | null;
  complete: boolean;
  incompleteReason: string;
  usage: IUsage | null;
  provider: string;
  model: string;
  host: string;
  elapsedS: number;
  thinkingS: number | null;
  streaming: boolean;
  verification: IVerification | null;
  notices: string[];
  plots: IPlot[];
  lang: string | null;
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const STATUSES: VerificationStatus[] = ['verified', 'mismatch', 'unverifiable'];

function readVerification(value: unknown): IVerification | null {
  if (!isObject(value)) {
    return null;
  }
  const status = str(value.status) as VerificationStatus;
  return {
    status: STATUSES.includes(status) ? status : 'unverifiable',
    method: str(value.method),
    detail: str(value.detail),
    expected: strOrNull(value.expected)
  };
}

function readUsage(value: unknown): IUsage | null {
  if (!isObject(value)) {
    return null;
  }
  return {
    promptTokens: num(value.prompt_tokens),
    completionTokens: num(value.completion_tokens),
    reasoningTokens: num(value.reasoning_tokens),
    costUsd: num(value.cost_usd)
  };
}

function readPlots(value: unknown): IPlot[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const plots: IPlot[] = [];
  for (const item of value) {
    // Only base64 PNG data is accepted: the <img> src is built from it, never a URL from the payload.
    if (isObject(item) && typeof item.png === 'string' && /^[A-Za-z0-9+/=\s]+$/.test(item.png)) {
      plots.push({ png: item.png.replace(/\s+/g, ''), alt: str(item.alt) });
    }
  }
  return plots;
}

/** Parse whatever the notebook holds under our MIME type into a fully populated payload. */
export function readPayload(data: unknown): ITutorPayload {
  const d: Json = isObject(data) ? data : {};
  const timings: Json = isObject(d.timings) ? d.timings : {};
  const elapsed = num(d.elapsed_s) ?? num(timings.total_s) ?? 0;
  return {
    problem: str(d.problem),
    mode: str(d.mode, 'solve'),
    reasoning: str(d.reasoning),
    answer: str(d.answer),
    finalAnswer: strOrNull(d.final_answer),
    finishReason: strOrNull(d.finish_reason),
    complete: d.complete === true,
    incompleteReason: str(d.incomplete_reason),
    usage: readUsage(d.usage),
    provider: str(d.provider),
    model: str(d.model),
    host: str(d.host),
    elapsedS: elapsed,
    thinkingS: num(timings.thinking_s),
    streaming: d.streaming === true,
    verification: readVerification(d.verification),
    notices: Array.isArray(d.notices) ? d.notices.filter((n): n is string => typeof n === 'string') : [],
    plots: readPlots(d.plots),
    lang: strOrNull(d.lang)
  };
}

/** "14 s", "2 min 5 s": the reasoning timer's wording. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The cost as a short dollar figure: enough digits to be non-zero, never scientific notation. */
export function formatCost(usd: number): string {
  if (usd === 0) {
    return '$0';
  }
  if (usd >= 1) {
    return `$${usd.toFixed(2)}`;
  }
  // Two significant digits for small amounts ($0.0031), cents otherwise; trailing zeros past cents dropped.
  const digits = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  let text = usd.toFixed(digits);
  while (text.length - text.indexOf('.') > 3 && text.endsWith('0')) {
    text = text.slice(0, -1);
  }
  return `$${text}`;
}

/** The quiet footer's parts: provider · model · tokens (reasoning separately) · cost · time. */
export function footerParts(p: ITutorPayload): string[] {
  const parts: string[] = [];
  if (p.provider) {
    parts.push(p.provider);
  }
  if (p.model) {
    parts.push(p.model);
  }
  const u = p.usage;
  if (u) {
    const total = (u.promptTokens ?? 0) + (u.completionTokens ?? 0);
    if (u.promptTokens !== null || u.completionTokens !== null) {
      let tokens = `${formatInt(total)} tokens`;
      if (u.reasoningTokens !== null) {
        tokens += ` (${formatInt(u.reasoningTokens)} reasoning)`;
      }
      parts.push(tokens);
    }
    if (u.costUsd !== null) {
      parts.push(formatCost(u.costUsd));
    }
  }
  if (!p.streaming && p.elapsedS > 0) {
    parts.push(`${p.elapsedS.toFixed(1)} s`);
  }
  return parts;
}

/**
 * R1 writes LaTeX with \( \) and \[ \] delimiters, which Markdown treats as escaped brackets (the backslash is
 * lost before MathJax sees it). Rewrite them to $ / $$ outside code so JupyterLab's typesetter finds them.
 */
export function normalizeMathDelimiters(markdown: string): string {
  const pieces = markdown.split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/g);
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1) {
        return piece; // code span or fence: leave alone
      }
      return piece
        .replace(/\\\[([\s\S]+?)\\\]/g, (_m, body: string) => `$$${body}$$`)
        .replace(/\\\(([\s\S]+?)\\\)/g, (_m, body: string) => `$${body}$`);
    })
    .join('');
}
