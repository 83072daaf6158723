/**
 * Driving the PyTorch peer (bench/peer/peer.py): availability probe, task files, one spawn, results.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../src/engine/api';
import type { Batch } from '../../src/engine/model/batch';
import type { BlasReport } from './blas';
import type { CheckInputs, PeerCheck } from './check';
import { TensorPack, readTensors, writeTask, type TensorIndexEntry, type Arr } from './exchange';
import type { PresetAssets } from './assets';
import { packPrompts, RL_PPO, SFT_LR, type Workload } from './workload';

export const DEFAULT_PYTHON = process.env.LAB_PYTHON ?? '/usr/bin/python3';

/** peer.py next to this bench (LAB_PEER_PY overrides: the GPU bundle carries its own copy). */
export function peerScript(): string {
  if (process.env.LAB_PEER_PY) return process.env.LAB_PEER_PY;
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'peer', 'peer.py');
}

export interface PeerProbe {
  ok: boolean;
  reason: string;
  torch?: string;
  cuda?: boolean;
  /** torch.get_num_threads() before the bench sets anything. */
  threads?: number;
  blas?: BlasReport;
}

/** `peer.py --probe`: is torch importable, does it see CUDA, which BLAS does it map. */
export function probePeer(python = DEFAULT_PYTHON): PeerProbe {
  if (!existsSync(python)) return { ok: false, reason: `${python} not found` };
  const r = spawnSync(python, [peerScript(), '--probe'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) return { ok: false, reason: `${python} has no working torch (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})` };
  const o = JSON.parse(r.stdout.trim().split('\n').pop()!) as { torch: string; cuda: boolean; threads: number; blas: BlasReport };
  return { ok: true, reason: '', torch: o.torch, cuda: o.cuda, threads: o.threads, blas: o.blas };
}

function addBatch(pack: TensorPack, prefix: string, b: Batch): void {
  pack.add(`${prefix}.ids`, b.ids, [b.B, b.T]);
  pack.add(`${prefix}.pos`, b.positions, [b.B, b.T]);
  pack.add(`${prefix}.keyMask`, b.keyMask, [b.B, b.T]);
  pack.add(`${prefix}.targetMask`, b.targetMask, [b.B, b.T - 1]);
}

function addPrompts(pack: TensorPack, prefix: string, prompts: number[][], P: number): void {
  const p = packPrompts(prompts, P);
  pack.add(`${prefix}.ids`, p.ids, [prompts.length, P]);
  pack.add(`${prefix}.pos`, p.pos, [prompts.length, P]);
  pack.add(`${prefix}.keyMask`, p.keyMask, [prompts.length, P]);
}

export interface PeerPresetJob {
  assets: PresetAssets;
  workload: Workload;
  check?: CheckInputs;
  bench: boolean;
}

export function buildPeerTask(
  jobs: PeerPresetJob[], o: { device: string; threads?: number; repeats: number; warmup: number; rows?: string[] },
) {
  const pack = new TensorPack();
  const presets = jobs.map(({ assets, workload: w, check, bench }) => {
    const name = assets.preset;
    // Weights: the check's (identical to the preset's) or the preset's.
    for (const t of assets.weights) pack.add(`${name}.w.${t.name}`, t.data, t.shape);
    const entry: Record<string, unknown> = {
      name,
      config: assets.config,
      layouts: { attacker: w.preset.attacker, defender: w.preset.defender },
      weightNames: assets.weights.map((t) => t.name),
    };
    if (check) {
      addBatch(pack, `${name}.chk.att`, check.batches.att);
      addBatch(pack, `${name}.chk.def`, check.batches.def);
      for (const k of ['att', 'def'] as const) {
        const b = check.batches[k];
        pack.add(`${name}.chk.${k}.logpOld`, check.logpOld[k], [b.B, b.T - 1]);
        pack.add(`${name}.chk.${k}.logpRef`, check.logpRef[k], [b.B, b.T - 1]);
        pack.add(`${name}.chk.${k}.adv`, check.adv[k], [b.B, b.T - 1]);
      }
      entry.check = { attP: check.batches.att.P, defP: check.batches.def.P, ppo: check.ppo };
    }
    if (bench) {
      for (const role of ['attacker', 'defender'] as Role[]) {
        const P = w.preset[role].promptLen;
        addPrompts(pack, `${name}.gen.${role}`, w.genPrompts[role], P);
        addPrompts(pack, `${name}.rl.${role}`, w.rlPrompts[role], P);
        pack.add(`${name}.rl.${role}.reward`, w.rlRewards[role], [w.rlRewards[role].length]);
      }
      addBatch(pack, `${name}.sft.att`, w.sft.attacker);
      addBatch(pack, `${name}.sft.def`, w.sft.defender);
      entry.bench = { sftLr: SFT_LR, ppo: RL_PPO, rows: o.rows ?? ['gen', 'sft', 'rl'] };
    }
    return entry;
  });
  const task = { device: o.device, threads: o.threads ?? null, repeats: o.repeats, warmup: o.warmup, presets };
  return { task, pack };
}

export interface PeerRow {
  medianMs: number;
  ms: number[];
  tokensPerSec?: number;
}

export interface PeerInfo {
  torch: string;
  python: string;
  device: string;
  deviceName: string;
  threads: number;
  blas: BlasReport;
  /** 'cpu' when the peer timed process CPU time (LAB_BENCH_CLOCK=cpu on a CPU peer), else 'wall'. */
  clock?: string;
  config: string;
}

export interface PeerResult {
  info: PeerInfo;
  presets: { name: string; rows: Record<string, PeerRow>; check?: PeerCheck }[];
  wallMs: number;
}

export function runPeer(dir: string, task: Record<string, unknown>, pack: TensorPack, python = DEFAULT_PYTHON, timeoutMs = 1_800_000): PeerResult {
  writeTask(dir, task, pack);
  const t0 = performance.now();
  const r = spawnSync(python, [peerScript(), dir], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`PyTorch peer failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${(r.stderr || r.error?.message || '').trim().slice(-2000)}`);
  const res = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
    info: PeerInfo;
    presets: { name: string; rows: Record<string, PeerRow>; check?: { sftAtt: number; sftDef: number; ppo: PeerCheck['ppo'] } }[];
    tensors: TensorIndexEntry[];
  };
  const tensors = readTensors(join(dir, 'result.bin'), res.tensors);
  const get = (n: string): Arr => {
    const t = tensors.get(n);
    if (!t) throw new Error(`peer result lacks tensor ${n}`);
    return t.data;
  };
  const presets = res.presets.map((p) => {
    if (!p.check) return { name: p.name, rows: p.rows };
    const after = new Map<string, Arr>();
    for (const [n, t] of tensors) if (n.startsWith(`${p.name}.chk.after.`)) after.set(n.slice(`${p.name}.chk.after.`.length), t.data);
    const check: PeerCheck = { ...p.check, lp: { att: get(`${p.name}.chk.lp.att`), def: get(`${p.name}.chk.lp.def`) }, after };
    return { name: p.name, rows: p.rows, check };
  });
  return { info: res.info, presets, wallMs };
}
