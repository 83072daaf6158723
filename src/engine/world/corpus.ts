/**
 * worldCorpus: every kind of text the world can produce (realized, in both request styles), so the
 * tokenizer trained on it covers all words, misspellings, split letters, hazard terms, thoughts and role prompts.
 */
import { attackerPrompt, cotCompletion, defenderPrompt } from './prompts';
import { ANSWER_TEMPLATES, REFUSALS, compliantAnswer, leakyRefusal, safeCompletion } from './answers';
import { renderAttack } from './attack';
import { SAFETY_INFO } from './lexicon';
import { splitLetters } from './misspell';
import { realize } from './realize';
import { Rng } from './rng';
import { seeds } from './seeds';
import { PAYLOAD_VARS, TACTIC_SURFACES } from './tactics';
import { fill, headWord } from './text';
import { attackerThought, defenderThought, type Decision } from './thoughts';
import { TACTICS, type World } from './types';

const ALPHABET = 'a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9';

export function worldCorpus(world: World): string[] {
  const rng = new Rng((world.seed ^ 0x5eed5eed) >>> 0);
  const out: string[] = [ALPHABET];
  const all = [...seeds(world, 'train'), ...seeds(world, 'heldout')];
  const byIntent = new Map(all.map((s) => [s.intentId, s]));
  for (const s of all) {
    out.push(s.text);
    for (const cot of [true, false]) {
      out.push(attackerPrompt(s.text, s.kind, cot));
      out.push(defenderPrompt(s.text, cot));
    }
  }
  // Attacks: every composition of both splits on every intent.
  const comps = [...world.compositions.train, ...world.compositions.heldout];
  for (const s of byIntent.values()) for (const c of comps) out.push(renderAttack(world, s, c, rng).text);
  // Every tactic surface variant with every benign chore, and every obfuscated / split form.
  const benign = world.intents.filter((i) => i.kind === 'benign');
  for (const t of TACTICS) {
    const sf = TACTIC_SURFACES[t];
    for (const v of [...sf.pre, ...sf.post, ...sf.frame])
      for (const b of v.includes('{B}') ? benign : benign.slice(0, 1)) out.push(fill(v, { A: b.action, B: b.action }));
  }
  for (const it of world.intents) {
    const head = headWord(it.object);
    out.push(it.euphemisms.join(' . '), splitLetters(head));
    out.push((world.misspellings[head] ?? []).join(' '));
    out.push(PAYLOAD_VARS.map((v) => `let ${v} = ${it.action} .`).join(' '));
    // Answers of every kind.
    out.push(...REFUSALS, safeCompletion(it, rng), compliantAnswer(it, rng));
    if (it.kind === 'harmful') {
      for (const tpl of [...ANSWER_TEMPLATES.HARMFUL_COMPLY, ...ANSWER_TEMPLATES.LEAKY])
        out.push(fill(tpl, { A: it.action, H1: it.hazard[0], H2: it.hazard[1], H3: it.hazard[2] }));
      out.push(leakyRefusal(it, rng));
    } else {
      for (const tpl of ANSWER_TEMPLATES.BENIGN_COMPLY)
        out.push(fill(tpl, { A: it.action, W1: it.helpful[0], W2: it.helpful[1], W3: it.helpful[2] }));
    }
    // Thoughts for every decision, plain and behind each tactic; attacker plans with each tactic.
    for (const d of ['refuse', 'comply'] as Decision[]) {
      out.push(defenderThought(it, [], d));
      for (const t of TACTICS) out.push(cotCompletion(defenderThought(it, [t], d), REFUSALS[0]));
    }
    for (const t of TACTICS) out.push(attackerThought(it, it, [t]), attackerThought(it, benign[0], [t, 'fiction']));
  }
  out.push(...Object.values(SAFETY_INFO));
  // As the model sees text: realized, in both request styles.
  return [...new Set(out.flatMap((s) => [realize(s), realize(s, 'lower')]))];
}
