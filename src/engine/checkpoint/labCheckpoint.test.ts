/**
 * Re-sealed headers: the SHA-256 seal only proves a file is intact, so these files are built with
 * the container's own sealing function and every lie in them must be refused with one
 * LabError('checkpoint-corrupt') that names the field, before any model is allocated; never a raw
 * TypeError or "Invalid typed array length". readCheckpointSummary (the page's import) refuses them too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { readCheckpointSummary } from '../lab';
import { sealContainer, unpackContainer, type ContainerHeader } from './container';
import { packLabCheckpoint, unpackLabCheckpoint } from './labCheckpoint';

const shipped = new Uint8Array(readFileSync(join(__dirname, '../../../public/checkpoints/tiny.ckpt')));

type Header = Record<string, unknown> & { tensors: { name: string; shape: number[]; offset: number }[] };

/** The shipped tiny checkpoint's header and payload, to edit and re-seal. */
async function parts(): Promise<{ header: Header; payload: Float32Array }> {
  const { header, tensors } = await unpackContainer(shipped, 'lab-checkpoint');
  const total = (header as ContainerHeader).tensors.reduce((n, e) => Math.max(n, e.offset + e.shape.reduce((a, b) => a * b, 1)), 0);
  const payload = new Float32Array(total);
  for (const e of (header as ContainerHeader).tensors) payload.set(tensors.get(e.name)!.data, e.offset);
  return { header: structuredClone(header) as Header, payload };
}

async function resealed(edit: (h: Header) => void): Promise<Uint8Array> {
  const { header, payload } = await parts();
  edit(header);
  return sealContainer(header, payload);
}

async function refusal(bytes: Uint8Array): Promise<LabError> {
  const err = await unpackLabCheckpoint(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LabError);
  return err as LabError;
}

const model = (h: Header) => h.model as Record<string, unknown>;

/** A history entry as checkpoints wrote it before the family measures existed. */
const OLD_METRICS = {
  iter: 1, wallMs: 1, lr: 1e-3, rewardAttacker: 0, rewardDefender: 0, asrJudge: 0, asrOracle: 0, refusalHarmful: 0,
  overRefusal: 0, formatViolAttacker: null, formatViolDefender: null, kl: 0, entropy: 0, agreeQ: null, agreeRef: null,
  agreeH: null, ties: 0, divSelfBleu: null, divEmbedding: null, divTacticEntropy: null, tokensPerSec: 1,
  phaseMs: { generate: 0, judge: 0, score: 0, train: 0 }, loss: 0, skipped: false,
};
const FAMILY_METRICS = {
  familyAsr: { roleplay: { n: 2, rate: 0.5 }, none: { n: 1, rate: 0 } }, familyOverRefusal: {}, benignHelpedWrapped: null,
  benignWrappedN: 0, tacticMix: { roleplay: 2, none: 1 }, tacticDriftJs: null,
};

describe('lab checkpoint header schema', () => {
  it('accepts the shipped file re-sealed unchanged, and a full run checkpoint round trip', async () => {
    const ok = await unpackLabCheckpoint(await resealed(() => {}));
    expect(ok.meta.preset).toBe('tiny');
    expect(ok.policy.length).toBeGreaterThan(0);
    const again = await unpackLabCheckpoint(await packLabCheckpoint({ ...ok, ref: ok.policy, optimizer: null }));
    expect(again.ref?.map((t) => t.name)).toEqual(ok.policy.map((t) => t.name));
    // Rng.getState can hold signed words: they must round-trip.
    const signed = await unpackLabCheckpoint(await resealed((h) => (h.rngState = [-1835104497, 1621824973, 3310820794, 0])));
    expect(signed.meta.rngState).toEqual([-1835104497, 1621824973, 3310820794, 0]);
    // A warm start from before world v2 records no world: it is a first-world one.
    const noWorld = await unpackLabCheckpoint(await resealed((h) => delete (h.warmStart as Record<string, unknown>).world));
    expect(noWorld.meta.warmStart.world).toBe('v1');
    // …unless its command says `--world v2` (v2 warm starts were made before the field existed).
    const oldV2 = await unpackLabCheckpoint(await resealed((h) => {
      const w = h.warmStart as Record<string, unknown>;
      delete w.world;
      w.command = 'npm run lab -- warmstart --preset tiny --seed 2 --steps 3 --world v2 --out FILE';
    }));
    expect(oldV2.meta.warmStart.world).toBe('v2');
  });

  const cases: [string, (h: Header) => void, RegExp][] = [
    ['null history', (h) => (h.history = null), /history must be a list/],
    ['a history entry without its fields', (h) => (h.history = [{ iter: 1 }]), /history\[0\]\.wallMs is missing/],
    ['a family rate out of range', (h) => (h.history = [{ ...OLD_METRICS, ...FAMILY_METRICS, familyAsr: { roleplay: { n: 2, rate: 3 } } }]), /history\[0\]\.familyAsr\.roleplay\.rate must be a number from 0 to 1/],
    ['a family rate on no games', (h) => (h.history = [{ ...OLD_METRICS, ...FAMILY_METRICS, familyOverRefusal: { fiction: { n: 0, rate: 0 } } }]), /history\[0\]\.familyOverRefusal\.fiction\.n must be a positive integer/],
    ['a tactic mix that is not counts', (h) => (h.history = [{ ...OLD_METRICS, ...FAMILY_METRICS, tacticMix: { roleplay: 'many' } }]), /history\[0\]\.tacticMix\.roleplay must be a non-negative integer/],
    ['an unknown preset', (h) => (h.preset = 'huge'), /unknown preset "huge"/],
    ['a prototype name as preset', (h) => (h.preset = 'constructor'), /unknown preset "constructor"/],
    ['no preset at all', (h) => delete h.preset, /preset is missing/],
    ['a missing tensor', (h) => (h.tensors = h.tensors.filter((t) => t.name !== 'policy/lm_head')), /tensor policy\/lm_head is missing/],
    ['a tensor of the wrong size', (h) => (h.tensors.find((t) => t.name === 'policy/lnf.g')!.shape = [7]), /policy\/lnf\.g has shape \[7\], the model needs \[32\]/],
    ['an extra tensor', (h) => h.tensors.push({ name: 'policy/evil', shape: [1], offset: 0 }), /unexpected tensors policy\/evil/],
    ['absurd dimensions', (h) => Object.assign(model(h), { dModel: 4096, dFF: 16384, nLayers: 64 }), /dModel 4096 exceeds the limit of 1024/],
    ['dimensions whose parameter count is absurd', (h) => Object.assign(model(h), { dModel: 1024, nHeads: 16, dFF: 8192, nLayers: 24 }), /parameters, over the limit of 25,000,000/],
    ['dimensions whose activations are absurd', (h) => Object.assign(model(h), { dModel: 64, nHeads: 32, dFF: 4096, nLayers: 24 }), /MiB of activations, over the limit of 2,048 MiB/],
    ['a negative dimension', (h) => (model(h).nLayers = -1), /nLayers must be a positive integer/],
    ['a dimension as text', (h) => (model(h).dModel = '32'), /dModel must be a positive integer, got "32"/],
    ['a context shorter than the preset needs', (h) => (model(h).maxLen = 64), /sequences of \d+ tokens exceed the model's maxLen 64/],
    ['a vocabulary that is not the tokenizer', (h) => (model(h).vocabSize = 99), /tokenizer has \d+ tokens but the model's vocabSize is 99/],
    ['a tokenizer of another kind', (h) => (h.tokenizer = { kind: 'sentencepiece' }), /tokenizer: /],
    ['a missing tokenizer', (h) => delete h.tokenizer, /tokenizer is missing/],
    ['settings that are not settings', (h) => (h.settings = { lr: 'fast' }), /settings: /],
    ['settings of another preset', (h) => (h.settings = { preset: 'classroom' }), /settings are for the "classroom" preset/],
    ['a fractional step', (h) => (h.step = 1.5), /step must be a non-negative integer/],
    ['a broken RNG state', (h) => (h.rngState = [1, 2]), /rngState must be null or four/],
    ['an RNG word out of range', (h) => (h.rngState = [1, 2, 3, 2 ** 32]), /rngState must be null or four 32-bit integers/],
    ['hasRef as text', (h) => (h.hasRef = 'yes'), /hasRef must be true or false/],
    ['a reference model without its tensors', (h) => (h.hasRef = true), /tensor ref\/tok_emb is missing/],
    ['optimizer state without its tensors', (h) => (h.hasOptimizer = true), /tensor opt\/adam\.m\.0 is missing/],
    ['no warm-start record', (h) => (h.warmStart = null), /warmStart must be an object/],
    ['a warm start of an unknown world', (h) => ((h.warmStart as Record<string, unknown>).world = 'v3'), /warmStart\.world must be one of v1, v2, got "v3"/],
    ['a tensor table that is not a list', (h) => ((h as Record<string, unknown>).tensors = { a: 1 }), /tensor table is invalid: "tensors" is not a list/],
    ['a tensor shape with a hole', (h) => ((h.tensors[0].shape as unknown[]) = [null, 32]), /tensor table is invalid: tok_emb|tensor table is invalid: policy\/tok_emb has shape \[null,32\]/],
    ['a tensor past the end of the file', (h) => (h.tensors[0].offset = 1e9), /missing data for policy\/tok_emb/],
    ['a tensor named twice', (h) => h.tensors.push({ ...h.tensors[0] }), /appears twice/],
  ];

  it.each(cases)('refuses %s as checkpoint-corrupt', async (_, edit, message) => {
    const before = tf.memory().numTensors;
    const err = await refusal(await resealed(edit));
    expect(err.code).toBe('checkpoint-corrupt');
    expect(err.message).toMatch(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads a history written before the family measures as "not measured", and keeps them when present', async () => {
    const old = await unpackLabCheckpoint(await resealed((h) => (h.history = [OLD_METRICS])));
    expect(old.meta.history[0]).toMatchObject({ familyAsr: {}, familyOverRefusal: {}, benignHelpedWrapped: null, benignWrappedN: 0, tacticMix: {}, tacticDriftJs: null });
    const now = await unpackLabCheckpoint(await resealed((h) => (h.history = [{ ...OLD_METRICS, ...FAMILY_METRICS }])));
    expect(now.meta.history[0]).toEqual({ ...OLD_METRICS, ...FAMILY_METRICS });
  });

  it('refuses another format version as foreign and a header that is not an object as corrupt', async () => {
    expect((await refusal(await resealed((h) => (h.version = 3)))).code).toBe('checkpoint-foreign');
    // A version-1 file (closed-vocabulary world) is named as such.
    expect(await refusal(await resealed((h) => (h.version = 1)))).toMatchObject({ code: 'checkpoint-foreign', message: expect.stringMatching(/earlier version of the lab/) });
    const { payload } = await parts();
    expect(await refusal(await sealContainer([1, 2], payload))).toMatchObject({ code: 'checkpoint-corrupt', message: expect.stringMatching(/not a JSON object/) });
    expect(await refusal(await sealContainer({ tensors: [] }, payload))).toMatchObject({ code: 'checkpoint-foreign' });
  });

  it('refuses a header length past the end of the file', async () => {
    const bytes = await resealed(() => {});
    const body = bytes.slice(0, bytes.length - 32);
    new DataView(body.buffer).setUint32(8, body.length * 2, true);
    const sealed = new Uint8Array(body.length + 32);
    sealed.set(body);
    sealed.set(new Uint8Array(await crypto.subtle.digest('SHA-256', body)), body.length);
    expect(await refusal(sealed)).toMatchObject({ code: 'checkpoint-corrupt', message: expect.stringMatching(/header claims/) });
  });

  it('readCheckpointSummary (the page import) runs the same checks', async () => {
    expect((await readCheckpointSummary(await resealed(() => {}))).step).toBe(0);
    for (const [, edit, message] of cases.slice(0, 10)) {
      await expect(readCheckpointSummary(await resealed(edit))).rejects.toMatchObject({ code: 'checkpoint-corrupt', message: expect.stringMatching(message) });
    }
  });
});
