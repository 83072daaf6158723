/**
 * Counting WebGPU work: wraps a GPU entry point (the `webgpu` npm package's `create([])`, or
 * navigator.gpu) so that the adapter, device, queue, command encoders and compute passes it hands
 * out count what tfjs-backend-webgpu asks of them. Framework-free; no tfjs import.
 *
 * What is counted (tfjs-backend-webgpu 4.22's paths):
 * - dispatches: ComputePassEncoder.dispatchWorkgroups (one per GPU program run);
 * - passes: CommandEncoder.beginComputePass;
 * - submits: Queue.submit;
 * - uploads: tensor data written to the GPU — Queue.writeBuffer into a non-uniform buffer, or a buffer
 *   created with mappedAtCreation (tfjs writes tensor values through such a mapped buffer, directly
 *   or as a staging copy);
 * - uniformWrites: Queue.writeBuffer into a UNIFORM buffer (tfjs writes one per program that has
 *   shape uniforms; they ride in the same submit, so they are listed apart from data uploads);
 * - readbacks: GPUBuffer.mapAsync (tfjs maps a staging buffer per `await t.data()`).
 * Only objects the wrapper handed out are counted; the native objects themselves are untouched
 * except for a mapAsync counter on buffers the wrapped device created.
 */

export interface GpuCounts {
  dispatches: number;
  passes: number;
  submits: number;
  uploads: number;
  uniformWrites: number;
  readbacks: number;
}

export const ZERO_COUNTS: GpuCounts = { dispatches: 0, passes: 0, submits: 0, uploads: 0, uniformWrites: 0, readbacks: 0 };

export function subCounts(a: GpuCounts, b: GpuCounts): GpuCounts {
  const out = { ...ZERO_COUNTS };
  for (const k of Object.keys(out) as (keyof GpuCounts)[]) out[k] = a[k] - b[k];
  return out;
}

export function scaleCounts(a: GpuCounts, f: number): GpuCounts {
  const out = { ...ZERO_COUNTS };
  for (const k of Object.keys(out) as (keyof GpuCounts)[]) out[k] = a[k] * f;
  return out;
}

/** GPUBufferUsage.UNIFORM (a constant of the WebGPU spec; globals may be absent in Node). */
const USAGE_UNIFORM = 0x0040;

type Hooks = Record<string | symbol, (target: never, ...args: never[]) => unknown>;

/**
 * A Proxy whose methods run on the native target (Dawn's objects check `this`), with `hooks` run
 * instead of the named methods (hook(target, ...args) returns what the caller gets) and `props`
 * read instead of the named properties.
 */
function wrap<T extends object>(target: T, hooks: Hooks, props: Record<string, unknown> = {}): T {
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'string' && prop in props) return props[prop];
      const hook = hooks[prop];
      if (hook) return (...args: never[]) => hook(t as never, ...args);
      const v = Reflect.get(t, prop, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

export class GpuCounter {
  readonly counts: GpuCounts = { ...ZERO_COUNTS };

  snapshot(): GpuCounts {
    return { ...this.counts };
  }

  /** Counts of what `fn` did (everything it awaited included). */
  async measure(fn: () => Promise<unknown>): Promise<GpuCounts> {
    const before = this.snapshot();
    await fn();
    return subCounts(this.snapshot(), before);
  }

  /** The GPU entry point to give tfjs (selectBackend's opts.gpu) instead of `gpu`. */
  wrapGpu(gpu: GPU): GPU {
    return wrap(gpu, {
      requestAdapter: async (t: GPU, opts?: GPURequestAdapterOptions) => {
        const a = await t.requestAdapter(opts);
        return a && this.wrapAdapter(a);
      },
    });
  }

  private wrapAdapter(adapter: GPUAdapter): GPUAdapter {
    return wrap(adapter, {
      requestDevice: async (t: GPUAdapter, desc?: GPUDeviceDescriptor) => this.wrapDevice(await t.requestDevice(desc)),
    });
  }

  private wrapDevice(device: GPUDevice): GPUDevice {
    const c = this.counts;
    const queue = wrap(device.queue, {
      submit: (t: GPUQueue, bufs: Iterable<GPUCommandBuffer>) => {
        c.submits++;
        return t.submit(bufs);
      },
      writeBuffer: (t: GPUQueue, buffer: GPUBuffer, ...rest: never[]) => {
        if (buffer.usage & USAGE_UNIFORM) c.uniformWrites++;
        else c.uploads++;
        return (t.writeBuffer as (...a: unknown[]) => void)(buffer, ...rest);
      },
    });
    const pass = (p: GPUComputePassEncoder) =>
      wrap(p, {
        dispatchWorkgroups: (t: GPUComputePassEncoder, x: number, y?: number, z?: number) => {
          c.dispatches++;
          return t.dispatchWorkgroups(x, y, z);
        },
      });
    const encoder = (e: GPUCommandEncoder) =>
      wrap(e, {
        beginComputePass: (t: GPUCommandEncoder, d?: GPUComputePassDescriptor) => {
          c.passes++;
          return pass(t.beginComputePass(d));
        },
      });
    return wrap(device, {
      createCommandEncoder: (t: GPUDevice, d?: GPUCommandEncoderDescriptor) => encoder(t.createCommandEncoder(d)),
      createBuffer: (t: GPUDevice, d: GPUBufferDescriptor) => {
        const b = t.createBuffer(d);
        if (d.mappedAtCreation) c.uploads++;
        // The buffer itself goes into bind groups, so it must stay native: count on the instance.
        const mapAsync = b.mapAsync.bind(b);
        Object.defineProperty(b, 'mapAsync', {
          value: (...args: Parameters<GPUBuffer['mapAsync']>) => {
            c.readbacks++;
            return mapAsync(...args);
          },
        });
        return b;
      },
    }, { queue });
  }
}
