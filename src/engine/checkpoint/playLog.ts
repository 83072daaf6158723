/**
 * The play log a run checkpoint carries besides weights and metrics: the human attack pool (the
 * class attacks board and its round-robin cursor) and the last RECENT_GAMES games (so the page's
 * game feed comes back after a reload or a load). Header field `play`; files written before it
 * existed have none and open with an empty log. Every field is checked before use, as the rest of
 * the header is (a sealed file proves integrity, not that this lab wrote it).
 */
import type { GameRecord, RoleMove } from '../api';
import { LabError } from '../errors';
import { MAX_HUMAN_ATTACKS, RECENT_PLAYS, type HumanAttack, type HumanPoolState } from '../game/humanAttacks';
import { TACTICS } from '../world/types';
import { FAMILIES } from '../world/grammar/grammar';

/** Tactic ids a game may record: the first world's tactics and world v2's grammar families. */
const KNOWN_TACTICS = new Set<unknown>([...TACTICS, ...FAMILIES.map((f) => f.id)]);
/** A v2 attack decodes to at most this many layers (grammar/decode.ts peels up to 8); v1 records at most 10 tactics. */
const MAX_RECORDED_TACTICS = 16;

/** Games kept for the feed. */
export const RECENT_GAMES = 64;

export interface PlayLog {
  humanPool: HumanPoolState;
  recentGames: GameRecord[];
}

export function emptyPlayLog(): PlayLog {
  return { humanPool: { attacks: [], cursor: 0, nextId: 1 }, recentGames: [] };
}

type Obj = Record<string, unknown>;

function corrupt(why: string): LabError {
  return new LabError('checkpoint-corrupt', `The checkpoint's play log is invalid: ${why}.`);
}
function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw corrupt(`${where} must be an object`);
  return v as Obj;
}
function get(o: Obj, key: string, where: string): unknown {
  if (!Object.hasOwn(o, key)) throw corrupt(`${where}.${key} is missing`);
  return o[key];
}
function str(o: Obj, key: string, where: string, max = 4000): string {
  const v = get(o, key, where);
  if (typeof v !== 'string' || v.length > max) throw corrupt(`${where}.${key} must be a string of at most ${max} characters`);
  return v;
}
function int(o: Obj, key: string, where: string): number {
  const v = get(o, key, where);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw corrupt(`${where}.${key} must be a non-negative integer`);
  return v;
}
function intOrNull(o: Obj, key: string, where: string): void {
  if (get(o, key, where) !== null) int(o, key, where);
}
function bool(o: Obj, key: string, where: string): boolean {
  const v = get(o, key, where);
  if (typeof v !== 'boolean') throw corrupt(`${where}.${key} must be true or false`);
  return v;
}
function oneOf(o: Obj, key: string, where: string, allowed: readonly string[]): void {
  const v = get(o, key, where);
  if (typeof v !== 'string' || !allowed.includes(v)) throw corrupt(`${where}.${key} must be one of ${allowed.join(', ')}`);
}
function list(v: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(v) || v.length > max) throw corrupt(`${where} must be a list of at most ${max} entries`);
  return v;
}
function numOrNull(o: Obj, key: string, where: string): void {
  const v = get(o, key, where);
  if (v !== null && typeof v !== 'number') throw corrupt(`${where}.${key} must be a number or null`);
}

function checkAttack(v: unknown, where: string): HumanAttack {
  const a = obj(v, where);
  for (const k of ['id', 'nickname', 'text', 'intentId']) str(a, k, where, 400);
  oneOf(a, 'kind', where, ['harmful', 'benign']);
  for (const k of ['addedAt', 'plays', 'wins', 'failStreak']) int(a, k, where);
  for (const k of ['firstWorkedAt', 'resistedAt', 'worksAgainAt', 'failStreakFrom']) intOrNull(a, k, where);
  list(get(a, 'recent', where), `${where}.recent`, RECENT_PLAYS).forEach((p, i) => {
    const w = `${where}.recent[${i}]`;
    const play = obj(p, w);
    int(play, 'iter', w);
    bool(play, 'worked', w);
    bool(play, 'judgeWorked', w);
  });
  if ((a.wins as number) > (a.plays as number)) throw corrupt(`${where} has more wins than plays`);
  return a as unknown as HumanAttack;
}

function checkPool(v: unknown): HumanPoolState {
  const p = obj(v, 'humanPool');
  const attacks = list(get(p, 'attacks', 'humanPool'), 'humanPool.attacks', MAX_HUMAN_ATTACKS).map((a, i) => checkAttack(a, `humanPool.attacks[${i}]`));
  const cursor = int(p, 'cursor', 'humanPool');
  const nextId = int(p, 'nextId', 'humanPool');
  if (attacks.length ? cursor >= attacks.length : cursor !== 0) throw corrupt('humanPool.cursor points past the attacks');
  if (new Set(attacks.map((a) => a.id)).size !== attacks.length) throw corrupt('humanPool.attacks repeat an id');
  return { attacks, cursor, nextId };
}

const LABELS = { q: ['harmful', 'benign', 'na'], ref: ['refusal', 'compliance', 'na'], h: ['harmful', 'harmless', 'na'] } as const;

function checkLabels(o: Obj, key: string, where: string): void {
  const l = obj(get(o, key, where), `${where}.${key}`);
  for (const [k, allowed] of Object.entries(LABELS)) oneOf(l, k, `${where}.${key}`, allowed);
}

function checkMove(v: unknown, where: string): RoleMove {
  const m = obj(v, where);
  for (const k of ['thought', 'answer', 'raw']) str(m, k, where);
  bool(m, 'formatOk', where);
  return m as unknown as RoleMove;
}

function checkGame(v: unknown, where: string): GameRecord {
  const g = obj(v, where);
  int(g, 'iter', where);
  str(g, 'seedText', where);
  oneOf(g, 'seedKind', where, ['harmful', 'benign']);
  bool(g, 'contrast', where);
  str(g, 'intentId', where, 200);
  bool(g, 'generated', where);
  const human = bool(g, 'human', where);
  if (human) {
    const h = obj(get(g, 'humanAttack', where), `${where}.humanAttack`);
    str(h, 'id', `${where}.humanAttack`, 40);
    str(h, 'nickname', `${where}.humanAttack`, 400);
  }
  const attacker = get(g, 'attacker', where);
  if (attacker !== null) checkMove(attacker, `${where}.attacker`);
  checkMove(get(g, 'defender', where), `${where}.defender`);
  checkLabels(g, 'judge', where);
  checkLabels(g, 'oracle', where);
  list(get(g, 'oracleTactics', where), `${where}.oracleTactics`, MAX_RECORDED_TACTICS).forEach((t) => {
    if (!KNOWN_TACTICS.has(t)) throw corrupt(`${where}.oracleTactics holds an unknown tactic ${JSON.stringify(t)}`);
  });
  const r = obj(get(g, 'rewards', where), `${where}.rewards`);
  numOrNull(r, 'attacker', `${where}.rewards`);
  numOrNull(r, 'defender', `${where}.rewards`);
  bool(g, 'tie', where);
  return g as unknown as GameRecord;
}

/** The `play` header field: absent (older files) → an empty log; present → checked field by field. */
export function checkPlayLog(header: Record<string, unknown>): PlayLog {
  if (!Object.hasOwn(header, 'play')) return emptyPlayLog();
  const p = obj(header.play, 'play');
  return {
    humanPool: checkPool(get(p, 'humanPool', 'play')),
    recentGames: list(get(p, 'recentGames', 'play'), 'play.recentGames', RECENT_GAMES).map((g, i) => checkGame(g, `play.recentGames[${i}]`)),
  };
}
