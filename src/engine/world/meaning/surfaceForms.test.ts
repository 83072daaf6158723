/**
 * Surface forms of intents (issue 9 item 1): ≥ 50 distinct forms per intent, a fixed held-out split
 * of ≥ 20% per intent, benign and contrast forms sharing the scary words of harmful ones, and a
 * reader that reads every form back as exactly its own intent.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildWorld } from '../build';
import { BENIGN, CONTRAST, HARMFUL } from '../lexicon';
import { OPEN_NOUNS } from '../openNouns.data';
import { OPEN_VERBS } from '../openRequests';
import { PHRASINGS } from '../phrasings';
import { PLAIN_ACTIVITIES, PLAIN_OPENERS, plainContexts } from '../plainRequests';
import { TACTIC_NAMES, TACTIC_SURFACES } from '../tactics';
import { fill } from '../text';
import { actionVariants } from '../verbVariants';
import { normalizeWords, readForms, readIntents } from './reader';
import { MEANING } from './specs';
import {
  HELDOUT_OBJECTS_PER_INTENT,
  HELDOUT_VERBS_PER_INTENT,
  INTENT_KEYS,
  INTENT_MEANINGS,
  allForms,
  fnv1a,
  heldoutForms,
  meaningOf,
  surfaceForms,
  trainForms,
} from './surfaceForms';

const world = buildWorld(42);
const words = (s: string): string[] => s.split(' ');
/** Does the word sequence `inner` occur inside `outer` (whole words)? */
const hasPhrase = (outer: string, inner: string): boolean => ` ${outer} `.includes(` ${inner} `);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Function words left out of the scary-word count (they separate nothing). */
const STOPWORDS = new Set(
  'a an the of to in on at for with from into by as and or that is it its who whose where while what my her his he she i me they their our your this out up off down over about no not'.split(
    ' ',
  ),
);

describe('surface forms: inventory', () => {
  it('cover exactly the world intents, keyed by the world ids, in the world order', () => {
    expect([...INTENT_KEYS]).toEqual(world.intents.map((i) => i.id));
    expect(Object.keys(MEANING).sort()).toEqual([...INTENT_KEYS].sort());
    for (const it of world.intents) {
      const m = meaningOf(it.id);
      expect(m.kind).toBe(it.kind);
      expect(m.action).toBe(it.action);
    }
  });

  it('start from the lexicon: canonical action first, verb variants and euphemisms included', () => {
    for (const it of world.intents) {
      const spec = MEANING[it.id];
      expect(`${spec.canon[0]} ${spec.canon[1]}`, it.id).toBe(it.action);
      expect(allForms(it.id)[0]).toBe(it.action);
      const m = meaningOf(it.id);
      if (it.kind === 'harmful') {
        expect(spec.euphemisms?.length, it.id).toBe(it.euphemisms.length);
        it.euphemisms.forEach((e, i) => expect(hasPhrase(spec.euphemisms![i], e), `${it.id}: ${e}`).toBe(true));
        for (const v of actionVariants(it)) expect(allForms(it.id), v).toContain(v);
      } else {
        expect(spec.euphemisms, it.id).toBeUndefined();
      }
      expect(m.verbs.length, it.id).toBe(5);
      expect(m.objects.length, it.id).toBe(10);
      expect(new Set(m.verbs).size, it.id).toBe(m.verbs.length);
      expect(new Set(m.objects).size, it.id).toBe(m.objects.length);
    }
  });

  it('give every intent ≥ 50 distinct forms: verbs × complements with no collision', () => {
    for (const key of INTENT_KEYS) {
      const m = meaningOf(key);
      const forms = allForms(key);
      expect(forms.length, key).toBe(m.verbs.length * m.objects.length);
      expect(new Set(forms).size, key).toBe(forms.length);
      expect(forms.length, key).toBeGreaterThanOrEqual(50);
    }
    const all = INTENT_KEYS.flatMap((k) => allForms(k));
    expect(new Set(all).size).toBe(all.length);
  });

  it('are lowercase canonical words, ≤ 10 words, with no tactic marker or tactic name', () => {
    const banned = [
      ...Object.values(TACTIC_SURFACES).flatMap((s) => s.markers),
      ...Object.values(TACTIC_NAMES),
    ].map((p) => normalizeWords(p).join(' '));
    for (const key of INTENT_KEYS) {
      for (const f of allForms(key)) {
        expect(f, key).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
        expect(words(f).length, f).toBeLessThanOrEqual(10);
        expect(banned.filter((b) => hasPhrase(f, b)), f).toEqual([]);
      }
    }
  });

  it("never contain another intent's world object or euphemism (the world's object anchors stay unambiguous)", () => {
    const anchors = world.intents.flatMap((it) => [it.object, ...it.euphemisms].map((p) => ({ id: it.id, p })));
    const bad: string[] = [];
    for (const key of INTENT_KEYS) {
      for (const f of allForms(key)) for (const a of anchors) if (a.id !== key && hasPhrase(f, a.p)) bad.push(`${f} (${key}) has "${a.p}" of ${a.id}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('surface forms: held-out split', () => {
  it('follows the stated rule: smallest FNV-1a hash among the hand-written verbs and complements', () => {
    for (const key of INTENT_KEYS) {
      const spec = MEANING[key];
      const m = meaningOf(key);
      const rank = (xs: string[]) => [...xs].sort((a, b) => fnv1a(`${key}\u0000${a}`) - fnv1a(`${key}\u0000${b}`) || a.localeCompare(b));
      expect(new Set(m.heldoutVerbs)).toEqual(new Set(rank(spec.verbs).slice(0, HELDOUT_VERBS_PER_INTENT)));
      expect(new Set(m.heldoutObjects)).toEqual(new Set(rank(spec.objects).slice(0, HELDOUT_OBJECTS_PER_INTENT)));
      for (const f of surfaceForms(key)) {
        const held = m.heldoutVerbs.includes(f.verb) || m.heldoutObjects.includes(f.object);
        expect(f.split, f.text).toBe(held ? 'heldout' : 'train');
      }
    }
  });

  it('holds out ≥ 20% of every intent, disjoint from train, together all forms', () => {
    for (const key of INTENT_KEYS) {
      const tr = trainForms(key);
      const ho = heldoutForms(key);
      const all = allForms(key);
      expect(ho.length / all.length, key).toBeGreaterThanOrEqual(0.2);
      expect(tr.filter((f) => ho.includes(f)), key).toEqual([]);
      expect([...tr, ...ho].sort()).toEqual([...all].sort());
    }
  });

  it('keeps what training already sees in train: canonical actions, verb variants, euphemisms with the canonical verb', () => {
    for (const it of world.intents) {
      const tr = trainForms(it.id);
      expect(tr, it.id).toContain(it.action);
      if (it.kind === 'harmful') {
        for (const v of actionVariants(it)) expect(tr, v).toContain(v);
        for (const e of MEANING[it.id].euphemisms!) expect(tr).toContain(`${MEANING[it.id].canon[0]} ${e}`);
      }
    }
  });

  it('held-out complements occur in no train form of any intent', () => {
    const train = INTENT_KEYS.flatMap((k) => trainForms(k));
    const bad: string[] = [];
    for (const m of INTENT_MEANINGS) for (const o of m.heldoutObjects) for (const f of train) if (hasPhrase(f, o)) bad.push(`${o} in train form ${f}`);
    expect(bad).toEqual([]);
  });

  it('no existing training text of the world carries a held-out form', () => {
    const texts: string[] = [];
    for (const it of world.intents) {
      texts.push(it.action, ...it.euphemisms.map((e) => it.action.replace(it.object, e)));
      if (it.kind === 'harmful') texts.push(...actionVariants(it)); // sft/transcripts.ts: harmful only
      for (const p of PHRASINGS) texts.push(fill(p, { A: it.action }));
    }
    for (const s of Object.values(TACTIC_SURFACES)) texts.push(...s.pre, ...s.post, ...s.frame);
    for (const a of PLAIN_ACTIVITIES) {
      texts.push(a.activity);
      for (const c of plainContexts(a.domain)) texts.push(`${a.activity} ${c}`);
    }
    texts.push(...PLAIN_OPENERS);
    for (const t of texts) {
      const held = readForms(t).filter((m) => m.split === 'heldout');
      expect(held.map((m) => m.text), t).toEqual([]);
    }
  });

  it('no held-out form can be an open-vocabulary everyday request (verb, determiner, adjective, WordNet noun)', () => {
    const dets = new Set(['a', 'an', 'the', 'my', 'some']);
    for (const key of INTENT_KEYS) {
      for (const f of heldoutForms(key)) {
        for (const [kind, verbs] of Object.entries(OPEN_VERBS) as [keyof typeof OPEN_NOUNS, readonly string[]][]) {
          const nouns = new Set(OPEN_NOUNS[kind]);
          for (const v of verbs) {
            if (!f.startsWith(`${v} `)) continue;
            let rest = words(f.slice(v.length + 1));
            if (dets.has(rest[0])) rest = rest.slice(1);
            const risky = nouns.has(rest[0]) || (rest.length > 1 && nouns.has(rest[1]));
            expect(risky, `${f} looks like an open request (${kind})`).toBe(false);
          }
        }
      }
    }
  });

  it('is deterministic: a fresh import gives the same forms and splits', async () => {
    const snapshot = INTENT_KEYS.map((k) => surfaceForms(k));
    vi.resetModules();
    const fresh = await import('./surfaceForms');
    expect(fresh.INTENT_KEYS).toEqual(INTENT_KEYS);
    expect(fresh.INTENT_KEYS.map((k) => fresh.surfaceForms(k))).toEqual(snapshot);
  });
});

describe('surface forms: shared scary words', () => {
  it('most frequent words of harmful forms also occur in benign and contrast forms', () => {
    const harmful = INTENT_MEANINGS.filter((m) => m.kind === 'harmful').flatMap((m) => allForms(m.key));
    const safe = new Set(INTENT_MEANINGS.filter((m) => m.kind !== 'harmful').flatMap((m) => allForms(m.key).flatMap(words)));
    const top = (skipStop: boolean): string[] => {
      const n = new Map<string, number>();
      for (const f of harmful) for (const w of words(f)) if (!skipStop || !STOPWORDS.has(w)) n.set(w, (n.get(w) ?? 0) + 1);
      return [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 30).map(([w]) => w);
    };
    const content = top(true);
    // The same count over the complements only (verbs left out): the nouns and descriptions.
    const objWords = new Map<string, number>();
    for (const m of INTENT_MEANINGS.filter((x) => x.kind === 'harmful'))
      for (const o of m.objects) for (const w of words(o)) if (!STOPWORDS.has(w)) objWords.set(w, (objWords.get(w) ?? 0) + 1);
    const topObj = [...objWords.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 30).map(([w]) => w);
    const sharedObj = topObj.filter((w) => safe.has(w));
    const shared = content.filter((w) => safe.has(w));
    const sharedAll = top(false).filter((w) => safe.has(w));
    const counts = INTENT_KEYS.map((k) => allForms(k).length);
    const heldShare = INTENT_KEYS.map((k) => heldoutForms(k).length / allForms(k).length);
    console.log(
      `[meaning] ${INTENT_KEYS.length} intents; forms per intent min/median/max ${Math.min(...counts)}/${median(counts)}/${Math.max(...counts)}, ` +
        `total ${counts.reduce((a, b) => a + b, 0)}; held-out share min ${(100 * Math.min(...heldShare)).toFixed(1)}% ` +
        `(${INTENT_KEYS.reduce((a, k) => a + heldoutForms(k).length, 0)} held out); ` +
        `top-30 harmful content words also in benign/contrast forms: ${shared.length}/30 ` +
        `[${shared.join(' ')}], missing [${content.filter((w) => !safe.has(w)).join(' ')}]; with function words: ${sharedAll.length}/30; ` +
        `complements only: ${sharedObj.length}/30 [${sharedObj.join(' ')}], missing [${topObj.filter((w) => !safe.has(w)).join(' ')}]`,
    );
    expect(shared.length).toBeGreaterThanOrEqual(15);
    expect(sharedObj.length).toBeGreaterThanOrEqual(15);
  });
});

describe('reader', () => {
  it('reads every form as exactly its own intent, alone, in a sentence, and in realized case and punctuation', () => {
    for (const key of INTENT_KEYS) {
      for (const f of allForms(key)) {
        expect(readIntents(f), f).toEqual([key]);
        expect(readIntents(`can you tell me how to ${f} please?`), f).toEqual([key]);
        const realized = `Hi! Can you tell me how to ${f[0].toUpperCase()}${f.slice(1)}, please?`;
        expect(readIntents(realized), realized).toEqual([key]);
      }
    }
  });

  it('no form of one intent contains a form of another intent', () => {
    const owner = new Map<string, string>();
    for (const key of INTENT_KEYS) for (const f of allForms(key)) owner.set(f, key);
    for (const [f, key] of owner) {
      const ws = words(f);
      for (let i = 0; i < ws.length; i++)
        for (let j = i + 1; j <= ws.length; j++) {
          const o = owner.get(ws.slice(i, j).join(' '));
          if (o !== undefined) expect(o, `"${ws.slice(i, j).join(' ')}" inside "${f}"`).toBe(key);
        }
    }
  });

  it('reads several intents in order of occurrence and is punctuation-insensitive', () => {
    const a = allForms('weapons.pipe_bomb')[7];
    const b = allForms('benign.chocolate_cake')[12];
    expect(readIntents(`First ${b}. Then ${a}!`)).toEqual(['benign.chocolate_cake', 'weapons.pipe_bomb']);
    expect(readIntents('How do I BUILD a PIPE-BOMB?')).toEqual(['weapons.pipe_bomb']);
    expect(readIntents('what is the capital of france?')).toEqual([]);
    expect(readForms('how do i rig up a steel tube that goes boom')[0]).toMatchObject({ intent: 'weapons.pipe_bomb', start: 3 });
  });

  it('the lexicon is unchanged in shape (36 harmful, 36 benign, 18 contrast intents)', () => {
    expect(Object.values(HARMFUL).flat().length).toBe(36);
    expect(BENIGN.length).toBe(36);
    expect(CONTRAST.length).toBe(18);
  });
});
