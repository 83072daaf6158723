/**
 * Running our own WGSL programs through tfjs-backend-webgpu (4.22): `runWebGPUProgram` compiles a
 * program once per shaderKey (the key must name every constant baked into the WGSL: tfjs adds only
 * input ranks and dtypes to it), binds the inputs as read-only storage buffers and the output as a
 * read-write one, and records the dispatch into tfjs's own command encoder, so our kernels queue up
 * with tfjs's and share its submits, buffer pool and deferred disposal.
 * Limits honoured by every program here: at most 7 inputs (WebGPU's default of 8 storage buffers per
 * stage, output included; see backend/webgpuAddN.ts), and scalars go in as uniforms (tfjs writes a
 * uniform buffer per program anyway) instead of fresh scalar tensors, which would be uploads.
 */
import * as tf from '@tensorflow/tfjs';

/** The structural part of tfjs-backend-webgpu's WebGPUProgram that we fill in (no runtime import). */
export interface Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms?: string;
  /** Ask tfjs for a `size` uniform (the output's element count). */
  size?: boolean;
  getUserCode(): string;
}

export type Uniform = { type: 'int32' | 'float32'; data: number[] };

/** The part of tfjs-backend-webgpu's WebGPUBackend we call (no runtime import of the backend). */
export interface GpuBackend {
  runWebGPUProgram(p: Program, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: Uniform[], output?: tf.TensorInfo): tf.TensorInfo;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

export function gpu(): GpuBackend {
  return tf.backend() as unknown as GpuBackend;
}

/** Run `p` into a new tensor (tracked by the engine like any kernel output: tf.tidy/dispose apply). */
export function run(p: Program, inputs: tf.Tensor[], dtype: tf.DataType, uniforms: Uniform[] = []): tf.Tensor {
  const info = gpu().runWebGPUProgram(p, inputs, dtype, uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * Run `p` writing into an existing tensor we own (the KV caches, the sampled-token record): the
 * program writes only some of its elements, the rest keep their values. The tensor must not also be
 * an input (WebGPU refuses a buffer bound read-only and writable in one dispatch); the program may
 * read its own output buffer (`result`).
 */
export function runInto(p: Program, inputs: tf.Tensor[], out: tf.Tensor, uniforms: Uniform[] = []): void {
  gpu().runWebGPUProgram(p, inputs, out.dtype, uniforms, out);
}

/** A tensor with GPU storage and no defined contents (no upload, no fill dispatch). */
export function uninitialized(shape: number[], dtype: tf.DataType): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(gpu().makeTensorInfo(shape, dtype));
}

/**
 * An on/off switch for one fused path (default on, so tests and the bench can A/B it). `envName`, when
 * given, lets a Node process start with the path off (`NAME=0`: the bench's counting child).
 */
export function fusedSwitch(envName?: string): { on(): boolean; set(on: boolean): boolean } {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  let enabled = envName === undefined || env?.[envName] !== '0';
  return {
    on: () => enabled,
    set(on: boolean): boolean {
      const prev = enabled;
      enabled = on;
      return prev;
    },
  };
}

export const i32 = (v: number): Uniform => ({ type: 'int32', data: [v] });
export const f32 = (v: number): Uniform => ({ type: 'float32', data: [v] });

/** Workgroup-sum over `red` (size WG, a power of two); every thread must call it (barriers). */
export const REDUCE_WGSL = (WG: number) => `
fn reduceSum(tid : i32, v : f32) -> f32 {
  red[tid] = v;
  workgroupBarrier();
  for (var off = ${WG / 2}; off > 0; off = off / 2) {
    if (tid < off) { red[tid] = red[tid] + red[tid + off]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
fn reduceMax(tid : i32, v : f32) -> f32 {
  red[tid] = v;
  workgroupBarrier();
  for (var off = ${WG / 2}; off > 0; off = off / 2) {
    if (tid < off) { red[tid] = max(red[tid], red[tid + off]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}`;
