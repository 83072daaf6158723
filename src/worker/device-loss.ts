/**
 * Telling a lost WebGPU device apart from other failures. tfjs surfaces the loss as whatever call
 * hit the dead device first (typically a buffer's mapAsync), so the text is matched as well as the
 * device's own `lost` promise.
 */
const DEVICE_LOSS_RE = /mapAsync|device (?:is |was |has been )?lost|lost device|GPUDevice|destroyed device/i;

export function isDeviceLossError(e: unknown): boolean {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return DEVICE_LOSS_RE.test(text);
}

export function deviceLossMessage(reason: string, iteration: number, lastSaved: number | null): string {
  const kept =
    lastSaved !== null ? `The autosave at iteration ${lastSaved} is kept.` : 'Nothing of this run was autosaved yet.';
  return `The GPU stopped working (WebGPU device lost: ${reason}) at iteration ${iteration}. ${kept} Continue on wasm (WebAssembly, CPU), which does not need the GPU.`;
}
