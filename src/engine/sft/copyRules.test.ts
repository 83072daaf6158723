/**
 * A pointer head is kept off the role prompts' instructions (model config copyTemplates), and may be
 * kept off the role and CoT tags (copyNever). The template block only works if every prompt the lab
 * builds, tokenized, opens with one of the encoded openings: checked on the world's corpus, v1 and v2
 * training transcripts, and awkward seed texts.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../config/presets';
import { copyBlock } from '../model/pointer';
import { SPECIAL_TOKENS } from '../tokenizer/types';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { buildWorld } from '../world/build';
import { worldCorpus } from '../world/corpus';
import { attackerPrompt, defenderPrompt, promptOpenings } from '../world/prompts';
import { Rng } from '../world/rng';
import { sftExamples } from './transcripts';
import { v2RoleExample } from './v2Transcripts';
import { tagsAndSeparator, withCopyRules } from './warmstart';

describe('copy rules of a pointer model', () => {
  const tokenizer = worldTokenizer();
  const base = { ...PRESETS.classroom.model, vocabSize: tokenizer.vocabSize };
  const config = withCopyRules({ ...base, copyHead: 8 }, tokenizer);
  const templates = config.copyTemplates!;
  /** The role and CoT tags (every special token but the pad) and the space before them, as copyNever. */
  const tags = tagsAndSeparator(tokenizer);
  const space = tokenizer.encode(' ')[0];
  const withTags = { ...config, copyNever: tags };

  /** Which positions of the encoded prompt the model blocks. */
  const blockedOf = (ids: number[]): number[] => {
    const block = copyBlock(Int32Array.from(ids), new Float32Array(ids.length).fill(1), 1, ids.length, ids.length, withTags)!;
    return ids.flatMap((_, j) => (block[j] < 0 ? [j] : []));
  };
  /** What should be blocked: the opening, then every role or CoT tag and lone space in the rest. */
  const expectedBlock = (prompt: string, ids: number[]): number[] => {
    const o = promptOpenings().find((x) => prompt.startsWith(`${x} `));
    if (!o) throw new Error(`no opening: ${prompt}`);
    const n = tokenizer.encode(o).length;
    return ids.flatMap((id, j) => (j < n || tags.includes(id) ? [j] : []));
  };

  it('are the three role openings and prompt-only copying, set only for a pointer model and kept when a config names them', () => {
    expect(templates).toHaveLength(3);
    expect(config.copyFromPrompt).toBe(true);
    expect(config.copyNever).toBeUndefined(); // a flag (warmstart --copy-never-tags), not a default
    expect(tags.map((id) => tokenizer.decode([id]))).toEqual([...SPECIAL_TOKENS.filter((t) => t !== '<pad>'), ' ']);
    expect(templates.map((t) => tokenizer.decode(t))).toEqual(promptOpenings());
    expect(withCopyRules(base, tokenizer)).toBe(base);
    expect(withCopyRules({ ...base, copyHead: 0 }, tokenizer).copyTemplates).toBeUndefined();
    const named = { ...base, copyHead: 8, copyTemplates: [[5]] };
    expect(withCopyRules(named, tokenizer)).toBe(named);
    const allPositions = { ...base, copyHead: 8, copyFromPrompt: false }; // a model of the first pointer experiments
    expect(withCopyRules(allPositions, tokenizer)).toBe(allPositions);
    const tagsToo = withCopyRules({ ...base, copyHead: 8, copyNever: tags }, tokenizer); // warmstart --copy-never-tags
    expect(tagsToo).toEqual({ ...config, copyNever: tags });
  });

  it('block exactly the opening of every role prompt the lab trains on (corpus, v1 and v2 transcripts, awkward seeds), and with copyNever its tags', () => {
    const world = buildWorld(PRESETS.classroom.worldSeed);
    const rng = new Rng(3);
    const prompts = [
      ...worldCorpus(world).filter((t) => t.startsWith('<attacker>') || t.startsWith('<defender>')),
      ...sftExamples(world, rng, 400).map((e) => e.prompt),
      ...Array.from({ length: 200 }, (_, i) => v2RoleExample(world, rng, i % 2 ? 'attacker' : 'defender').prompt),
    ];
    for (const text of ['', ' ', ':', '"quoted"', '  two spaces', 'Seed: nested', 'User: me', 'ÜBER café', '<think>', '\tTab'])
      for (const cot of [true, false]) prompts.push(attackerPrompt(text, 'harmful', cot), attackerPrompt(text, 'benign', cot), defenderPrompt(text, cot));
    expect(prompts.length).toBeGreaterThan(1000);
    let tagsAfterOpening = 0;
    for (const p of prompts) {
      const ids = tokenizer.encode(p);
      const want = expectedBlock(p, ids);
      expect(blockedOf(ids), p).toEqual(want);
      tagsAfterOpening += want.filter((j) => j >= tokenizer.encode(promptOpenings().find((x) => p.startsWith(`${x} `))!).length).length;
    }
    expect(tagsAfterOpening).toBeGreaterThan(prompts.length / 2); // the CoT prompts' closing <think>, at least
  });

  it('the blocked space is the one the builders put before every tag, in prompts and completions', () => {
    const world = buildWorld(PRESETS.classroom.worldSeed);
    let seen = 0;
    for (const e of sftExamples(world, new Rng(4), 300)) {
      for (const ids of [tokenizer.encode(e.prompt), tokenizer.encode(' ' + e.completion)])
        ids.forEach((id, j) => {
          if (j === 0 || id === space || !tags.includes(id)) return;
          expect(ids[j - 1], e.prompt + e.completion).toBe(space);
          seen++;
        });
    }
    expect(seen).toBeGreaterThan(600);
  });
});
