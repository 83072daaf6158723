/**
 * Backend selection for tfjs: WebGPU on a hardware adapter, else wasm, else cpu.
 *
 * Why not just tf.setBackend('webgpu'): on machines without a GPU, Chromium offers a SOFTWARE
 * WebGPU adapter (SwiftShader) that is far slower than wasm for our model (bench/RESULTS.md: seconds
 * per generation call),
 * so 'auto' must look at the adapter first. We probe it ourselves (adapter.info —
 * requestAdapterInfo() no longer exists) and register our own 'webgpu' factory built on that very
 * adapter, so the backend tfjs starts is the one we reported. This also lets Node callers pass a
 * GPU object (opts.gpu) from the `webgpu` npm package, since Node has no navigator.gpu.
 *
 * Rules: an explicit choice either works or throws BackendError, a LabError('backend-unavailable')
 * carrying the reason (never a silent switch), and never probes; 'auto' times the preset's work on
 * WebGPU and wasm when there is a hardware adapter (probe.ts), may fall back, and says why in
 * BackendInfo.reason (measurements in BackendInfo.probe). Works in a window, a worker and Node (no DOM).
 * The webgpu and wasm backends are imported lazily so callers only pay for what they use.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdapterInfo, BackendChoice, BackendInfo, BackendName, BackendProbe } from '../api';
import { getPreset } from '../config/presets';
import { LabError } from '../errors';
import { PROBE_BUDGET_MS, probeKey, processProbeCache, runProbe, type ProbeCache } from './probe';
import { makeProbeRunner, probeWorkFor, type ProbeWork } from './probeWork';
import { chunkWebGpuAddN } from './webgpuAddN';

/** A backend that cannot start: a LabError('backend-unavailable') whose message is the reason. */
export class BackendError extends LabError {
  constructor(readonly backend: BackendName, reason: string) {
    super('backend-unavailable', reason);
    this.name = 'BackendError';
  }
}

export interface SelectBackendOptions {
  /** Where tfjs-backend-wasm's .wasm files are served from (prefix ending in '/'). */
  wasmPaths?: string;
  /** A WebGPU entry point to use instead of navigator.gpu (Node: `create([])` from 'webgpu',
   *  after `Object.assign(globalThis, globals)` so GPUBufferUsage etc. exist). */
  gpu?: GPU;
  /** Multithreaded wasm. Default: only when crossOriginIsolated (SharedArrayBuffer needs it).
   *  Note: minified Vite builds break threaded wasm (setBackend never resolves): pass false there. */
  wasmThreads?: boolean;
  /** setBackend that hangs becomes a BackendError after this long. Default 60 s. */
  timeoutMs?: number;
  /** How `auto` probes (ignored by forced choices, which never probe). */
  probe?: AutoProbeOptions;
}

export interface AutoProbeOptions {
  /** The preset's work to time (probeWork.ts). Default: the classroom preset at batch 32. */
  work?: ProbeWork;
  /** Where decisions are kept per device and preset. Default: this process's memory. */
  cache?: ProbeCache;
  /** The whole probe's time budget. Default PROBE_BUDGET_MS (3 s). */
  budgetMs?: number;
  /** Tests only: let a software adapter (SwiftShader) compete; it is never a candidate otherwise. */
  includeSoftwareAdapter?: boolean;
  now?: () => number;
}

/** Adapters whose names betray a CPU rasterizer, for browsers that do not set isFallbackAdapter. */
const SOFTWARE_RE = /swiftshader|llvmpipe|lavapipe|softpipe|basic render|warp/i;

interface Probe {
  adapter: GPUAdapter | null;
  info: AdapterInfo | null;
  why: string; // why there is no adapter (when adapter is null)
}

function gpuEntry(opts: SelectBackendOptions): GPU | undefined {
  if (opts.gpu) return opts.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu;
}

async function probeWebGPU(opts: SelectBackendOptions): Promise<Probe> {
  const gpu = gpuEntry(opts);
  if (!gpu) return { adapter: null, info: null, why: 'WebGPU is not available here (no navigator.gpu)' };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { adapter: null, info: null, why: `WebGPU requestAdapter failed (${errMsg(e)})` };
  }
  if (!adapter) return { adapter: null, info: null, why: 'WebGPU has no adapter (requestAdapter returned null)' };
  const raw = ((adapter as { info?: GPUAdapterInfo }).info ?? {}) as Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  const vendor = raw.vendor ?? '';
  const architecture = raw.architecture ?? '';
  const description = raw.description || raw.device || '';
  const flagged = raw.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  const isFallback = flagged || SOFTWARE_RE.test(`${vendor} ${architecture} ${description}`);
  return { adapter, info: { vendor, architecture, description, isFallback }, why: '' };
}

/** The WebGPU adapter `auto` would consider (no backend is started): its info, or why there is none. */
export async function findWebGPUAdapter(opts: SelectBackendOptions = {}): Promise<{ info: AdapterInfo | null; why: string }> {
  const pr = await probeWebGPU(opts);
  return { info: pr.info, why: pr.why };
}

function adapterName(a: AdapterInfo): string {
  return [a.vendor, a.architecture, a.description].filter(Boolean).join(' / ') || 'unnamed adapter';
}

function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * tf.setBackend with a timeout; false, a throw or a hang all become BackendError. On failure the
 * previously active backend is restored: tfjs itself would leave the engine pointing at the failed
 * backend with no instance, breaking every later op.
 */
async function activate(name: BackendName, timeoutMs: number): Promise<void> {
  const engine = tf.engine() as unknown as { backendName: string | null };
  const prev = engine.backendName;
  // tfjs moves tensors between backends lazily with a SYNCHRONOUS read from the old backend; on
  // WebGPU that is the dataSync path that fails (or corrupts the device). Refuse instead.
  const onGpu = prev === 'webgpu' && name !== 'webgpu' ? tf.engine().backend.numDataIds() : 0;
  if (onGpu > 0)
    throw new BackendError(name, `cannot switch from webgpu to ${name} while ${onGpu} tensors live on WebGPU: ` +
      'read weights out first (await model.getWeights()), dispose the models, then switch');
  try {
    await trySetBackend(name, timeoutMs);
  } catch (e) {
    if (prev && prev !== name) await tf.setBackend(prev).catch(() => false);
    throw e;
  }
}

async function trySetBackend(name: BackendName, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), timeoutMs)));
  let ok: boolean | 'timeout';
  try {
    ok = await Promise.race([tf.setBackend(name), timeout]);
  } catch (e) {
    throw new BackendError(name, `tfjs backend '${name}' failed to initialize: ${errMsg(e)}`);
  } finally {
    clearTimeout(timer);
  }
  if (ok === 'timeout') throw new BackendError(name, `tfjs backend '${name}' did not initialize within ${timeoutMs} ms`);
  if (!ok) throw new BackendError(name, `tfjs backend '${name}' failed to initialize (setBackend returned false)`);
  await tf.ready();
  // Smoke test: catches devices that initialize but cannot compute or read back.
  const t = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
  try {
    const v = await t.data();
    if (v[0] !== 2 || v[1] !== 3) throw new Error(`got ${Array.from(v)}`);
  } catch (e) {
    throw new BackendError(name, `tfjs backend '${name}' computes wrong results: ${errMsg(e)}`);
  } finally {
    t.dispose();
  }
}

/**
 * tfjs-backend-webgpu refuses to start unless globalThis.navigator.gpu exists. In Node (no
 * navigator.gpu) we expose the caller's GPU object there; browsers keep their own.
 */
function exposeGpu(gpu: GPU | undefined): void {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!gpu || g.navigator?.gpu) return;
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

async function useWebGPU(adapter: GPUAdapter, info: AdapterInfo, opts: SelectBackendOptions, timeoutMs: number): Promise<void> {
  exposeGpu(opts.gpu);
  const engine = tf.engine() as unknown as { backendName: string | null; registry: Record<string, unknown> };
  if (engine.backendName === 'webgpu') return; // already running; re-registering would drop its tensors
  // Started earlier (e.g. webgpu → wasm → webgpu): reuse it, tensors may still live on it.
  if (engine.registry['webgpu']) return activate('webgpu', timeoutMs);
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // The package registers its own factory (on navigator.gpu's default adapter) when navigator.gpu
  // exists; replace it with one bound to the adapter we probed and reported.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  // Create the device here rather than inside the factory: tfjs swallows factory errors (it only
  // logs them and returns false), and we want the real reason in the BackendError.
  let device: GPUDevice;
  try {
    // Same device requirements as tfjs-backend-webgpu's own factory.
    const features: GPUFeatureName[] = [];
    if (adapter.features.has('timestamp-query')) features.push('timestamp-query');
    const l = adapter.limits;
    device = await adapter.requestDevice({
      requiredFeatures: features,
      requiredLimits: {
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      },
    });
  } catch (e) {
    throw new BackendError('webgpu', `WebGPU requestDevice failed on ${adapterName(info)}: ${errMsg(e)}`);
  }
  const adapterInfo = { vendor: info.vendor, architecture: info.architecture } as GPUAdapterInfo;
  let backend: InstanceType<typeof WebGPUBackend>;
  try {
    backend = new WebGPUBackend(device, adapterInfo); // constructed here so its errors are not swallowed
  } catch (e) {
    device.destroy();
    throw new BackendError('webgpu', `tfjs WebGPU backend could not be created: ${errMsg(e)}`);
  }
  tf.registerBackend('webgpu', () => backend, 3);
  chunkWebGpuAddN();
  await activate('webgpu', timeoutMs);
}

async function useWasm(opts: SelectBackendOptions, timeoutMs: number): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
  const threads = opts.wasmThreads ?? (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  // Threads need SharedArrayBuffer (crossOriginIsolated); without it tfjs would still try and fail.
  if (!threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await activate('wasm', timeoutMs);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const n = mt ? wasm.getThreadsCount() : 1;
  return `SIMD ${simd ? 'on' : 'off'}, ${n} thread${n === 1 ? '' : 's'}`;
}

/** Pick and initialize a tfjs backend. See the file comment for the policy. */
export async function selectBackend(choice: BackendChoice, opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  switch (choice) {
    case 'cpu':
      await activate('cpu', timeoutMs);
      return { backend: 'cpu', adapter: null, reason: 'cpu requested (plain JavaScript kernels, slowest)' };
    case 'wasm': {
      const detail = await useWasm(opts, timeoutMs);
      return { backend: 'wasm', adapter: null, reason: `wasm requested (${detail})` };
    }
    case 'webgpu': {
      const pr = await probeWebGPU(opts);
      if (!pr.adapter || !pr.info) throw new BackendError('webgpu', `${pr.why}; cannot force WebGPU`);
      await useWebGPU(pr.adapter, pr.info, opts, timeoutMs);
      const reason = pr.info.isFallback
        ? `WebGPU forced on a software adapter (${adapterName(pr.info)}): expect slow training`
        : `WebGPU requested, hardware adapter (${adapterName(pr.info)})`;
      return { backend: 'webgpu', adapter: pr.info, reason };
    }
    case 'auto':
      return selectAuto(opts, timeoutMs);
    default:
      throw new LabError('bad-settings', `unknown backend choice ${JSON.stringify(choice)} (expected auto, webgpu, wasm or cpu)`);
  }
}

/** The active backend when it holds tensors: auto must not switch away from a loaded run. */
function liveTensors(): { backend: BackendName; n: number } | null {
  const name = (tf.engine() as unknown as { backendName: string | null }).backendName;
  if (name !== 'webgpu' && name !== 'wasm') return null; // tf.memory() would start a backend when none runs
  const n = tf.memory().numTensors;
  return n > 0 ? { backend: name, n } : null;
}

/** Without a probe option: the shipped classroom preset at the default RL batch and a world-sized vocabulary. */
function defaultWork(): ProbeWork {
  return probeWorkFor(getPreset('classroom'), 1400, 32);
}

function skipped(why: string, key = ''): BackendProbe {
  return { status: 'skipped', key, chosen: 'wasm', why, measurements: [], elapsedMs: 0, budgetMs: 0 };
}

async function wasmOrCpu(why: string, probe: BackendProbe, adapter: AdapterInfo | null, hint: string, opts: SelectBackendOptions, timeoutMs: number): Promise<BackendInfo> {
  try {
    const detail = await useWasm(opts, timeoutMs);
    return { backend: 'wasm', adapter, reason: `${why}: using wasm (${detail})${hint}`, probe: { ...probe, chosen: 'wasm' } };
  } catch (e) {
    await activate('cpu', timeoutMs);
    return { backend: 'cpu', adapter, reason: `${why}; wasm failed too (${errMsg(e)}): using cpu`, probe: { ...probe, chosen: 'cpu' } };
  }
}

/**
 * auto: WebGPU is a candidate only on a hardware adapter (or a software one a test lets in); then a
 * short timed probe of the preset's work on WebGPU and wasm decides, cached per device and preset.
 * No candidate adapter: wasm without a probe (cpu when wasm cannot start).
 */
async function selectAuto(opts: SelectBackendOptions, timeoutMs: number): Promise<BackendInfo> {
  const pr = await probeWebGPU(opts);
  const po = opts.probe ?? {};
  const soft = pr.info?.isFallback ? '; add ?backend=webgpu to force it' : '';
  if (!pr.adapter || !pr.info || (pr.info.isFallback && po.includeSoftwareAdapter !== true)) {
    const why = pr.info ? `WebGPU adapter is software (${adapterName(pr.info)})` : pr.why;
    return wasmOrCpu(why, skipped(`${why}: wasm is the only candidate`), pr.info, soft, opts, timeoutMs);
  }
  const adapter = pr.adapter, info = pr.info;
  const work = po.work ?? defaultWork();
  const key = probeKey(info, work.name);
  const cache = po.cache ?? processProbeCache;
  let cacheNote = '';
  let result = await cache.get(key).catch((e: unknown) => {
    cacheNote = ` (probe cache unreadable: ${errMsg(e)})`;
    return undefined;
  });
  const live = liveTensors();
  if (live && result?.chosen !== live.backend) {
    // Switching would move a loaded run's tensors (and from WebGPU needs a synchronous read): stay.
    const why = `kept ${live.backend} without a probe: ${live.n} tensors of a loaded run live there`;
    const probe = skipped(why, key);
    if (live.backend === 'wasm') return wasmOrCpu(why, probe, info, '', opts, timeoutMs);
    await useWebGPU(adapter, info, opts, timeoutMs);
    return { backend: 'webgpu', adapter: info, reason: why, probe: { ...probe, chosen: 'webgpu' } };
  }
  if (result) result = { ...result, status: 'cached' };
  else {
    const now = po.now ?? (() => performance.now());
    result = await runProbe({
      candidates: ['wasm', 'webgpu'],
      activate: async (b) => {
        if (b === 'webgpu') await useWebGPU(adapter, info, opts, timeoutMs);
        else await useWasm(opts, timeoutMs);
      },
      makeRunner: () => makeProbeRunner(work),
      now,
      budgetMs: po.budgetMs ?? PROBE_BUDGET_MS,
      shape: work.shape,
      key,
    });
    await cache.set(key, result).catch((e: unknown) => (cacheNote = ` (probe result not cached: ${errMsg(e)})`));
  }
  const probe = { ...result, why: result.why + cacheNote };
  const from = result.status === 'cached' ? 'cached probe' : 'probe';
  if (result.chosen === 'webgpu') {
    try {
      await useWebGPU(adapter, info, opts, timeoutMs);
      return { backend: 'webgpu', adapter: info, reason: `WebGPU on ${info.isFallback ? 'software' : 'hardware'} adapter (${adapterName(info)}), ${from}: ${probe.why}`, probe };
    } catch (e) {
      return wasmOrCpu(`WebGPU adapter ${adapterName(info)} failed to start (${errMsg(e)})`, probe, info, '', opts, timeoutMs);
    }
  }
  const why = `WebGPU adapter ${adapterName(info)} not used, ${from}: ${probe.why}`;
  return wasmOrCpu(why, probe, info, '; add ?backend=webgpu to force it', opts, timeoutMs);
}
