/**
 * Typed engine errors: a stable code for programs, a human message for people. Every failure crosses
 * the worker boundary (and reaches the CLI's `error:` line) in one shape, ErrorInfo, made by toErrorInfo.
 */
export type LabErrorCode =
  | 'bad-settings'
  | 'backend-unavailable'
  | 'checkpoint-corrupt'
  | 'checkpoint-foreign'
  | 'checkpoint-missing'
  | 'storage-quota'
  | 'non-finite'
  | 'busy'
  | 'internal';

const CODES: ReadonlySet<string> = new Set<LabErrorCode>([
  'bad-settings', 'backend-unavailable', 'checkpoint-corrupt', 'checkpoint-foreign', 'checkpoint-missing',
  'storage-quota', 'non-finite', 'busy', 'internal',
]);

export function isLabErrorCode(x: unknown): x is LabErrorCode {
  return typeof x === 'string' && CODES.has(x);
}

export class LabError extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** The one plain-object form of an error, for postMessage / comlink and logs. */
export interface ErrorInfo {
  code: LabErrorCode;
  message: string;
}

/**
 * A training iteration whose loss or gradient was not finite: the engine skipped its update and kept
 * the last good weights (IterationMetrics.skipped). Callers that pause on it report this error.
 */
export function skippedUpdateError(iter: number): LabError {
  return new LabError(
    'non-finite',
    `Iteration ${iter} produced a non-finite loss or gradient; its update was skipped, training paused and the last good weights kept.`,
  );
}

/** Any thrown value → ErrorInfo. Unknown failures become 'internal' with whatever text they carry. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof LabError) return { code: e.code, message: e.message || e.code };
  if (typeof e === 'object' && e !== null) {
    const o = e as Record<string, unknown>;
    // Already an ErrorInfo (or a wire form of one), e.g. rethrown after crossing the worker boundary.
    if (!(e instanceof Error) && isLabErrorCode(o.code) && typeof o.message === 'string') return { code: o.code, message: o.message };
    // Browsers signal a full disk / IndexedDB quota with a DOMException of this name.
    if (o.name === 'QuotaExceededError') return { code: 'storage-quota', message: messageOf(e) };
  }
  return { code: 'internal', message: messageOf(e) };
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name || 'unknown error';
  if (typeof e === 'string') return e || 'unknown error';
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}
