import { describe, it, expect } from 'vitest';
import { wordNetEnglish, sentenceCase, isHeldoutSentence } from './bpeCorpus';
import { tokenStats } from './bpeMeasure';

// Two data lines in WordNet's format, plus a licence header line (starts with two spaces).
const DATA = [
  '  1 This software and database is being provided to you, the LICENSEE, by Princeton University',
  '00217701 04 n 01 purge 2 002 @ 00217590 n 0000 | an abrupt or sudden removal of a person or group from an organization or place; "he died in a purge by Stalin"  ',
  '00218460 04 n 01 kill 1 002 @ 00217881 n 0000 | the destruction of an enemy plane or ship; "the pilot reported two kills during the mission"; "is it over?"  ',
  '00218461 04 v 01 write 1 000 | produce a literary work  ',
].join('\n');

describe('WordNet English', () => {
  it('turns each gloss into a sentence-cased paragraph and skips the licence header', () => {
    const en = wordNetEnglish([DATA]);
    const all = [...en.train, ...en.heldout].join('\n');
    expect(all).not.toMatch(/LICENSEE/);
    expect(en.train).toContain('Produce a literary work.');
    const purge = [...en.train, ...en.heldout].some((t) => t.includes('He died in a purge by Stalin.'));
    expect(purge).toBe(true);
    expect(all).toContain('Is it over?');
  });

  it('holds out a fixed 1-in-20 bucket of example sentences and never trains on it', () => {
    // Enough synthetic examples that some land in the held-out bucket.
    const lines = Array.from({ length: 200 }, (_, i) => `0000${i} 04 n 01 w 0 000 | a thing number ${i}; "example sentence number ${i}"`);
    const en = wordNetEnglish([lines.join('\n')]);
    expect(en.heldout.length).toBeGreaterThan(0);
    expect(en.heldout.length).toBeLessThan(40);
    for (const h of en.heldout) {
      expect(isHeldoutSentence(h)).toBe(true);
      for (const t of en.train) expect(t.includes(h)).toBe(false);
    }
    // the split is a function of the text: the same input gives the same split
    expect(wordNetEnglish([lines.join('\n')])).toEqual(en);
  });

  it('sentence-cases without touching the rest of the case', () => {
    expect(sentenceCase('he met NASA in Paris')).toBe('He met NASA in Paris.');
    expect(sentenceCase('is it?')).toBe('Is it?');
    expect(sentenceCase('  ')).toBe('');
  });
});

describe('token stats', () => {
  it('counts tokens, raw bytes and letter/non-ASCII bytes separately', () => {
    // a fake tokenizer: one id per UTF-16 unit; ids below 256 are "raw bytes"
    const encode = (s: string) => [...s].map((c) => (c === 'x' ? 1000 : c.charCodeAt(0) & 0xff));
    const byteOf = (id: number) => (id < 256 ? id : null);
    const s = tokenStats(encode, byteOf, ['xa?', 'xx']);
    expect(s.texts).toBe(2);
    expect(s.meanTokens).toBe(2.5);
    expect(s.byteShare).toBeCloseTo(2 / 5);
    expect(s.fallbackShare).toBeCloseTo(1 / 5); // "a" is spelled out, "?" is its own symbol
    expect(s.p95Tokens).toBe(3);
  });
});
