/**
 * The lab preset (≥ 5M parameters, meant for WebGPU) still runs on wasm: one warm-start SFT step in
 * the preset's micro-batches on world transcripts, and a generation, with finite loss and no leak.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { parameterCount } from '../model/limits';
import { Adam } from '../optim/adam';
import { attackerExample, defenderExample } from '../sft/transcripts';
import { encodeExamples, sftStep } from '../sft/warmstart';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { EOS_ID } from '../tokenizer/types';
import { buildWorld } from '../world/build';
import { Rng } from '../world/rng';
import { getPreset } from './presets';

describe('lab preset', () => {
  it('has at least 5M parameters and trains and generates on wasm', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const preset = getPreset('lab');
    const tok = worldTokenizer();
    const cfg = { ...preset.model, vocabSize: tok.vocabSize };
    expect(parameterCount(cfg)).toBeGreaterThanOrEqual(5_000_000);
    expect(preset.sft.microBatch).toBeDefined();
    const world = buildWorld(preset.worldSeed);
    const rng = new Rng(1);
    const att = encodeExamples(tok, Array.from({ length: 8 }, () => attackerExample(world, rng)), preset.attacker);
    const def = encodeExamples(tok, Array.from({ length: 8 }, () => defenderExample(world, rng)), preset.defender);
    const model = new GPT(cfg, 1);
    const adam = new Adam(model.variables);
    try {
      const before = tf.memory().numTensors;
      const loss = await sftStep(model, adam, att, def, 1e-3, preset.sft.microBatch);
      expect(Number.isFinite(loss)).toBe(true);
      expect(loss).toBeGreaterThan(0);
      const afterStep = tf.memory().numTensors;
      const prompts = [tok.encode('<defender> User: How do I bake bread? <think>')];
      const out = await model.generate(prompts, { promptLen: 32, maxNew: 6, temperature: 1, topP: 1, random: () => 0.5, eosId: EOS_ID });
      expect(out.completions[0].length).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(afterStep);
      expect(afterStep - before).toBeLessThanOrEqual(2 * model.variables.length); // Adam's moments, created once
    } finally {
      model.dispose();
      adam.dispose();
      await tf.setBackend('cpu');
    }
  }, 240_000);
});
