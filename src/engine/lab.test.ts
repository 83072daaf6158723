/**
 * End-to-end engine tests with the shipped artifacts: a short classroom self-play run learns
 * (defender reward rises) without leaking tensors; on the tiny preset, a saved run resumes to the exact same
 * next iteration, and checkpoints restore identical behaviour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createLab, crossPlayCheckpoints, restoreLab, readCheckpointSummary } from './lab';
import { DEFAULT_SETTINGS } from './config/settings';
import type { IterationMetrics, LabSettings, TacticMix } from './api';
import { packLabCheckpoint, unpackLabCheckpoint } from './checkpoint/labCheckpoint';
import { DRIFT_WINDOW, familyMeasures, tacticDrift } from './eval/families';
import { answersIntent } from './judge/oracle';
import { PRESETS } from './config/presets';
import { buildWorld } from './world/build';

const pub = (rel: string) => new Uint8Array(readFileSync(join(__dirname, '../../public', rel)));
const warmStart = pub('checkpoints/tiny.ckpt');
const rewardLM = pub('judge/reward-lm.bin');
const settings = (over: Partial<LabSettings> = {}): LabSettings => ({ ...DEFAULT_SETTINGS, preset: 'tiny', backend: 'wasm', batch: 16, lr: 2e-4, ...over });

describe('lab on the tiny preset', () => {
  // The classroom preset: in the open-text world the tiny model (1 layer, d 32) barely moves in 30
  // iterations (defender reward 1.5 ± 0.4 either way), so the learning check uses the page's model.
  it('self-play raises the defender reward and keeps the tensor count flat (classroom)', async () => {
    const lab = await createLab({ settings: settings({ preset: 'classroom', batch: 32, lr: 3e-4, seed: 3 }), warmStart: pub('checkpoints/classroom.ckpt'), rewardLM });
    const rewards: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const { metrics, games } = await lab.step();
      expect(metrics.skipped).toBe(false);
      expect(games).toHaveLength(32);
      rewards.push(metrics.rewardDefender ?? NaN);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1); // flat after the first step
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const early = mean(rewards.slice(0, 8));
    const late = mean(rewards.slice(-8));
    expect(late).toBeGreaterThan(early);
    expect(lab.iteration()).toBe(30);
    expect(lab.history()).toHaveLength(30);
    lab.dispose();
  }, 600_000);

  it('resume continues with the same next iteration as an uninterrupted run (cpu)', async () => {
    const s = settings({ backend: 'cpu', batch: 8, seed: 11 });
    const a = await createLab({ settings: s, warmStart, rewardLM });
    await a.step();
    await a.step();
    const saved = await a.save();
    const next = await a.step();
    a.dispose();

    const summary = await readCheckpointSummary(saved);
    expect(summary.step).toBe(2);
    const b = await restoreLab({ checkpoint: saved, rewardLM, backend: 'cpu' });
    expect(b.iteration()).toBe(2);
    expect(b.history()).toHaveLength(2);
    const again = await b.step();
    expect(again.games.map((g) => [g.seedText, g.attacker?.raw, g.defender.raw])).toEqual(next.games.map((g) => [g.seedText, g.attacker?.raw, g.defender.raw]));
    expect(again.metrics.loss).toBeCloseTo(next.metrics.loss, 5);
    expect(again.metrics.kl).toBeCloseTo(next.metrics.kl, 5);
    // Family measures: from this iteration's games, equal after a resume; drift waits for 2 windows.
    const fam = (m: IterationMetrics) => [m.familyAsr, m.familyOverRefusal, m.benignHelpedWrapped, m.benignWrappedN, m.tacticMix, m.tacticDriftJs];
    expect(fam(again.metrics)).toEqual(fam(next.metrics));
    const world = buildWorld(PRESETS.tiny.worldSeed);
    expect(again.metrics).toMatchObject(familyMeasures(again.games, (g) => answersIntent(world, g.defender.answer, g.intentId)));
    expect(again.metrics.tacticDriftJs).toBeNull();
    b.dispose();

    // The lab computes the drift over the run's history (restored with the checkpoint) plus the new iteration.
    const ckpt = await unpackLabCheckpoint(saved);
    const old = ckpt.meta.history[0];
    const history = Array.from({ length: 2 * DRIFT_WINDOW - 1 }, (_, i) => ({ ...old, iter: i + 1, tacticMix: (i < DRIFT_WINDOW ? { roleplay: 3 } : { fiction: 2, none: 1 }) as TacticMix }));
    const c = await restoreLab({ checkpoint: await packLabCheckpoint({ ...ckpt, meta: { ...ckpt.meta, history } }), rewardLM, backend: 'cpu' });
    const third = await c.step();
    expect(third.metrics.tacticDriftJs).not.toBeNull();
    expect(third.metrics.tacticDriftJs).toBeCloseTo(tacticDrift([...history.map((m) => m.tacticMix), third.metrics.tacticMix])!, 12);
    expect(c.history().at(-1)!.tacticDriftJs).toBe(third.metrics.tacticDriftJs);
    c.dispose();
  }, 600_000);

  it('cross-play plays on the backend it is given, not on whatever backend the process had (plain JS on Node)', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const res = await crossPlayCheckpoints({ attacker: warmStart, defender: warmStart, rewardLM, n: 2, backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(res.oracle.n).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a checkpoint for another preset and a corrupted file', async () => {
    await expect(createLab({ settings: settings({ preset: 'classroom' }), warmStart, rewardLM })).rejects.toMatchObject({ code: 'bad-settings' });
    const bad = warmStart.slice();
    bad[100] ^= 0xff;
    await expect(createLab({ settings: settings(), warmStart: bad, rewardLM })).rejects.toMatchObject({ code: 'checkpoint-corrupt' });
    await expect(createLab({ settings: settings({ batch: 10 }), warmStart, rewardLM })).rejects.toMatchObject({ code: 'bad-settings' });
  });
});
