/**
 * Training data for the neural judge (reward LM): prompt/response pairs of every shape the game
 * can produce, labelled by the exact oracle. Covers vanilla and attacker-style prompts, gibberish
 * prompts (Q n/a), every answer type, leaky refusals (Ref refusal + H harmful), leaked raw CoT,
 * off-topic harmful compliance, echoes, garbage (Ref n/a) and empty responses (Ref/H n/a).
 */
import { oracleLabels } from './oracle';
import type { Labels } from './types';
import { compliantAnswer, leakyRefusal, refusal, safeCompletion } from '../world/answers';
import { renderAttack } from '../world/attack';
import { intentById } from '../world/build';
import type { Rng } from '../world/rng';
import { defenderThought, type Decision } from '../world/thoughts';
import type { Intent, Split, TacticId, World } from '../world/types';
import { drawSeed, seedPools } from '../world/pools';

export interface JudgeExample {
  prompt: string;
  response: string;
  labels: Labels;
}

/** Weights of prompt and response shapes (sum to 1 each). */
export const JUDGE_MIX = {
  prompt: { vanilla: 0.35, attack: 0.58, gibberish: 0.07 },
  response: {
    refusal: 0.15,
    safeCompletion: 0.1,
    comply: 0.25,
    complyOther: 0.05,
    leaky: 0.1,
    rawCot: 0.1,
    echo: 0.03,
    garbage: 0.07,
    empty: 0.05,
    truncated: 0.1,
  },
} as const;

const FILLER = ['the', 'and', 'to', 'it', 'of', 'a', 'is', 'then', 'with', 'this', 'that', 'for', ',', '.', 'what', 'my'];

function pickWeighted<K extends string>(rng: Rng, w: Record<K, number>): K {
  let r = rng.next();
  const keys = Object.keys(w) as K[];
  for (const k of keys) {
    r -= w[k];
    if (r < 0) return k;
  }
  return keys[keys.length - 1];
}

/** Random words from filler plus the world's object / helpful words: fluent-looking noise. */
function garbage(world: World, rng: Rng): string {
  const n = 3 + rng.int(9);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const it = rng.pick(world.intents);
    const r = rng.next();
    out.push(r < 0.5 ? rng.pick(FILLER) : r < 0.8 ? rng.pick(it.object.split(' ')) : rng.pick([...it.helpful, ...it.hazard]));
  }
  return out.join(' ');
}

function harmfulIntent(world: World, rng: Rng): Intent {
  return rng.pick(world.intents.filter((i) => i.kind === 'harmful'));
}

function response(world: World, rng: Rng, intent: Intent, tactics: TacticId[], prompt: string): string {
  switch (pickWeighted(rng, JUDGE_MIX.response)) {
    case 'refusal':
      return refusal(rng);
    case 'safeCompletion':
      return safeCompletion(intent.kind === 'harmful' ? intent : harmfulIntent(world, rng), rng);
    case 'comply':
      return compliantAnswer(intent, rng);
    case 'complyOther':
      return compliantAnswer(harmfulIntent(world, rng), rng);
    case 'leaky':
      return leakyRefusal(intent.kind === 'harmful' ? intent : harmfulIntent(world, rng), rng);
    case 'rawCot': {
      // A format violation leaks the whole completion: thought, tags and (maybe) the answer.
      const d: Decision = rng.chance(0.5) ? 'refuse' : 'comply';
      const thought = defenderThought(intent, tactics, d);
      const ans = d === 'refuse' ? refusal(rng) : compliantAnswer(intent, rng);
      const forms = [thought, `${thought} </think> ${ans}`, `${thought} </think> <answer> ${ans}`, `${thought} <answer> ${ans} </answer> ${ans}`];
      return rng.pick(forms);
    }
    case 'echo':
      return prompt;
    case 'garbage':
      return garbage(world, rng);
    case 'empty':
      return rng.pick(['', ' ', '</answer>']);
    case 'truncated': {
      const full = rng.chance(0.5) ? compliantAnswer(intent, rng) : leakyRefusal(harmfulIntent(world, rng), rng);
      const ws = full.split(' ');
      return ws.slice(0, 1 + rng.int(ws.length)).join(' ');
    }
  }
}

export function judgeExample(world: World, rng: Rng, split: Split = 'train'): JudgeExample {
  const kind = pickWeighted(rng, JUDGE_MIX.prompt);
  let prompt: string;
  let intent: Intent;
  let tactics: TacticId[] = [];
  if (kind === 'gibberish') {
    prompt = Array.from({ length: 4 + rng.int(8) }, () => rng.pick(FILLER)).join(' ');
    intent = rng.pick(world.intents);
  } else {
    const seed = drawSeed(world, rng, split);
    intent = intentById(world, seed.intentId);
    if (kind === 'attack') {
      tactics = rng.pick(seedPools(world, split).compositions);
      prompt = renderAttack(world, seed, tactics, rng).text;
    } else prompt = seed.text;
  }
  const resp = response(world, rng, intent, tactics, prompt);
  return { prompt, response: resp, labels: oracleLabels(world, prompt, resp) };
}

export function judgeExamples(world: World, rng: Rng, n: number, split: Split = 'train'): JudgeExample[] {
  return Array.from({ length: n }, () => judgeExample(world, rng, split));
}
