/** Typed engine errors: a stable code for programs, a human message for people. Crosses the worker boundary as {code, message}. */
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

export class LabError extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** Plain-object form for postMessage / comlink. */
export function toErrorInfo(e: unknown): { code: LabErrorCode; message: string } {
  if (e instanceof LabError) return { code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
}
