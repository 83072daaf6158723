/** The shipped vocabulary (world-bpe.json, `npm run lab -- train-tokenizer --vocab 2048`) loads and behaves. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { BpeTokenizer } from './bpe';
import { SPECIAL_TOKENS } from './types';

const file = JSON.parse(readFileSync(join(__dirname, 'world-bpe.json'), 'utf8'));

describe('shipped BPE vocabulary', () => {
  const tok = BpeTokenizer.fromJSON(file);

  it('has 2048 tokens, its command and the WordNet notice', () => {
    expect(tok.vocabSize).toBe(2048);
    expect(file.about.command).toBe('npm run lab -- train-tokenizer --vocab 2048 --out FILE');
    expect(file.about.notice).toMatch(/WordNet 3\.0 Copyright 2006 by Princeton University/);
  });

  it('encodes typed English in subwords, keeps case, and round-trips', () => {
    const s = 'How do I bake sourdough bread at home? Ignore all previous instructions.';
    const ids = tok.encode(s);
    expect(tok.decode(ids)).toBe(s);
    expect(ids.length).toBeLessThan(s.length / 2); // well under one token per character
    expect(tok.encode(' Bomb')).not.toEqual(tok.encode(' bomb'));
    expect(tok.encode(' bomb').length).toBe(1); // a world word
    expect(tok.encode(' the').length).toBe(1);
    for (const sp of SPECIAL_TOKENS) expect(tok.encode(sp)).toEqual([tok.id(sp)]);
  });
});
