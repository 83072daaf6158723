/**
 * tfjs-backend-webgpu 4.22 binds every AddN input as its own storage buffer, and WebGPU allows 8
 * storage buffers per shader stage by default: an addN over more inputs (e.g. the global gradient
 * norm over all parameters: 16 for tiny, 27 for classroom) builds an invalid pipeline, Dawn only
 * logs a validation error and the result is garbage, so PPO and SFT would silently fail on WebGPU.
 * Fixed where the bug lives, for every caller: the kernel is re-registered to sum in chunks of at
 * most 6 inputs (same result, a few more dispatches). Called once when WebGPU is activated.
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

export function chunkWebGpuAddN(maxInputs = 6): boolean {
  const k = tf.getKernel('AddN', 'webgpu');
  if (!k || (k as unknown as { chunked?: boolean }).chunked) return false;
  const orig = k.kernelFunc;
  const kernelFunc = (args: KernelArgs) => {
    const ts = args.inputs as unknown as tf.TensorInfo[];
    if (ts.length <= maxInputs) return orig(args);
    const run = (inputs: tf.TensorInfo[]) => orig({ ...args, inputs: inputs as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
    let acc = run(ts.slice(0, maxInputs));
    for (let i = maxInputs; i < ts.length; i += maxInputs - 1) {
      const next = run([acc, ...ts.slice(i, i + maxInputs - 1)]);
      (args.backend as unknown as { disposeData(id: object): void }).disposeData(acc.dataId);
      acc = next;
    }
    return acc;
  };
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ ...k, kernelFunc, chunked: true } as tf.KernelConfig);
  return true;
}
