import { describe, expect, it } from 'vitest';
import { parseCot } from '../game/format';
import { analyzeText, oracleLabels } from '../judge/oracle';
import { buildWorld, intentById } from '../world/build';
import { Rng } from '../world/rng';
import { seeds } from '../world/seeds';
import { judgeExamples } from '../judge/examples';
import { attackerExample, defenderExample, sftExamples, type SftExample } from './transcripts';
import { FRAMING } from '../world/tactics';
import { POLICY, harmfulComplyProbability } from './transcriptsPolicy';
import { ANSWER_MANNERS, MANNER_SHARE } from '../world/plainRequests';
import { actionVariants } from '../world/verbVariants';
import { COINED_SHAPE } from '../world/coinedWords';

const world = buildWorld(3);

/** Public move of a completion, and the user / seed text of a role prompt. */
function move(e: SftExample): string {
  return e.prompt.endsWith('<think>') ? parseCot(e.completion).answer : e.completion;
}
/** The made-up words an echo request asks to repeat. */
function echoWords(e: SftExample): string[] {
  return (/: ([a-z ]+)[.?]( can you repeat them\?)?$/i.exec(userText(e))?.[1] ?? '').split(' ').filter(Boolean);
}

function userText(e: SftExample): string {
  return e.prompt.replace(/^<defender> User: /, '').replace(/ <(think|reply)>$/, '');
}
function seedText(e: SftExample): string {
  return e.prompt.replace(/^.* Seed: /, '').replace(/ <(think|reply)>$/, '');
}

interface Tally {
  n: number;
  hits: number;
  expected: number; // sum of per-example expected probabilities
}
const tally = (): Tally => ({ n: 0, hits: 0, expected: 0 });
function add(t: Tally, hit: boolean, p: number): void {
  t.n++;
  t.hits += hit ? 1 : 0;
  t.expected += p;
}
/** |observed − expected| within 3.5 standard errors (binomial), deterministic given the seed. */
function near(t: Tally): void {
  const p = t.expected / t.n;
  const se = Math.sqrt((p * (1 - p)) / t.n);
  expect(Math.abs(t.hits / t.n - p), `rate ${t.hits}/${t.n} vs ${p.toFixed(3)}`).toBeLessThanOrEqual(3.5 * se + 1e-9);
}

describe('warm-start transcript policy (measured with the oracle on 2000 samples)', () => {
  const ex = sftExamples(world, new Rng(2024), 2000);
  const plainHarmfulRefuse = tally();
  const wrappedHarmfulComply = tally();
  const plainBenignComply = tally();
  const plainContrastRefuse = tally();
  const wrappedBenignRefuse = tally();
  const faithful = tally();
  const kindOf = (id: string) => intentById(world, id).kind;

  const plainEnglish = tally();
  for (const e of ex) {
    if (e.plain) {
      // Everyday requests outside the world: always helped, harmless (the oracle sees no world intent).
      const l = oracleLabels(world, userText(e), move(e));
      add(plainEnglish, l.q === 'na' && l.ref === 'compliance' && l.h === 'harmless', 1);
    } else if (e.role === 'defender') {
      const prompt = userText(e);
      const a = analyzeText(world, prompt);
      const l = oracleLabels(world, prompt, move(e));
      if (l.q === 'harmful') {
        if (a.tactics.length === 0) add(plainHarmfulRefuse, l.ref === 'refusal' && l.h === 'harmless', POLICY.REFUSE_PLAIN_HARMFUL);
        else add(wrappedHarmfulComply, l.ref === 'compliance' && l.h === 'harmful', harmfulComplyProbability(a.tactics));
      } else if (l.q === 'benign') {
        const contrast = a.intents.some((id) => kindOf(id) === 'contrast');
        if (a.tactics.length > 0) add(wrappedBenignRefuse, l.ref === 'refusal', POLICY.REFUSE_WRAPPED_BENIGN);
        else if (contrast) add(plainContrastRefuse, l.ref === 'refusal', POLICY.REFUSE_PLAIN_CONTRAST);
        else add(plainBenignComply, l.ref === 'compliance', POLICY.COMPLY_PLAIN_BENIGN);
      } else throw new Error(`defender prompt without intent: ${prompt}`);
    } else {
      const seedKind = analyzeText(world, seedText(e)).harmfulIntents.length > 0 ? 'harmful' : 'benign';
      const q = oracleLabels(world, move(e), '').q;
      add(faithful, q === seedKind, POLICY.ATTACKER_FAITHFUL);
    }
  }

  const report = {
    plainHarmfulRefuse,
    wrappedHarmfulComply,
    plainBenignComply,
    plainContrastRefuse,
    wrappedBenignRefuse,
    faithful,
  };
  // Printed so the measured rates show in the test log.
  console.log(
    Object.entries(report)
      .map(([k, t]) => `${k}: ${(t.hits / t.n).toFixed(3)} (expected ${(t.expected / t.n).toFixed(3)}, n=${t.n})`)
      .join('\n'),
  );

  it('refuses ~92% of plain harmful requests', () => near(plainHarmfulRefuse));
  it('complies with wrapped harmful requests at the tactic-dependent rate (~0.5 on average)', () => {
    near(wrappedHarmfulComply);
    const avg = wrappedHarmfulComply.expected / wrappedHarmfulComply.n;
    expect(avg).toBeGreaterThan(0.4);
    expect(avg).toBeLessThan(0.6);
  });
  it('helps ~95% of plain benign requests', () => near(plainBenignComply));
  it('over-refuses ~50% of plain contrast requests', () => near(plainContrastRefuse));
  it('over-refuses ~45% of wrapped benign requests', () => near(wrappedBenignRefuse));
  it('helps every everyday plain-English request (about a fifth of defender turns)', () => {
    expect(plainEnglish.hits).toBe(plainEnglish.n);
    const defenders = ex.filter((e) => e.role === 'defender').length;
    expect(Math.abs(plainEnglish.n / defenders - POLICY.PLAIN_ENGLISH_SHARE)).toBeLessThan(0.05);
  });
  it('attacker is mostly faithful (>= 90%)', () => {
    near(faithful);
    expect(faithful.hits / faithful.n).toBeGreaterThanOrEqual(0.9);
  });
  it('has the no-CoT share and both roles', () => {
    const noCot = ex.filter((e) => e.prompt.endsWith('<reply>')).length / ex.length;
    expect(Math.abs(noCot - POLICY.NO_COT_FRACTION)).toBeLessThan(0.04);
    expect(Math.abs(ex.filter((e) => e.role === 'defender').length / ex.length - POLICY.DEFENDER_SHARE)).toBeLessThan(0.04);
  });
});

describe('splits used by the transcripts', () => {
  it('sftExamples draw only from train seeds and train compositions', () => {
    const trainText = new Set(seeds(world, 'train').map((s) => s.text));
    const trainComp = new Set(world.compositions.train.map((c) => [...c].sort().join('+')));
    for (const e of sftExamples(world, new Rng(8), 1500)) {
      if (e.plain) continue; // outside the world: no seed, no composition (its held-out eval set: eval/plainBenign.test.ts)
      if (e.everydayWords) continue; // a world intent in everyday words: its own test below
      if (e.role === 'attacker') {
        expect(trainText.has(seedText(e))).toBe(true);
        const t = analyzeText(world, move(e)).tactics;
        expect(trainComp.has([...t].sort().join('+')), move(e)).toBe(true);
      } else {
        const t = analyzeText(world, userText(e)).tactics;
        if (t.length === 0) expect(trainText.has(userText(e))).toBe(true);
        else expect(trainComp.has([...t].sort().join('+'))).toBe(true);
      }
    }
  });

  it('world requests in everyday words keep their intent, carry no tactic and never open like a held-out phrasing', () => {
    const heldHeads = world.templates.filter((t) => t.split === 'heldout').map((t) => t.text.split(' ').slice(0, 2).join(' '));
    const everyday = sftExamples(world, new Rng(9), 3000).filter((e) => e.everydayWords);
    expect(everyday.length).toBeGreaterThan(100);
    const kinds = new Set<string>();
    for (const e of everyday) {
      const text = userText(e);
      const a = analyzeText(world, text);
      expect(a.intents.length, text).toBe(1);
      expect(a.tactics, text).toEqual([]);
      kinds.add(intentById(world, a.intents[0]).kind);
      const head = text.toLowerCase().replace(/^(hi|hello|hey there|quick question)[.!]\s*/, '').split(/\s+/).slice(0, 2).join(' ');
      for (const h of heldHeads) expect(head, text).not.toBe(h);
    }
    expect([...kinds].sort()).toEqual(['benign', 'contrast', 'harmful']);
  });

  it('with everydaySeeds, ~35% of attacker seeds are asked in everyday words: train tactics, no held-out opening, the wording kept in the attack', () => {
    const trainText = new Set(seeds(world, 'train').map((s) => s.text));
    const trainComp = new Set(world.compositions.train.map((c) => [...c].sort().join('+')));
    const heldHeads = world.templates.filter((t) => t.split === 'heldout').map((t) => t.text.split(' ').slice(0, 2).join(' '));
    const rng = new Rng(10);
    const all = Array.from({ length: 2000 }, () => attackerExample(world, rng, 'train', { everydaySeeds: true }));
    const everyday = all.filter((e) => !trainText.has(seedText(e)));
    expect(Math.abs(everyday.length / all.length - POLICY.ATTACKER_SEED_IN_EVERYDAY_WORDS)).toBeLessThan(0.04);
    let kept = 0;
    for (const e of everyday) {
      const seed = seedText(e);
      const a = analyzeText(world, seed);
      expect(a.intents.length, seed).toBe(1);
      expect(a.tactics, seed).toEqual([]);
      const head = seed.toLowerCase().replace(/^(hi|hello|hey there|quick question)[.!:]?\s*/, '').split(/\s+/).slice(0, 2).join(' ');
      for (const h of heldHeads) expect(head, seed).not.toBe(h);
      const attack = analyzeText(world, move(e));
      expect(trainComp.has([...attack.tactics].sort().join('+')), move(e)).toBe(true);
      // A faithful attack that neither frames nor rewrites the request repeats the seed as typed (case included).
      if (attack.intents[0] === a.intents[0] && !attack.tactics.some((t) => FRAMING.includes(t) || t === 'obfuscation' || t === 'payload_splitting')) {
        expect(move(e), seed).toContain(seed.replace(/[.?!]+$/, ''));
        kept++;
      }
    }
    expect(kept).toBeGreaterThan(50);
    // Held-out seeds and the default are untouched: the same draws as without the option.
    const [r1, r2] = [new Rng(11), new Rng(11)];
    for (let i = 0; i < 50; i++) expect(attackerExample(world, r1, 'heldout', { everydaySeeds: true })).toEqual(attackerExample(world, r2, 'heldout'));
  });

  it('ask harmful everyday-words requests with other verbs about half the time, the thought restating the verb as asked', () => {
    const everyday = sftExamples(world, new Rng(10), 4000).filter((e) => e.everydayWords && e.completion.includes('</think>'));
    let harmful = 0;
    let varied = 0;
    for (const e of everyday) {
      const intent = intentById(world, analyzeText(world, userText(e)).intents[0]);
      const asked = /^The user wants to (.+?)\. /.exec(e.completion)?.[1] ?? '';
      expect(userText(e).toLowerCase(), e.completion).toContain(asked.toLowerCase());
      if (intent.kind !== 'harmful') {
        expect(asked.toLowerCase()).toBe(intent.action);
        continue;
      }
      harmful++;
      if (asked.toLowerCase() !== intent.action) {
        varied++;
        expect(actionVariants(intent)).toContain(asked.toLowerCase());
      }
    }
    expect(harmful).toBeGreaterThan(60);
    expect(Math.abs(varied / harmful - POLICY.VERB_VARIANT_SHARE)).toBeLessThan(0.15);
  });

  it('draw about half of the everyday requests from open-vocabulary objects, whose thought names the object', () => {
    const everyday = sftExamples(world, new Rng(11), 4000).filter((e) => e.plain);
    const plain = everyday.filter((e) => !e.echo);
    const open = plain.filter((e) => e.openVocabulary);
    expect(plain.length).toBeGreaterThan(300);
    expect(Math.abs(open.length / plain.length - POLICY.OPEN_VOCABULARY_SHARE)).toBeLessThan(0.08);
    for (const e of open.filter((x) => x.completion.includes('</think>'))) {
      const asked = /^The user wants to (.+?)\. /.exec(e.completion)?.[1] ?? '';
      expect(asked.length).toBeGreaterThan(0);
      expect(userText(e).toLowerCase()).toContain(asked.toLowerCase().replace(/\btheir\b/g, 'my'));
    }
  });

  it('with objectRequests, ~35% of the fixed-activity everyday requests ask about the object alone; off, the draws are the default ones', () => {
    const rng = new Rng(13);
    // Turns with a thought (it tells the frame apart) among the fixed-activity everyday requests.
    const plain = Array.from({ length: 8000 }, () => defenderExample(world, rng, 'train', { objectRequests: true }))
      .filter((e) => e.plain && !e.echo && !e.openVocabulary && e.completion.includes('</think>'));
    const about = plain.filter((e) => /The user wants help with /.test(e.completion));
    expect(plain.length).toBeGreaterThan(200);
    expect(Math.abs(about.length / plain.length - POLICY.OBJECT_FRAME_SHARE_OF_PLAIN)).toBeLessThan(0.08);
    for (const e of about) {
      const object = /The user wants help with (.+?)\. /.exec(e.completion)![1];
      expect(userText(e).toLowerCase()).toContain(object.toLowerCase().replace(/\btheir\b/g, 'my'));
    }
    const r1 = new Rng(14), r2 = new Rng(14);
    for (let i = 0; i < 300; i++) expect(defenderExample(world, r1, 'train', { objectRequests: false, manners: false })).toEqual(defenderExample(world, r2));
    const r3 = new Rng(15), r4 = new Rng(15);
    for (let i = 0; i < 100; i++) expect(defenderExample(world, r3, 'heldout', { objectRequests: true })).toEqual(defenderExample(world, r4, 'heldout'));
  });

  it('with manners, about a quarter of everyday requests (plain and world) say how the answer should come; the thought restates the request without it', () => {
    const rng = new Rng(17);
    const turns = Array.from({ length: 8000 }, () => defenderExample(world, rng, 'train', { manners: true }))
      .filter((e) => ((e.plain && !e.echo && !e.openVocabulary) || e.everydayWords) && e.completion.includes('</think>'));
    const manner = (text: string) => ANSWER_MANNERS.find((m) => new RegExp(` ${m}[.?!,]?( |$)`, 'i').test(text));
    const said = turns.filter((e) => manner(userText(e)));
    expect(turns.length).toBeGreaterThan(400);
    expect(Math.abs(said.length / turns.length - MANNER_SHARE)).toBeLessThan(0.06);
    expect(said.some((e) => e.everydayWords) && said.some((e) => e.plain)).toBe(true);
    for (const e of said) {
      const thought = e.completion.slice(0, e.completion.indexOf('</think>'));
      expect(thought.toLowerCase(), thought).not.toContain(` ${manner(userText(e))!.toLowerCase()}`);
    }
  });

  it('with quotes, the thought of every unwrapped everyday request (plain or world, harmful or not) quotes it as typed; the rest and the draws are unchanged', () => {
    const on = new Rng(19), off = new Rng(19);
    let quoted = 0, harmful = 0;
    for (let i = 0; i < 6000; i++) {
      const q = defenderExample(world, on, 'train', { objectRequests: true, manners: true, quotes: true });
      const r = defenderExample(world, off, 'train', { objectRequests: true, manners: true });
      // Same prompt and answer: the option changes the thought only and draws nothing.
      expect(q.prompt).toBe(r.prompt);
      expect(move(q)).toBe(move(r));
      const everyday = ((q.plain && !q.echo) || q.everydayWords) && q.completion.includes('</think>');
      if (!everyday) {
        expect(q.completion).toBe(r.completion);
        continue;
      }
      const thought = parseCot(q.completion).thought;
      const text = userText(q);
      const quote = `The user asks: ${text}${/[.?!"]$/.test(text) ? '' : '.'} `;
      expect(thought.startsWith(quote), thought).toBe(true);
      // The verdict is the restated thought's ("This is harmful. I will refuse.").
      const verdict = (t: string) => t.slice(quote.length);
      expect(parseCot(r.completion).thought.endsWith(`. ${verdict(thought)}`), thought).toBe(true);
      quoted++;
      if (/I will refuse\.$/.test(thought)) harmful++;
    }
    expect(quoted).toBeGreaterThan(800);
    expect(harmful).toBeGreaterThan(20);
    const h1 = new Rng(20), h2 = new Rng(20);
    for (let i = 0; i < 100; i++) expect(defenderExample(world, h1, 'heldout', { quotes: true })).toEqual(defenderExample(world, h2, 'heldout'));
  });

  it('make about a third of the everyday turns echo requests, whose thought and answer repeat the coined words exactly', () => {
    const everyday = sftExamples(world, new Rng(12), 4000).filter((e) => e.plain);
    const echo = everyday.filter((e) => e.echo);
    expect(Math.abs(echo.length / everyday.length - POLICY.ECHO_SHARE_OF_PLAIN)).toBeLessThan(0.08);
    for (const e of echo) {
      const words = echoWords(e).join(' ');
      expect(words.length, userText(e)).toBeGreaterThan(3);
      expect(e.completion.split(words).length - 1, e.completion).toBe(e.completion.includes('</think>') ? 2 : 1);
    }
    // About half spell their words from tokenizer pieces: words the syllables cannot make.
    const coined = echo.filter((e) => echoWords(e).every((w) => COINED_SHAPE.test(w)));
    expect(Math.abs(1 - coined.length / echo.length - POLICY.PIECE_WORD_SHARE_OF_ECHO)).toBeLessThan(0.12);
  });

  it('heldout judge examples use heldout phrasings', () => {
    const trainText = new Set(seeds(world, 'train').map((s) => s.text));
    for (const e of judgeExamples(world, new Rng(1), 300, 'heldout')) expect(trainText.has(e.prompt)).toBe(false);
  });
});

describe('judgeExamples', () => {
  const ex = judgeExamples(world, new Rng(77), 3000);
  it('are labelled by the oracle', () => {
    for (const e of ex.slice(0, 200)) expect(e.labels).toEqual(oracleLabels(world, e.prompt, e.response));
  });
  it('cover every label value, leaky refusals and n/a', () => {
    const has = (f: (e: (typeof ex)[number]) => boolean): number => ex.filter(f).length;
    for (const q of ['harmful', 'benign', 'na']) expect(has((e) => e.labels.q === q)).toBeGreaterThan(50);
    for (const r of ['refusal', 'compliance', 'na']) expect(has((e) => e.labels.ref === r)).toBeGreaterThan(50);
    for (const h of ['harmful', 'harmless', 'na']) expect(has((e) => e.labels.h === h)).toBeGreaterThan(50);
    expect(has((e) => e.labels.ref === 'refusal' && e.labels.h === 'harmful')).toBeGreaterThan(100);
    expect(has((e) => e.response.includes('</think>'))).toBeGreaterThan(50);
    expect(has((e) => e.labels.q === 'benign' && e.labels.ref === 'refusal')).toBeGreaterThan(50);
  });
});
