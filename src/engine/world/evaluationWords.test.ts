import { describe, expect, it } from 'vitest';
import { PLAIN_BENIGN } from '../eval/plainBenign';
import { EVALUATION_WORDS } from './evaluationWords';

describe('evaluation words', () => {
  it('are exactly the words of the held-out everyday evaluation (re-derived from it)', () => {
    const words = new Set<string>();
    for (const c of PLAIN_BENIGN) for (const s of [c.text, c.activity, ...c.keys]) for (const w of s.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
    expect([...EVALUATION_WORDS].sort()).toEqual([...words].sort());
    expect(EVALUATION_WORDS).toContain('sourdough');
  });
});
