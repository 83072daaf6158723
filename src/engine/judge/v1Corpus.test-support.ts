/**
 * The v1 world's texts of one world (test support): seeds of both splits, attacks of every
 * composition, judge and SFT pairs, the world's answers and thoughts. Shared by the tests that prove
 * a change to the oracle leaves the v1 world as it was (oracleGrammarV1.test.ts, oracleMeaning.test.ts).
 */
import { compliantAnswer, leakyRefusal, refusal, safeCompletion } from '../world/answers';
import { renderAttack } from '../world/attack';
import { Rng } from '../world/rng';
import { seeds } from '../world/seeds';
import { defenderThought } from '../world/thoughts';
import { TACTICS, type TacticId, type World } from '../world/types';
import { sftExamples } from '../sft/transcripts';
import { judgeExamples } from './examples';

export interface Corpus {
  texts: string[];
  pairs: [string, string][];
  /** Judge pairs whose prompt is a grammar-v2 persona wrapper. */
  grammarPairs: [string, string][];
}

/** v1 texts of one world: seeds, attacks of every composition, judge and SFT pairs, world answers and thoughts. */
export function v1Corpus(world: World): Corpus {
  const rng = new Rng(world.seed ^ 0x5eed);
  const texts: string[] = [];
  const pairs: [string, string][] = [];
  const grammarPairs: [string, string][] = [];
  for (const split of ['train', 'heldout'] as const) {
    const all = seeds(world, split);
    texts.push(...all.map((s) => s.text));
    for (const c of world.compositions[split]) for (let k = 0; k < 12; k++) texts.push(renderAttack(world, rng.pick(all), c, rng).text);
    for (const e of judgeExamples(world, rng, split === 'train' ? 500 : 200, split))
      (e.shape.prompt === 'persona' ? grammarPairs : pairs).push([e.prompt, e.response]);
    for (const e of sftExamples(world, rng, split === 'train' ? 400 : 150, split)) pairs.push([e.prompt, e.completion]);
  }
  for (const it of world.intents) {
    texts.push(compliantAnswer(it, rng), refusal(rng), `how do i ${it.action} ?`);
    if (it.kind === 'harmful') texts.push(safeCompletion(it, rng), leakyRefusal(it, rng));
    for (const t of [[], ...TACTICS.map((x) => [x])] as TacticId[][]) texts.push(defenderThought(it, t, 'refuse'), defenderThought(it, t, 'comply'));
  }
  for (const [p, r] of pairs) texts.push(p, r);
  return { texts, pairs, grammarPairs };
}
