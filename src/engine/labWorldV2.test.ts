/**
 * A world-v2 run end to end with the shipped tiny v2 warm start and v2 judge: the games draw v2
 * seeds, the records carry grammar-v2 families, the per-family measures and evaluation read them,
 * a saved run resumes in world v2 with the v2 judge fetched for it, and a run refuses a warm start
 * or a judge of the other world with a message that says how to fix it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LabSettings, WorldVersion } from './api';
import { shippedCheckpoint, shippedRewardLM } from './config/assets';
import { DEFAULT_SETTINGS } from './config/settings';
import { createLab, restoreLab } from './lab';
import { FAMILIES, HELD_OUT_FAMILIES } from './world/grammar/grammar';

const pub = (rel: string) => new Uint8Array(readFileSync(join(__dirname, '../../public', rel)));
const warmV2 = pub(shippedCheckpoint('tiny', 'v2'));
const judgeFor = (w: WorldVersion) => pub(shippedRewardLM(w));
const settings = (over: Partial<LabSettings> = {}): LabSettings => ({ ...DEFAULT_SETTINGS, preset: 'tiny', backend: 'wasm', batch: 8, world: 'v2', ...over });
const V2_IDS = new Set(FAMILIES.map((f) => f.id));
const HELD = new Set(HELD_OUT_FAMILIES);

describe('a world-v2 run', () => {
  it('plays v2 games, measures v2 families, resumes in v2 and keeps the tensor count flat', async () => {
    const fetched: WorldVersion[] = [];
    const rewardLM = (w: WorldVersion) => {
      fetched.push(w);
      return judgeFor(w);
    };
    const lab = await createLab({ settings: settings({ seed: 4 }), warmStart: warmV2, rewardLM });
    expect(fetched).toEqual(['v2']);
    const counts: number[] = [];
    const families = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { metrics, games } = await lab.step();
      expect(metrics.skipped).toBe(false);
      counts.push(tf.memory().numTensors);
      for (const g of games) for (const f of g.oracleTactics) families.add(f);
      for (const f of Object.keys(metrics.tacticMix)) expect(f === 'none' || V2_IDS.has(f), f).toBe(true);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    // Families the oracle read in the attacker's moves are v2 families, never held-out ones (the
    // attacker never saw them; it may still write one by chance, but not in 3 iterations of a warm start).
    for (const f of families) expect(V2_IDS.has(f), f).toBe(true);
    expect([...families].filter((f) => HELD.has(f))).toEqual([]);

    const saved = await lab.save();
    lab.dispose();
    const back = await restoreLab({ checkpoint: saved, rewardLM, backend: 'wasm' });
    expect(back.settings.world).toBe('v2');
    expect(fetched).toEqual(['v2', 'v2']);
    expect(back.iteration()).toBe(3);

    // Evaluation on v2: the wrapped suites are read per held-out family.
    const report = await back.evaluate(undefined, 8);
    const adv = report.suites.find((s) => s.suite === 'adversarial-harmful')!;
    const fams = Object.keys(adv.byFamily!.oracle);
    expect(fams.some((f) => HELD.has(f))).toBe(true);
    for (const f of fams) expect(V2_IDS.has(f), f).toBe(true);
    // Benign suites also say how often the answer addresses the asked intent; never more often than it complies.
    const ben = report.suites.find((x) => x.suite === 'adversarial-benign')!;
    expect(ben.metric).toBe('compliance');
    expect(ben.addressesIntent!.n).toBe(8);
    expect(ben.addressesIntent!.rate).toBeLessThanOrEqual(ben.oracle.rate);
    expect(report.suites.find((x) => x.suite === 'contrast-benign')!.addressesIntent!.n).toBe(8);
    expect(report.suites.find((x) => x.suite === 'adversarial-harmful')!.addressesIntent).toBeUndefined();
    expect(report.material).toBe('heldout');
    // The same suites on train material: wrapped prompts are read in train families only.
    const onTrain = await back.evaluate(undefined, 8, 'train');
    expect(onTrain.material).toBe('train');
    const trainFams = Object.keys(onTrain.suites.find((s) => s.suite === 'adversarial-harmful')!.byFamily!.oracle);
    expect(trainFams.length).toBeGreaterThan(0);
    for (const f of trainFams) expect(V2_IDS.has(f) && !HELD.has(f), f).toBe(true);
    back.dispose();
  }, 300_000);

  it('refuses a warm start or a judge of the other world', async () => {
    await expect(createLab({ settings: settings(), warmStart: pub(shippedCheckpoint('tiny', 'v1')), rewardLM: judgeFor('v2') })).rejects.toMatchObject({
      code: 'bad-settings',
      message: expect.stringMatching(/warm start was trained on the first world.*world-v2 warm start \(shipped: public\/checkpoints\/tiny-v2\.ckpt\)/),
    });
    await expect(createLab({ settings: settings(), warmStart: warmV2, rewardLM: judgeFor('v1') })).rejects.toMatchObject({
      code: 'bad-settings',
      message: expect.stringMatching(/reward LM was trained on the first world.*judge\/reward-lm-v2\.bin/),
    });
  }, 60_000);
});
