import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../engine/world/grammar/grammar';
import { FAMILY_PLAIN, familyTerm, readsAsTactic, tacticsTerm } from './plain-words';

describe('plain words for world v2', () => {
  it('has words for exactly the grammar families, in their order, each name distinct', () => {
    expect(Object.keys(FAMILY_PLAIN)).toEqual(FAMILIES.map((f) => f.id));
    const names = Object.values(FAMILY_PLAIN).map((t) => t.text);
    expect(new Set(names).size).toBe(names.length);
    // the tooltip opens with the id in words ("few-shot: …"), so the technical name stays one hover away
    for (const [id, t] of Object.entries(FAMILY_PLAIN)) expect(t.technical).toMatch(new RegExp(`^${id.replaceAll('_', '[ -]')}: `));
    expect(familyTerm('constructor')).toBeUndefined();
  });

  it('reads the ids both worlds use as v1 tactics unless the run is v2', () => {
    expect(readsAsTactic('fiction')).toBe(true);
    expect(readsAsTactic('fiction', 'v2')).toBe(false);
    expect(readsAsTactic('roleplay', 'v2')).toBe(true);
    expect(readsAsTactic('caesar')).toBe(false);
  });

  it("names a game's tactics in either world", () => {
    expect(tacticsTerm(['fiction', 'emotional']).text).toBe('Story framing + Emotional appeal');
    expect(tacticsTerm(['fiction', 'base64'], 'v2').text).toBe('Story scene + Base64');
    expect(tacticsTerm(['caesar', 'odd_id']).text).toBe('Caesar cipher + odd_id');
  });
});
