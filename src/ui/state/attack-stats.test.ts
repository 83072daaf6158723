import { describe, expect, it } from 'vitest';
import type { GameRecord } from '../../engine/api';
import type { TacticId } from '../../engine/world/types';
import { addGames, attackMap, heatmap, TACTIC_KEYS, tacticKeys, windowWidth } from './attack-stats';
import { familyName } from './family-stats';
import { GameLedger } from './game-ledger';

const move = { thought: '', answer: 'a', raw: 'r', formatOk: true };
function g(iter: number, tactics: TacticId[], won: boolean, over: Partial<GameRecord> = {}): GameRecord {
  return {
    iter,
    seedText: 's',
    seedKind: 'harmful',
    contrast: false,
    intentId: 'weapons.pipe_bomb',
    generated: true,
    human: false,
    attacker: move,
    defender: move,
    judge: { q: 'harmful', ref: won ? 'compliance' : 'refusal', h: won ? 'harmful' : 'harmless' },
    oracle: { q: 'harmful', ref: won ? 'compliance' : 'refusal', h: won ? 'harmful' : 'harmless' },
    oracleTactics: tactics,
    rewards: { attacker: 0, defender: 0 },
    tie: false,
    ...over,
  };
}

describe('tactic heatmap', () => {
  it('counts only attacker rewrites of harmful requests', () => {
    const t = addGames([], [g(1, ['fiction'], true), g(1, [], false, { generated: false, attacker: null }), g(1, ['fiction'], false, { seedKind: 'benign' })]);
    expect(t).toHaveLength(1);
    expect(t[0].attacks).toBe(1);
    expect(t[0].byTactic.fiction).toEqual({ n: 1, wins: 1 });
  });

  it('gives each window the share of attacks using a tactic and its success rate', () => {
    const t = addGames([], [g(1, ['fiction'], true), g(1, ['fiction', 'roleplay'], false), g(2, ['roleplay'], false), g(2, [], true)]);
    const cols = heatmap(t, 12);
    expect(cols.map((c) => [c.from, c.to, c.attacks])).toEqual([
      [1, 1, 2],
      [2, 2, 2],
    ]);
    const fiction1 = cols[0].cells.find((c) => c.tactic === 'fiction')!;
    expect(fiction1).toEqual({ tactic: 'fiction', share: 1, n: 2, success: 0.5 });
    const none2 = cols[1].cells.find((c) => c.tactic === 'none')!;
    expect(none2.share).toBe(0.5);
    expect(none2.success).toBe(1);
    expect(cols[1].cells.find((c) => c.tactic === 'emotional')!.success).toBeNull();
  });

  it('widens windows so a long run keeps at most maxColumns columns', () => {
    expect(windowWidth(10, 12)).toBe(1);
    expect(windowWidth(100, 12)).toBe(9);
    const games = Array.from({ length: 100 }, (_, i) => g(i + 1, ['authority'], i % 2 === 0));
    const cols = heatmap(addGames([], games), 12);
    expect(cols.length).toBeLessThanOrEqual(12);
    expect(cols[0]).toMatchObject({ from: 1, to: 9, attacks: 9 });
    expect(cols.reduce((a, c) => a + c.attacks, 0)).toBe(100);
  });
});

describe('attack map', () => {
  it('colours harm category × tactic by success over the recent iterations only', () => {
    const t = addGames([], [
      g(1, ['fiction'], true, { intentId: 'cyber.keylogger' }),
      g(20, ['fiction'], false, { intentId: 'cyber.keylogger' }),
      g(20, ['fiction'], true, { intentId: 'cyber.keylogger' }),
      g(20, ['emotional'], true, { intentId: 'drugs.meth' }),
    ]);
    const m = attackMap(t, 10);
    expect([m.from, m.to, m.attacks]).toEqual([11, 20, 3]);
    const cell = (cat: string, tac: string) => m.rows.find((r) => r.category === cat)!.cells.find((c) => c.tactic === tac)!;
    expect(cell('cyber', 'fiction')).toMatchObject({ n: 2, success: 0.5 });
    expect(cell('drugs', 'emotional')).toMatchObject({ n: 1, success: 1 });
    expect(cell('weapons', 'fiction')).toMatchObject({ n: 0, success: null });
    expect(m.rows.map((r) => r.category)).toEqual(['weapons', 'cyber', 'drugs', 'fraud', 'harassment', 'theft']);
  });
});

describe('world v2 tallies', () => {
  /** A world-v2 game: oracleTactics holds grammar-v2 family ids. */
  const g2 = (iter: number, families: string[], won: boolean, over: Partial<GameRecord> = {}) => g(iter, [], won, { oracleTactics: families, ...over });
  const t = addGames([], [
    g2(1, ['caesar', 'persona_short'], true),
    g2(1, ['fiction'], false, { intentId: 'cyber.keylogger' }),
    g2(2, [], true),
    g2(2, ['caesar'], false),
  ]);

  it('shows only the families that occur, in grammar order, then "none"', () => {
    expect(tacticKeys(t, 'v2')).toEqual(['persona_short', 'fiction', 'caesar', 'none']);
    expect(tacticKeys([], 'v2')).toEqual(['none']);
    expect(tacticKeys(t, 'v1')).toBe(TACTIC_KEYS);
  });

  it('gives v2 heatmap rows and attack map columns, named plainly', () => {
    const keys = tacticKeys(t, 'v2');
    const cols = heatmap(t, 12, keys);
    expect(cols[0].cells.map((c) => familyName(c.tactic, 'v2'))).toEqual(['Short persona', 'Story scene', 'Caesar cipher', 'No tactic']);
    expect(cols[0].cells.find((c) => c.tactic === 'caesar')).toEqual({ tactic: 'caesar', share: 0.5, n: 1, success: 1 });
    expect(cols[1].cells.find((c) => c.tactic === 'none')).toMatchObject({ n: 1, success: 1 });
    const m = attackMap(t, 10, keys);
    expect(m.rows[0].cells.map((c) => c.tactic)).toEqual(keys);
    const cell = (cat: string, tac: string) => m.rows.find((r) => r.category === cat)!.cells.find((c) => c.tactic === tac)!;
    expect(cell('weapons', 'caesar')).toMatchObject({ n: 2, success: 0.5 });
    expect(cell('cyber', 'fiction')).toMatchObject({ n: 1, success: 0 });
  });

  it('keeps the ten v1 rows by default', () => {
    expect(heatmap(t, 12)[0].cells.map((c) => c.tactic)).toEqual([...TACTIC_KEYS]);
  });
});

describe('game ledger', () => {
  it('tallies each game once across overlapping lists and starts over for a new run', () => {
    const l = new GameLedger();
    const a = [g(1, ['fiction'], true), g(1, ['roleplay'], false)];
    expect(l.sync([...a].reverse())).toBe(true);
    const b = [g(2, ['fiction'], false)];
    expect(l.sync([...b, ...[...a].reverse()])).toBe(true);
    expect(l.sync([...b, ...[...a].reverse()])).toBe(false);
    expect(l.tallies.map((t) => [t.iter, t.attacks])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    // A page list capped at a few games still adds up over the run.
    const c = [g(3, ['authority'], true)];
    l.sync([...c, ...b]);
    expect(l.tallies.reduce((s, t) => s + t.attacks, 0)).toBe(4);
    // A new run: the page empties its list.
    expect(l.sync([])).toBe(true);
    expect(l.tallies).toEqual([]);
    l.sync([g(1, ['fiction'], false)]);
    expect(l.tallies.map((t) => t.attacks)).toEqual([1]);
  });

  it('notices a different run even when the empty list was never seen', () => {
    const l = new GameLedger();
    l.sync([g(5, ['fiction'], true), g(4, ['fiction'], true)]);
    l.sync([g(1, ['roleplay'], false)]);
    expect(l.tallies.map((t) => t.iter)).toEqual([1]);
  });

  it('points out the newest human attack, new tactic combination or success', () => {
    const l = new GameLedger();
    const first = [g(1, ['fiction'], false)];
    l.sync(first);
    expect(l.notable(first)).toBeNull();
    const newCombo = g(2, ['fiction', 'emotional'], false);
    const list2 = [g(2, ['fiction'], false), newCombo, ...first];
    l.sync(list2);
    expect(l.notable(list2)).toEqual({ game: newCombo, reason: 'new-tactic' });
    const win = g(3, ['fiction'], true);
    const list3 = [win, ...list2];
    l.sync(list3);
    expect(l.notable(list3)?.reason).toBe('success');
    const human = g(3, [], false, { human: true });
    const list4 = [human, ...list3];
    l.sync(list4);
    expect(l.notable(list4)).toEqual({ game: human, reason: 'human' });
  });
});
