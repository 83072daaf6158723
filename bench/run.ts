/**
 * npm run bench -- [--backends cpu,wasm,webgpu] [--presets tiny,classroom,lab] [--repeats 3] [--warmup 1]
 *                  [--rows gen,sft,rl,lab] [--peer auto|cpu|cuda|off] [--peer-threads N] [--python PATH]
 *                  [--no-check] [--no-counts] [--json] [--json-out FILE] [--markdown]
 *
 * Our tfjs engine on every Node backend vs the same model and RL step in PyTorch (bench/peer/peer.py),
 * with a numerical cross-check of both on the same weights and batches. See bench/README.md.
 * Progress goes to stderr; the table (or, with --json, one JSON object) to stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, PresetName, Role } from '../src/engine/api';
import { findWebGPUAdapter, selectBackend } from '../src/engine/backend/select';
import { memoryProbeCache } from '../src/engine/backend/probe';
import { probeWorkFor } from '../src/engine/backend/probeWork';
import { DEFAULT_SETTINGS } from '../src/engine/config/settings';
import { getPreset } from '../src/engine/config/presets';
import { loadPresetAssets, loadRewardLM, type PresetAssets } from './lib/assets';
import { compareCheck, makeCheckInputs, ourCheckOutputs, type CheckInputs, type CheckOutputs, type CheckReport } from './lib/check';
import { removeDir, tempDir } from './lib/exchange';
import { benchGenerate, benchLab, benchRlCompute, benchSft, modelFrom } from './lib/ours';
import { describeBlas, requireFastBlas, SlowPeerBlasError, TORCH_INSTALL, type BlasVerdict } from './lib/blas';
import { buildPeerTask, DEFAULT_PYTHON, probePeer, runPeer, type PeerInfo, type PeerProbe, type PeerResult } from './lib/peer';
import { COUNT_HEADER, countPreset, countRows, type PresetCounts } from './lib/counts';
import { GpuCounter } from './lib/gpuCounts';
import { fmt, renderMarkdown, renderTable } from './lib/table';
import { makeWorkload, type Workload } from './lib/workload';

type Flags = Record<string, string | boolean>;

function parseFlags(argv: string[]): Flags {
  const out: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = true;
  }
  return out;
}

const KNOWN = ['backends', 'presets', 'repeats', 'warmup', 'rows', 'peer', 'peer-threads', 'python', 'no-check', 'no-peer', 'no-counts', 'json', 'json-out', 'markdown', 'help'];
const ALL_BACKENDS: BackendName[] = ['cpu', 'wasm', 'webgpu'];
const ALL_ROWS = ['gen', 'sft', 'rl', 'lab'];

const log = (s: string) => process.stderr.write(s + '\n');
/** Where the tfjs-backend-wasm binaries are (the GPU bundle ships them beside bench.mjs). */
const WASM_PATHS = process.env.LAB_WASM_PATHS || undefined;

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The environment under which Dawn finds a Vulkan driver: {} when the caller set one or the system
 * has a loader, Chromium's SwiftShader when only that exists, null when there is none.
 */
function vulkanEnv(): Record<string, string> | null {
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES) return {};
  const system = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'].some(existsSync);
  if (system) return {};
  if (!existsSync(SWIFTSHADER_ICD)) return null;
  return { VK_ICD_FILENAMES: SWIFTSHADER_ICD, LD_LIBRARY_PATH: ['/usr/lib/chromium', process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
}

/** Node has no Vulkan loader here: SwiftShader's ships with Chromium. Re-run ourselves with it. */
function reexecForVulkan(backends: BackendName[]): void {
  if (!backends.includes('webgpu') || process.env.LAB_BENCH_CHILD) return;
  const env = vulkanEnv();
  if (!env || Object.keys(env).length === 0) return;
  log('bench: no system Vulkan loader; re-running with Chromium\'s SwiftShader (LD_LIBRARY_PATH=/usr/lib/chromium)');
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...env, LAB_BENCH_CHILD: '1' } });
  process.exit(r.status ?? 1);
}

/**
 * The WebGPU call counts run in a child process (this same script with LAB_BENCH_COUNTS=1) under
 * the Vulkan environment, so they exist on every machine that has SwiftShader or a GPU, whatever
 * backends the timed rows used. Returns the child's JSON, or the reason there is none.
 */
function runCountsChild(presets: PresetName[]): { counts: CountsReport | null; skip: string } {
  const env = vulkanEnv();
  if (!env) return { counts: null, skip: `no Vulkan driver for WebGPU in Node (install chromium for SwiftShader at ${SWIFTSHADER_ICD})` };
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--presets', presets.join(',')], {
    env: { ...process.env, ...env, LAB_BENCH_COUNTS: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return { counts: null, skip: `counting run failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})` };
  return { counts: JSON.parse(r.stdout.trim().split('\n').pop()!) as CountsReport, skip: '' };
}

interface CountsReport {
  adapter: string;
  presets: Record<string, PresetCounts>;
}

/** LAB_BENCH_COUNTS=1: count WebGPU work per preset on whatever adapter Dawn offers; JSON on stdout. */
async function countsMain(presets: PresetName[]): Promise<void> {
  const counter = new GpuCounter();
  const info = await selectBackend('webgpu', { gpu: counter.wrapGpu(await nodeGpu()) });
  const a = info.adapter;
  const name = a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' / ') + (a.isFallback ? ' (software adapter)' : '') : info.reason;
  const out: CountsReport = { adapter: name, presets: {} };
  for (const p of presets) {
    const a = await loadPresetAssets(p);
    out.presets[p] = await countPreset(counter, a, makeWorkload(getPreset(p), a.config));
    log(`bench: counted WebGPU work for ${p} in ${out.presets[p].wallS.toFixed(0)} s`);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

async function nodeGpu(): Promise<GPU> {
  const mod = (await import('webgpu')) as unknown as { create: (o: string[]) => GPU; globals: object };
  Object.assign(globalThis, mod.globals);
  return mod.create([]);
}

interface Result {
  preset: PresetName;
  backend: string; // cpu | wasm | webgpu | torch
  row: string;
  unit: 'tok/s' | 'ms';
  value: number;
  ms: number[];
  extra?: Record<string, unknown>;
}

/** The timed block shapes (every preset shares the typical world game, preset.typicalGame). */
const GAME = getPreset('classroom').typicalGame;
const ROW_INFO: Record<string, { unit: 'tok/s' | 'ms'; what: string }> = {
  'gen.attacker': { unit: 'tok/s', what: `generation, attacker layout, B=32, P=${GAME.attacker.promptLen} + N=${GAME.attacker.maxNew}, no early stop` },
  'gen.defender': { unit: 'tok/s', what: `generation, defender layout, B=32, P=${GAME.defender.promptLen} + N=${GAME.defender.maxNew}, no early stop` },
  'sft.step': { unit: 'ms', what: 'one warm-start SFT step: 16 attacker + 16 defender rows, clip 1.0, Adam' },
  'rl.compute': { unit: 'ms', what: 'RL compute, fixed shapes: generate 16 attacker + 32 defender rows, score policy+ref, advantages, PPO epoch (2 minibatches)' },
  'rl.lab.step': { unit: 'ms', what: 'createLab(batch 32) then lab.step(): real games (stop at <eos>), reward LM, metrics (no peer counterpart)' },
  'lab.first': { unit: 'ms', what: 'first transcript: createLab(batch 32) + its first lab.step(), wall clock, one sample per run (no peer counterpart)' },
};

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.help) {
    process.stdout.write(`${(await import('node:fs')).readFileSync(new URL(import.meta.url)).toString().split('*/')[0]}*/\n`);
    return;
  }
  for (const k of Object.keys(flags)) if (!KNOWN.includes(k)) throw new Error(`unknown flag --${k} (known: ${KNOWN.join(', ')})`);
  const explicitBackends = typeof flags.backends === 'string';
  const asked = (explicitBackends ? String(flags.backends).split(',') : ALL_BACKENDS).map((b) => b.trim()) as BackendName[];
  for (const b of asked) if (!ALL_BACKENDS.includes(b)) throw new Error(`--backends: unknown backend ${b}`);
  // Fixed order, WebGPU last: leaving WebGPU needs every tensor off it first (select.ts).
  const backends = ALL_BACKENDS.filter((b) => asked.includes(b));
  const explicitWebgpu = explicitBackends && asked.includes('webgpu');
  const presets = (typeof flags.presets === 'string' ? String(flags.presets).split(',') : ['tiny', 'classroom']) as PresetName[];
  for (const p of presets) if (p !== 'tiny' && p !== 'classroom' && p !== 'lab') throw new Error(`--presets: unknown preset ${p} (tiny, classroom, lab)`);
  const repeats = Number(flags.repeats ?? 3);
  const warmup = Number(flags.warmup ?? 1);
  const rows = typeof flags.rows === 'string' ? String(flags.rows).split(',') : ALL_ROWS;
  // The wasm heap never shrinks: after the lab preset's fixed-shape rows, a real lab step's longer games
  // do not fit in the same process's 4 GiB (measured: Aborted()). Refuse the combination up front.
  if (presets.includes('lab') && backends.includes('wasm') && rows.includes('lab') && rows.some((r) => r !== 'lab'))
    throw new Error('--presets lab on wasm: run the lab row in its own process (--rows lab), the others with --rows gen,sft,rl (the wasm heap never shrinks)');
  const peerMode = flags['no-peer'] ? 'off' : String(flags.peer ?? 'auto');
  const doCheck = !flags['no-check'];
  const python = typeof flags.python === 'string' ? flags.python : DEFAULT_PYTHON;
  if (process.env.LAB_BENCH_COUNTS === '1') return countsMain(presets);
  reexecForVulkan(backends);

  // The peer first: a missing torch skips it (no ratios), a reference BLAS stops the run before
  // minutes of our own rows are spent on a comparison we would refuse to print.
  let probe: PeerProbe | null = null;
  let peerSkip = '';
  let peerDevice = '';
  let blas: BlasVerdict | null = null;
  if (peerMode === 'off') peerSkip = 'peer disabled (--peer off)';
  else {
    probe = probePeer(python);
    if (!probe.ok) peerSkip = `${probe.reason}; install: ${TORCH_INSTALL}`;
    else {
      peerDevice = peerMode === 'auto' ? (probe.cuda ? 'cuda' : 'cpu') : peerMode;
      blas = requireFastBlas(probe.blas!, peerDevice);
      log(`bench: PyTorch peer: torch ${probe.torch} on ${peerDevice} (${python}); BLAS: ${describeBlas(blas)}; torch threads ${probe.threads}`);
    }
  }

  const t0 = performance.now();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tfjs: tf.version.tfjs,
  };
  log(`bench: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, tfjs ${machine.tfjs}; backends ${backends.join(',')}; presets ${presets.join(',')}; repeats ${repeats} (+${warmup} warm-up)`);

  const assets = new Map<PresetName, PresetAssets>();
  const workloads = new Map<PresetName, Workload>();
  for (const p of presets) {
    const a = await loadPresetAssets(p);
    assets.set(p, a);
    workloads.set(p, makeWorkload(getPreset(p), a.config));
    log(`bench: ${p}: ${a.source}; config ${JSON.stringify(a.config)}`);
  }
  let rewardLM: { bytes: Uint8Array; source: string } | null = null;

  const results: Result[] = [];
  const skipped: Record<string, string> = {};
  const backendInfo: Record<string, unknown> = {};
  const checkInputs = new Map<PresetName, CheckInputs>();
  const ourChecks = new Map<string, CheckOutputs>();
  let gpu: GPU | undefined;

  for (const backend of backends) {
    try {
      if (backend === 'webgpu') gpu ??= await nodeGpu();
      if (backend === 'webgpu' && !explicitWebgpu) {
        // By default only a hardware adapter: SwiftShader takes ~15 s per SFT step (10+ min per preset).
        // Not selectBackend('auto'): its probe may rightly pick wasm on a GPU, and WebGPU must still be timed.
        const { info: ad, why } = await findWebGPUAdapter({ gpu });
        if (!ad || ad.isFallback) throw new Error(`${ad ? 'software adapter' : `no adapter (${why})`}; pass --backends webgpu to force it`);
      }
      const info = await selectBackend(backend, { gpu, wasmPaths: WASM_PATHS });
      backendInfo[backend] = info;
      log(`bench: backend ${backend}: ${info.reason}`);
    } catch (e) {
      skipped[backend] = (e as Error).message;
      log(`bench: SKIP backend ${backend}: ${(e as Error).message}`);
      continue;
    }
    for (const p of presets) {
      if (backend === 'cpu' && !explicitBackends && p !== 'tiny') {
        skipped[`cpu/${p}`] = 'cpu runs only the tiny preset by default (very slow); pass --backends cpu to force';
        log(`bench: SKIP cpu/${p}: ${skipped[`cpu/${p}`]}`);
        continue;
      }
      const a = assets.get(p)!, w = workloads.get(p)!;
      const add = (row: string, t: { medianMs: number; ms: number[]; tokensPerSec?: number }, extra?: Record<string, unknown>) => {
        const unit = ROW_INFO[row].unit;
        const value = unit === 'tok/s' ? t.tokensPerSec! : t.medianMs;
        results.push({ preset: p, backend, row, unit, value, ms: t.ms, extra });
        log(`bench: ${backend}/${p} ${row}: ${fmt(value)} ${unit} (runs ${t.ms.map((x) => x.toFixed(0)).join(', ')} ms)`);
      };
      if (doCheck) {
        if (!checkInputs.has(p)) checkInputs.set(p, await makeCheckInputs(a.config, a.weights, { attacker: w.preset.attacker, defender: w.preset.defender }));
        ourChecks.set(`${p}/${backend}`, await ourCheckOutputs(checkInputs.get(p)!));
      }
      if (rows.includes('gen')) {
        const model = modelFrom(a);
        for (const role of ['attacker', 'defender'] as Role[]) add(`gen.${role}`, await benchGenerate(model, w, role, repeats, warmup));
        model.dispose();
      }
      if (rows.includes('sft')) add('sft.step', await benchSft(a, w, repeats, warmup));
      if (rows.includes('rl')) add('rl.compute', await benchRlCompute(a, w, repeats, warmup));
      if (rows.includes('lab')) {
        rewardLM ??= await loadRewardLM();
        const r = await benchLab(a, rewardLM.bytes, backend, gpu, repeats, warmup, WASM_PATHS);
        add('rl.lab.step', r, { createMs: r.createMs, genTokensPerSec: r.genTokensPerSec });
        add('lab.first', { medianMs: r.firstMs, ms: [r.firstMs] });
      }
      log(`bench: ${backend}/${p} done; tensors alive ${tf.memory().numTensors}`);
    }
  }

  // ---- the PyTorch peer: same weights, same inputs, same rows; then the numerical check ----
  let peer: PeerResult | null = null;
  const checks: { preset: PresetName; backend: string; report: CheckReport }[] = [];
  if (probe?.ok) {
    const jobs = presets.map((p) => ({ assets: assets.get(p)!, workload: workloads.get(p)!, check: checkInputs.get(p), bench: rows.some((r) => r !== 'lab') }));
    const { task, pack } = buildPeerTask(jobs, { device: peerDevice, threads: flags['peer-threads'] ? Number(flags['peer-threads']) : undefined, repeats, warmup, rows });
    const dir = tempDir();
    try {
      peer = runPeer(dir, task, pack, python);
    } catch (e) {
      peerSkip = (e as Error).message;
    } finally {
      removeDir(dir);
    }
    if (peer) {
      // What the timed process itself mapped (after it matched OpenBLAS's threads to torch's).
      blas = requireFastBlas(peer.info.blas, peer.info.device);
      log(`bench: peer ${peer.info.device} (${peer.info.deviceName}), torch ${peer.info.torch}, ${peer.info.threads} thread(s), BLAS ${describeBlas(blas)}; ${(peer.wallMs / 1000).toFixed(1)} s`);
      for (const pp of peer.presets) {
        for (const [row, r] of Object.entries(pp.rows)) {
          if (!ROW_INFO[row] || !rows.includes(row.split('.')[0])) continue;
          const unit = ROW_INFO[row].unit;
          results.push({ preset: pp.name as PresetName, backend: 'torch', row, unit, value: unit === 'tok/s' ? r.tokensPerSec! : r.medianMs, ms: r.ms });
        }
        if (pp.check)
          for (const [key, ours] of ourChecks) {
            const [p, b] = key.split('/');
            if (p === pp.name) checks.push({ preset: p as PresetName, backend: b, report: compareCheck(ours, pp.check, checkInputs.get(p as PresetName)!) });
          }
      }
    }
  }
  if (peerSkip) log(`bench: SKIP PyTorch peer: ${peerSkip}`);

  // ---- WebGPU call counts (a child process on SwiftShader; minutes there) ----
  let counts: CountsReport | null = null;
  let countsSkip = '';
  if (flags['no-counts']) countsSkip = 'disabled (--no-counts)';
  else {
    log('bench: counting WebGPU work per token / SFT step / RL iteration (child process)');
    ({ counts, skip: countsSkip } = runCountsChild(presets));
  }
  if (countsSkip) log(`bench: SKIP WebGPU counts: ${countsSkip}`);

  // ---- what `auto` would pick per preset (its timed probe; after the rows, so no tensors block a switch) ----
  const autoProbe: Record<string, unknown> = {};
  if (!gpu) gpu = await nodeGpu().catch(() => undefined);
  for (const p of presets) {
    const info = await selectBackend('auto', {
      gpu, wasmPaths: WASM_PATHS,
      probe: { work: probeWorkFor(getPreset(p), assets.get(p)!.config.vocabSize, DEFAULT_SETTINGS.batch), cache: memoryProbeCache() },
    });
    autoProbe[p] = { backend: info.backend, reason: info.reason, probe: info.probe ?? null };
    log(`bench: auto for ${p}: ${info.backend} (${info.reason})`);
  }

  // ---- output ----
  const ran = backends.filter((b) => !skipped[b]);
  const peerCol = peer ? `torch-${peer.info.device.startsWith('cuda') ? 'cuda' : 'cpu'}` : null;
  const header = ['preset', 'row', 'unit', ...ran, ...(peerCol ? [peerCol, ...ran.map((b) => `${b}÷torch`)] : [])];
  const tableRows: string[][] = [];
  for (const p of presets)
    for (const row of Object.keys(ROW_INFO)) {
      const get = (b: string) => results.find((r) => r.preset === p && r.backend === b && r.row === row);
      if (!ran.some((b) => get(b)) && !get('torch')) continue;
      const pt = get('torch');
      // ratio = our time / PyTorch time (> 1: ours slower); for tok/s rows that is pt/ours.
      const ratio = (b: string) => {
        const o = get(b);
        if (!o || !pt) return '—';
        return fmt(o.unit === 'ms' ? o.value / pt.value : pt.value / o.value);
      };
      tableRows.push([p, row, ROW_INFO[row].unit, ...ran.map((b) => fmt(get(b)?.value)), ...(peerCol ? [fmt(pt?.value), ...ran.map(ratio)] : [])]);
    }
  const checkHeader = ['preset', 'backend', 'logp rel', 'sft rel', 'ppo loss rel', 'grad-norm rel', 'clipfrac Δ', 'update rel', 'max Δw/lr', 'ok'];
  const checkRows = checks.map((c) => [
    c.preset, `${c.backend} vs ${peerCol}`, fmt(c.report.logProbRel, 2), fmt(c.report.sftRel, 2), fmt(c.report.ppoLossRel, 2),
    fmt(c.report.gradNormRel, 2), fmt(c.report.clipFracDiff, 2), fmt(c.report.updateRel, 2), fmt(c.report.weightDiffOverLr, 2), c.report.ok ? 'yes' : 'NO',
  ]);
  const wallS = (performance.now() - t0) / 1000;
  const clock = process.env.LAB_BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
  const peerInfo: Omit<PeerInfo, 'config'> | null = peer ? { ...peer.info, config: undefined } as unknown as PeerInfo : null;
  const peerBlas = blas ? { kind: blas.kind, name: blas.name, threads: blas.threads, libs: blas.libs } : null;

  const report = () => ({
      machine, backends: backendInfo, skipped, peerSkipped: peerSkip || null, peer: peerInfo, peerBlas,
      assets: Object.fromEntries([...assets].map(([k, v]) => [k, v.source])), rewardLM: rewardLM?.source ?? null,
      rows: ROW_INFO, repeats, warmup, clock, results, checks, webgpuCounts: counts, webgpuCountsSkipped: countsSkip || null, autoProbe, wallS,
  });
  if (typeof flags['json-out'] === 'string') (await import('node:fs')).writeFileSync(flags['json-out'], JSON.stringify(report(), null, 1));
  if (flags.json) {
    process.stdout.write(JSON.stringify(report()) + '\n');
  } else {
    const render = flags.markdown ? renderMarkdown : (h: string[], r: string[][]) => renderTable(h, r, 3);
    const out: string[] = [];
    out.push(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, node ${machine.node}, tfjs ${machine.tfjs}`);
    for (const b of ran) out.push(`  ${b}: ${(backendInfo[b] as { reason: string }).reason}`);
    if (peer) out.push(`  ${peerCol}: torch ${peer.info.torch} (${peer.info.deviceName}), ${peer.info.threads} thread(s), BLAS: ${blas ? describeBlas(blas) : '?'}`);
    for (const [k, v] of Object.entries(skipped)) out.push(`  skipped ${k}: ${v}`);
    if (peerSkip) out.push(`  skipped PyTorch peer: ${peerSkip}`);
    for (const [k, v] of assets) out.push(`  weights ${k}: ${v.source}`);
    if (rewardLM) out.push(`  reward LM: ${rewardLM.source}`);
    for (const [p, a] of Object.entries(autoProbe)) out.push(`  auto for ${p}: ${(a as { backend: string; reason: string }).backend}: ${(a as { reason: string }).reason}`);
    out.push(`Medians of ${repeats} runs after ${warmup} warm-up; ratio = our time ÷ PyTorch time (> 1: ours slower).`);
    out.push(`Clock: ${clock === 'cpu' ? 'process CPU time (LAB_BENCH_CLOCK=cpu)' : 'wall'}${peer ? `; peer: ${peer.info.clock === 'cpu' ? 'process CPU time' : 'wall'}` : ''}.`);
    out.push('');
    out.push(render(header, tableRows));
    out.push('');
    for (const [row, i] of Object.entries(ROW_INFO)) out.push(`  ${row}: ${i.what}`);
    if (checks.length) {
      out.push('');
      out.push('Numerical check (same weights and batches; PPO epoch: 2 minibatches, clip 0.2, KL-as-loss on, grad clip 1.0, Adam 0.9/0.95/1e-8, lr 1e-3):');
      out.push(render(checkHeader, checkRows));
    }
    if (counts) {
      out.push('');
      out.push(`WebGPU work per call (counted on ${counts.adapter}):`);
      const countTable = presets.flatMap((p) => (counts!.presets[p] ? countRows(p, counts!.presets[p]) : []));
      out.push(flags.markdown ? renderMarkdown(COUNT_HEADER, countTable) : renderTable(COUNT_HEADER, countTable, 2));
    } else out.push(`\nWebGPU counts skipped: ${countsSkip}`);
    out.push('');
    out.push(`Total ${wallS.toFixed(0)} s.`);
    process.stdout.write(out.join('\n') + '\n');
  }
  if (checks.some((c) => !c.report.ok)) process.exitCode = 2;
}

main().then(
  () => process.exit(process.exitCode ?? 0), // Dawn keeps the event loop alive
  (e) => {
    if (e instanceof SlowPeerBlasError) {
      process.stderr.write(`bench refused: ${e.message}\n`);
      process.exit(3);
    }
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
