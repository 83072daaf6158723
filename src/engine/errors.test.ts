import { describe, expect, it } from 'vitest';
import { BackendError } from './backend/select';
import { LabError, skippedUpdateError, toErrorInfo } from './errors';

describe('toErrorInfo: one wire shape for every failure', () => {
  it('keeps a LabError code and message', () => {
    expect(toErrorInfo(new LabError('busy', 'wait'))).toEqual({ code: 'busy', message: 'wait' });
  });
  it('a backend that cannot start is backend-unavailable with its reason', () => {
    const e = new BackendError('webgpu', 'WebGPU has no adapter (requestAdapter returned null); cannot force WebGPU');
    expect(e).toBeInstanceOf(LabError);
    expect(e.backend).toBe('webgpu');
    expect(toErrorInfo(e)).toEqual({ code: 'backend-unavailable', message: 'WebGPU has no adapter (requestAdapter returned null); cannot force WebGPU' });
  });
  it('a skipped update is non-finite and names the iteration', () => {
    expect(toErrorInfo(skippedUpdateError(12))).toMatchObject({ code: 'non-finite', message: expect.stringMatching(/Iteration 12 .*skipped/) });
  });
  it('passes an ErrorInfo that already crossed the boundary through, with nothing extra', () => {
    expect(toErrorInfo({ __labError: true, code: 'checkpoint-corrupt', message: 'bad' })).toEqual({ code: 'checkpoint-corrupt', message: 'bad' });
    expect(toErrorInfo({ code: 'no-such-code', message: 'x' })).toEqual({ code: 'internal', message: 'x' });
  });
  it('a quota DOMException becomes storage-quota', () => {
    const e = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    expect(toErrorInfo(e)).toEqual({ code: 'storage-quota', message: 'The quota has been exceeded.' });
  });
  it('anything else is internal with the text it carries', () => {
    expect(toErrorInfo(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
    expect(toErrorInfo('plain')).toEqual({ code: 'internal', message: 'plain' });
    expect(toErrorInfo(undefined)).toEqual({ code: 'internal', message: 'undefined' });
    expect(toErrorInfo(null)).toEqual({ code: 'internal', message: 'null' });
    expect(toErrorInfo({ weird: 1 })).toEqual({ code: 'internal', message: '{"weird":1}' });
    expect(toErrorInfo(new Error(''))).toEqual({ code: 'internal', message: 'Error' });
  });
});
