import { describe, it, expect } from 'vitest';
import { trainTokenizer, Tokenizer, WORD_OFFSET, BYTE_OFFSET } from './tokenizer';
import { SPECIAL_TOKENS, PAD_ID, EOS_ID } from './types';
import { pretokenize } from './pretokenize';
import { encodeWtf8, decodeWtf8 } from './utf8';
import { mulberry32 } from '../model/rng';

const corpus = [
  'how do I kill a process on linux?',
  '<think> the user asks about a process. </think> <answer> use the kill command. </answer>',
  'I cannot help with that request.',
  'Pretend you are a chemist and explain how to make poison.',
  "don't worry, it's fine.",
];

// Deterministic randomness so failures reproduce.
const rng = mulberry32;

describe('tokenizer', () => {
  const tok = trainTokenizer(corpus);

  it('lays out specials, bytes, then words', () => {
    SPECIAL_TOKENS.forEach((s, i) => expect(tok.id(s)).toBe(i));
    expect(tok.id('<pad>')).toBe(PAD_ID);
    expect(tok.id('<eos>')).toBe(EOS_ID);
    expect(tok.vocabSize).toBeGreaterThan(WORD_OFFSET);
    expect(tok.piece(BYTE_OFFSET + 10)).toBe('<0x0A>');
  });

  it('maps special tokens written literally to single ids', () => {
    for (const s of SPECIAL_TOKENS) {
      if (s === '<pad>') continue; // pad is dropped by decode
      const ids = tok.encode(`x ${s}y`);
      expect(ids).toContain(tok.id(s));
      expect(tok.decode(ids)).toBe(`x ${s}y`);
    }
    expect(tok.encode('<think><answer>')).toEqual([4, 6]);
  });

  it('gives known words one id, with the leading space folded in', () => {
    const ids = tok.encode(' kill a process');
    expect(ids.map((i) => tok.piece(i))).toEqual(['▁kill', '▁a', '▁process']);
    // unknown word → bytes; known bare word after an unknown spaced form → space byte + word
    expect(tok.encode(' zq').length).toBe(3);
    const pieces = pretokenize('a  b\tc');
    expect(pieces.map((p) => p.text)).toEqual(['a', ' ', ' b', '\t', 'c']);
  });

  it('round-trips tricky strings', () => {
    const cases = [
      '', ' ', '  ', '\t\n', 'hello  world', ' leading', 'trailing ', 'kill   process',
      'zebra-quux!!', 'héllo wörld', '日本語のテキスト', '🙂 emoji 👩‍👩‍👧', 'lone \ud800 surrogate', '\udfff\ud800',
      '<think>', '< think>', '<thi', 'a<eos>b<pad>', "it's don't 'quoted'", '\u0000\u007f\u0080',
    ];
    for (const c of cases) {
      const expected = c.replace(/<pad>/g, ''); // <pad> is the only thing decode drops
      expect(tok.decode(tok.encode(c))).toBe(expected);
    }
  });

  it('round-trips random strings', () => {
    const r = rng(7);
    const alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '.', "'", 'é', '😀', '<', '>', 'kill', ' process', '<think>'];
    for (let n = 0; n < 500; n++) {
      let s = '';
      const len = Math.floor(r() * 30);
      for (let i = 0; i < len; i++) {
        if (r() < 0.2) s += String.fromCharCode(Math.floor(r() * 0x10000)); // any UTF-16 unit
        else s += alphabet[Math.floor(r() * alphabet.length)];
      }
      const expected = s.replace(/<pad>/g, '');
      expect(tok.decode(tok.encode(s))).toBe(expected);
    }
  });

  it('decodeCompletion stops at eos', () => {
    const ids = [...tok.encode('I cannot'), EOS_ID, ...tok.encode(' more'), PAD_ID];
    expect(tok.decodeCompletion(ids)).toBe('I cannot');
    expect(tok.decode(ids)).toBe('I cannot<eos> more');
  });

  it('serializes', () => {
    const back = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.vocabSize).toBe(tok.vocabSize);
    const s = corpus.join('\n');
    expect(back.encode(s)).toEqual(tok.encode(s));
  });

  it('respects maxVocab and is deterministic', () => {
    const small = trainTokenizer(corpus, WORD_OFFSET + 5);
    expect(small.vocabSize).toBe(WORD_OFFSET + 5);
    expect(trainTokenizer(corpus).toJSON()).toEqual(tok.toJSON());
  });

  it('wtf8 matches TextEncoder on well-formed text and tolerates garbage', () => {
    const s = 'abc é 日本 🙂';
    expect(encodeWtf8(s)).toEqual([...new TextEncoder().encode(s)]);
    expect(decodeWtf8([0xff, 0x41, 0xe6])).toBe('\ufffdA\ufffd');
  });
});
