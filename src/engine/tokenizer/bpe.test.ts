import { describe, it, expect } from 'vitest';
import { BpeTokenizer } from './bpe';
import { trainBpe, type BpeSource } from './bpeTrain';
import { bpePretokenize } from './bpePretokenize';
import { BPE_BYTE_OFFSET, BPE_MERGE_OFFSET } from './bpeLayout';
import { SPECIAL_TOKENS, PAD_ID, EOS_ID } from './types';
import { mulberry32 } from '../model/rng';
import { LabError } from '../errors';

const corpus = [
  'How do I kill a process on Linux? How do I bake bread at home?',
  '<think> the user asks about a process. </think> <answer> use the kill command. </answer>',
  "I cannot help with that request. I'm sorry, but I can't.",
  'Pretend you are a chemist and explain how to make poison.',
  "don't worry, it's fine. The THE the There there 2024 12345",
  'héllo wörld 日本語のテキスト 日本 🙂🙂',
];
const sources = (texts: string[] = corpus): BpeSource[] => [{ name: 'test', texts, weight: 1 }];
const train = (vocabSize = 400, texts?: string[]) => new BpeTokenizer(trainBpe(sources(texts), { vocabSize }).merges);

describe('bpe pre-tokenizer', () => {
  it('splits GPT-2 style, keeping case and one leading space per piece', () => {
    const t = (s: string) => bpePretokenize(s).map((p) => p.text);
    expect(t("Hello World!! I'm  here")).toEqual(['Hello', ' World', '!!', ' I', "'m", ' ', ' here']);
    expect(t("DON'T 12345 x")).toEqual(['DON', "'T", ' 123', '45', ' x']);
    expect(t('a\n\nB\tc  ')).toEqual(['a', '\n', '\n', 'B', '\t', 'c', '  ']);
    expect(t('x <think>y</think>')).toEqual(['x', ' ', '<think>', 'y', '</think>']);
    expect(bpePretokenize('<eos>').map((p) => p.special)).toEqual([true]);
  });

  it('never splits a surrogate pair and tiles any string', () => {
    const s = 'a😀b \ud800 \udc00x 👩‍👩‍👧 é\u0301';
    const pieces = bpePretokenize(s).map((p) => p.text);
    expect(pieces.join('')).toBe(s);
    expect(pieces).toContain(' 😀'.slice(1)); // "😀" is one piece (punctuation class), whole
  });
});

describe('bpe trainer', () => {
  it('merges the most frequent pair first and breaks ties by the smaller pair', () => {
    // "cd" 4×, "ab" 4×, "xyz" 3×, "ef" once: (a,b) < (c,d) by id, so "ab" is merge 0 and "cd" merge 1;
    // then (x,y) 3× (ties with (y,z) 3×, x < y); then "xy"+"z"; nothing for the single "ef".
    const { merges } = trainBpe(sources(['cd\ncd\ncd\ncd\nab\nab\nab\nab\nxyz\nxyz\nxyz\nef']), { vocabSize: BPE_MERGE_OFFSET + 10, minPairCount: 2 });
    const b = (ch: string) => BPE_BYTE_OFFSET + ch.charCodeAt(0);
    expect(merges).toEqual([
      [b('a'), b('b')],
      [b('c'), b('d')],
      [b('x'), b('y')],
      [BPE_MERGE_OFFSET + 2, b('z')],
    ]);
  });

  it('is deterministic and independent of corpus order', () => {
    const a = train(310);
    expect(JSON.stringify(train(310).toJSON())).toBe(JSON.stringify(a.toJSON()));
    const shuffled = [...corpus].reverse();
    expect(JSON.stringify(train(310, shuffled).toJSON())).toBe(JSON.stringify(a.toJSON()));
  });

  it('stops early when no pair repeats, and refuses sizes below the byte layer', () => {
    const tok = train(5000);
    expect(tok.vocabSize).toBeLessThan(5000);
    expect(tok.vocabSize).toBeGreaterThan(BPE_MERGE_OFFSET);
    expect(() => train(BPE_MERGE_OFFSET - 1)).toThrow(LabError);
    expect(() => trainBpe([{ name: 'w', texts: ['x'], weight: 0.5 }], { vocabSize: 300 })).toThrow(/weight/);
  });

  it('weights a source by multiplying its counts', () => {
    // "zz" once outweighs "qq" twice only when its source counts 3×.
    const plain = trainBpe([{ name: 'a', texts: ['qq qq'], weight: 1 }, { name: 'b', texts: ['zz'], weight: 1 }], { vocabSize: BPE_MERGE_OFFSET + 1, minPairCount: 1 });
    const heavy = trainBpe([{ name: 'a', texts: ['qq qq'], weight: 1 }, { name: 'b', texts: ['zz'], weight: 3 }], { vocabSize: BPE_MERGE_OFFSET + 1, minPairCount: 1 });
    const z = BPE_BYTE_OFFSET + 'z'.charCodeAt(0);
    const q = BPE_BYTE_OFFSET + 'q'.charCodeAt(0);
    expect(plain.merges[0]).toEqual([q, q]);
    expect(heavy.merges[0]).toEqual([z, z]);
  });
});

describe('bpe tokenizer', () => {
  const tok = train(310);

  it('learns frequent words as single tokens and encodes like training', () => {
    expect(tok.vocabSize).toBe(310);
    const big = train(2000, [...corpus, ...corpus, ...corpus]);
    expect(big.encode(' process').length).toBe(1);
    expect(big.encode('How').length).toBe(1);
    expect(big.piece(big.encode(' process')[0])).toBe('▁process');
    expect(big.encode(' processes').map((id) => big.piece(id))).toEqual(['▁process', 'es']); // unseen word: subwords
  });

  it('preserves case: different case, different tokens, exact text back', () => {
    for (const s of ['The THE the', 'Pipe Bomb', 'HOW DO I', 'iPhone McDonald']) expect(tok.decode(tok.encode(s))).toBe(s);
    expect(tok.encode('The')).not.toEqual(tok.encode('the'));
    expect(tok.encode('THE')).not.toEqual(tok.encode('the'));
  });

  it('keeps special tokens single, and no merge ever spells one', () => {
    SPECIAL_TOKENS.forEach((s, i) => expect(tok.id(s)).toBe(i));
    expect(tok.id('<pad>')).toBe(PAD_ID);
    expect(tok.id('<eos>')).toBe(EOS_ID);
    for (const s of SPECIAL_TOKENS) {
      const ids = tok.encode(`x ${s}y`);
      expect(ids.filter((id) => id < SPECIAL_TOKENS.length)).toEqual([tok.id(s)]);
      if (s !== '<pad>') expect(tok.decode(ids)).toBe(`x ${s}y`);
    }
    // A user typing a tag gets the control token.
    expect(tok.encode('<think><answer>')).toEqual([tok.id('<think>'), tok.id('<answer>')]);
    const decoded = Array.from({ length: tok.vocabSize - BPE_BYTE_OFFSET }, (_, i) => tok.decode([BPE_BYTE_OFFSET + i]));
    for (const d of decoded) for (const s of SPECIAL_TOKENS) expect(d.includes(s)).toBe(false);
    // and "<think" without its ">" is ordinary text
    expect(tok.encode('<think').every((id) => id >= BPE_BYTE_OFFSET)).toBe(true);
  });

  it('round-trips tricky strings', () => {
    const cases = [
      '', ' ', '  ', '\t\n', 'hello  world', ' leading', 'trailing ', 'kill   process',
      'zebra-quux!!', 'héllo wörld', '日本語のテキスト', '🙂 emoji 👩‍👩‍👧', 'lone \ud800 surrogate', '\udfff\ud800',
      '<think>', '< think>', '<thi', 'a<eos>b<pad>', "it's don't 'quoted'", '\u0000\u007f\u0080', 'e\u0301\u0301',
    ];
    for (const c of cases) expect(tok.decode(tok.encode(c))).toBe(c.replace(/<pad>/g, ''));
  });

  it('round-trips random strings (any UTF-16 unit, lone surrogates included)', () => {
    const r = mulberry32(11);
    const alphabet = ['a', 'B', ' ', ' ', '\t', '\n', '.', "'", 'é', '😀', '<', '>', 'kill', ' process', ' The', '<think>', "'LL", '日本', '12345'];
    for (let n = 0; n < 600; n++) {
      let s = '';
      const len = Math.floor(r() * 30);
      for (let i = 0; i < len; i++) {
        if (r() < 0.2) s += String.fromCharCode(Math.floor(r() * 0x10000));
        else s += alphabet[Math.floor(r() * alphabet.length)];
      }
      const ids = tok.encode(s);
      expect(tok.decode(ids)).toBe(s.replace(/<pad>/g, ''));
      expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tok.vocabSize)).toBe(true);
    }
  });

  it('encodes the same after its piece cache fills and is cleared', () => {
    const fresh = train(310);
    const first = fresh.encode(' process How');
    const letters = (i: number) => {
      let w = '';
      for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) w = String.fromCharCode(97 + ((n - 1) % 26)) + w;
      return w;
    };
    const many = Array.from({ length: 50_010 }, (_, i) => letters(i)).join(' '); // > CACHE_LIMIT distinct pieces
    expect(fresh.decode(fresh.encode(many))).toBe(many);
    expect(fresh.encode(' process How')).toEqual(first);
    expect(fresh.encode(' process How')).toEqual(tok.encode(' process How'));
  });

  it('decodeCompletion stops at eos; bad ids decode visibly', () => {
    const ids = [...tok.encode('I cannot'), EOS_ID, ...tok.encode(' more'), PAD_ID];
    expect(tok.decodeCompletion(ids)).toBe('I cannot');
    expect(tok.decode(ids)).toBe('I cannot<eos> more');
    expect(tok.decode([tok.vocabSize, -1])).toBe('\ufffd\ufffd');
  });

  it('shows pieces: bytes as hex, partial characters byte by byte', () => {
    expect(tok.piece(BPE_BYTE_OFFSET + 10)).toBe('<0x0A>');
    expect(tok.isByte(BPE_BYTE_OFFSET + 10)).toBe(true);
    expect(tok.isByte(BPE_MERGE_OFFSET)).toBe(false);
    expect(tok.piece(4)).toBe('<think>');
    expect(tok.piece(tok.vocabSize)).toBe('<?>');
    // '日本' occurs twice: its 6 bytes merge, passing through partial-character tokens.
    const partial = Array.from({ length: tok.vocabSize - BPE_MERGE_OFFSET }, (_, i) => BPE_MERGE_OFFSET + i).find((id) =>
      tok.tokenBytes(id).some((b) => b >= 0x80) && tok.piece(id).startsWith('<0x'),
    );
    expect(partial).toBeDefined();
    expect(tok.piece(partial!)).toMatch(/^(<0x[0-9A-F]{2}>)+$/);
  });

  it('decodes specials and bytes the same in every vocabulary (ids 0–265 are fixed)', () => {
    const ids = [4, BPE_BYTE_OFFSET + 0x41, BPE_BYTE_OFFSET + 0xc3, BPE_BYTE_OFFSET + 0xa9, 5, EOS_ID, 7];
    expect(tok.decode(ids)).toBe('<think>Aé</think><eos></answer>');
    expect(tok.decodeCompletion(ids)).toBe('<think>Aé</think>');
    expect(tok.piece(4)).toBe('<think>');
    expect(tok.piece(BPE_BYTE_OFFSET + 0x0a)).toBe('<0x0A>');
  });

  it('serializes to JSON and back', () => {
    const j = JSON.parse(JSON.stringify(tok.toJSON()));
    expect(j.kind).toBe('byte-bpe-v1');
    const back = BpeTokenizer.fromJSON(j);
    expect(back.vocabSize).toBe(tok.vocabSize);
    const s = corpus.join('\n');
    expect(back.encode(s)).toEqual(tok.encode(s));
    expect(BpeTokenizer.fromJSON({ ...j, about: 'provenance is ignored' }).toJSON()).toEqual(tok.toJSON());
  });

  it('rejects foreign or corrupt JSON with a typed error', () => {
    const j = tok.toJSON();
    const bad = (x: unknown, code: string) => {
      try {
        BpeTokenizer.fromJSON(x as never);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(LabError);
        expect((e as LabError).code).toBe(code);
      }
    };
    bad({ ...j, kind: 'word-byte-v1' }, 'checkpoint-foreign');
    bad({ ...j, specials: j.specials.slice(1) }, 'checkpoint-foreign');
    bad({ ...j, merges: [[BPE_MERGE_OFFSET, BPE_BYTE_OFFSET]] }, 'checkpoint-corrupt'); // uses itself
    bad({ ...j, merges: [[0, BPE_BYTE_OFFSET]] }, 'checkpoint-corrupt'); // a special in a merge
    bad({ ...j, merges: [[20, 21], [20, 21]] }, 'checkpoint-corrupt'); // repeated
    bad({ ...j, merges: [[20.5, 21]] }, 'checkpoint-corrupt');
    bad({ ...j, merges: 'x' }, 'checkpoint-corrupt');
    // A checkpoint of the closed-vocabulary era (word-byte-v1) is another kind.
    bad({ kind: 'word-byte-v1', specials: j.specials, words: ['▁a'] }, 'checkpoint-foreign');
  });
});
