import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { getPreset, PRESETS } from '../config/presets';
import { oracleLabels } from '../judge/oracle';
import { GPT, targetPositions } from '../model/gpt';
import { packBatch } from '../model/batch';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { buildWorld } from '../world/build';
import { Rng } from '../world/rng';
import { hazardTerms, hazardTokenFlags, weightHazardTokens } from './hazardWeight';
import { completionParts, userText } from './v2Holdout.test-support';
import { v2DefenderDraw } from './v2Transcripts';
import { encodeExamples, warmStart } from './warmstart';

const world = buildWorld(PRESETS.classroom.worldSeed);
const tok = worldTokenizer();
const terms = hazardTerms(world);
const draws = (() => {
  const rng = new Rng(31);
  return Array.from({ length: 600 }, () => v2DefenderDraw(world, rng, 'train', { nameIntent: true }));
})();
const flagged = (completion: string) => {
  const ids = tok.encode(' ' + completion);
  const flags = hazardTokenFlags(tok, completion, terms);
  expect(flags).toHaveLength(ids.length + 1); // + <eos>
  // Flagged tokens' text, an unflagged token as a break: the words they spell.
  return ids.map((id, j) => (flags[j] ? tok.decode([id]) : ' ')).join('').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
};

describe('hazard-term weights in the warm-start loss (world changelog entry 21)', () => {
  it('flags exactly the tokens that spell hazard terms in an answer: all of a harmful compliance’s, none elsewhere', () => {
    let harmful = 0;
    for (const e of draws) {
      const { thought, move } = completionParts(e.completion);
      const inAnswer = move.split(/[^\p{L}\p{N}]+/u).filter((w) => terms.includes(w));
      expect(flagged(e.completion)).toEqual(inAnswer);
      if (thought) expect(thought.split(/[^\p{L}\p{N}]+/u).some((w) => terms.includes(w))).toBe(false);
      if (oracleLabels(world, userText(e.prompt), move).h === 'harmful') {
        harmful++;
        expect(inAnswer.length).toBeGreaterThanOrEqual(2);
      } else expect(inAnswer).toEqual([]);
    }
    expect(harmful).toBeGreaterThan(15); // ~7% of defender turns carry hazard content
  });

  it('reads a whole answer without a thought, and never a term inside a longer word or in the thought', () => {
    const [a, b] = terms;
    expect(flagged(`Sure. Take the ${a}, add the ${b}.`)).toEqual([a, b]);
    expect(flagged(`Take the x${a} and the ${b}s.`)).toEqual([]);
    expect(flagged(`The user wants ${a}. It seems fine. I will help. </think> <answer> Sure. </answer>`)).toEqual([]);
  });

  it('puts weight k on those targets only, leaves the batch as it was with k = 1', () => {
    const exs = draws.slice(0, 48);
    const batch = encodeExamples(tok, exs, getPreset('classroom').defender);
    expect(weightHazardTokens(batch, tok, exs.map((e) => e.completion), terms, 1)).toBe(batch);
    const weighted = weightHazardTokens(batch, tok, exs.map((e) => e.completion), terms, 4);
    const expected = exs.reduce((n, e) => n + hazardTokenFlags(tok, e.completion, terms).filter(Boolean).length, 0);
    expect(expected).toBeGreaterThan(0);
    let fours = 0;
    weighted.targetMask.forEach((w, i) => {
      if (w === 4) fours++;
      else expect(w).toBe(batch.targetMask[i]);
      if (w === 4) expect(batch.targetMask[i]).toBe(1);
    });
    expect(fours).toBe(expected);
    expect(weighted.ids).toBe(batch.ids);
  });

  it('sftLoss is the weighted mean of the targets’ cross-entropy (the plain mean when every weight is 1)', async () => {
    await tf.setBackend('cpu');
    const model = new GPT({ vocabSize: 19, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16, maxLen: 12 }, 3);
    const b = packBatch([[3, 4], [5, 6, 7]], [[10, 11, 12, 1], [13, 1]], 3, 8);
    const pos = targetPositions(b);
    const lpT = model.targetLogProbs(b, pos);
    const nll = Array.from(await lpT.data()).slice(0, pos.length).map((x) => -x);
    lpT.dispose();
    const lossOf = async (batch: typeof b) => {
      const l = model.sftLoss(batch);
      const v = (await l.data())[0];
      l.dispose();
      return v;
    };
    expect(await lossOf(b)).toBeCloseTo(nll.reduce((s, x) => s + x, 0) / nll.length, 5);
    const w = pos.map((_, k) => (k % 2 ? 4 : 1));
    const mask = b.targetMask.slice();
    pos.forEach((p, k) => (mask[p] = w[k]));
    const weightedMean = nll.reduce((s, x, k) => s + w[k] * x, 0) / w.reduce((s, x) => s + x, 0);
    expect(await lossOf({ ...b, targetMask: mask })).toBeCloseTo(weightedMean, 5);
    model.dispose();
  });

  it('warmStart: weight 1 trains exactly as before; outside 1..16 it is refused before anything is allocated', async () => {
    await selectBackend('wasm');
    const plain = await warmStart(getPreset('tiny'), 4, { steps: 2, world: 'v2' });
    const one = await warmStart(getPreset('tiny'), 4, { steps: 2, world: 'v2', hazardWeight: 1 });
    expect(one.losses).toEqual(plain.losses);
    plain.model.dispose();
    one.model.dispose();
    const tensors = tf.memory().numTensors;
    for (const k of [0.5, 17]) await expect(warmStart(getPreset('tiny'), 4, { steps: 2, world: 'v2', hazardWeight: k })).rejects.toThrow(/hazard-term weight must be from 1 to 16/);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 300_000);
});
