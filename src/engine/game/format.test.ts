import { describe, expect, it } from 'vitest';
import { parseCot, parseDirect } from './format';

describe('parseCot', () => {
  it('accepts the exact valid format', () => {
    expect(parseCot('plan : x </think> <answer> y z </answer>')).toEqual({ ok: true, thought: 'plan : x', answer: 'y z' });
  });
  it('accepts surrounding whitespace', () => {
    expect(parseCot('  a </think>\n<answer> b </answer>  ')).toEqual({ ok: true, thought: 'a', answer: 'b' });
  });
  it('rejects a repeated <think> but still extracts the answer', () => {
    expect(parseCot('<think> a </think> <answer> b </answer>')).toMatchObject({ ok: false, answer: 'b' });
    expect(parseCot('a <think> c </think> <answer> b </answer>')).toMatchObject({ ok: false, answer: 'b' });
  });
  it('rejects a missing </think>', () => {
    expect(parseCot('a <answer> b </answer>')).toEqual({ ok: false, thought: '', answer: 'b' });
  });
  it('rejects duplicated tags', () => {
    expect(parseCot('a </think> </think> <answer> b </answer>').ok).toBe(false);
    expect(parseCot('a </think> <answer> b <answer> c </answer>').ok).toBe(false);
    expect(parseCot('a </think> <answer> b </answer> </answer>').ok).toBe(false);
  });
  it('duplicated answer blocks: public move is the first span', () => {
    expect(parseCot('a </think> <answer> b </answer> <answer> c </answer>')).toMatchObject({ ok: false, answer: 'b' });
  });
  it('leaks the raw text only when there is no <answer>…</answer> pair', () => {
    expect(parseCot('a </think> b </answer>')).toEqual({ ok: false, thought: 'a', answer: 'a </think> b </answer>' });
    expect(parseCot('a </think> <answer> b')).toEqual({ ok: false, thought: 'a', answer: 'a </think> <answer> b' });
  });
  it('rejects misordered tags', () => {
    // <answer> before </think>
    expect(parseCot('<answer> b </answer> a </think>')).toMatchObject({ ok: false, answer: 'b' });
    expect(parseCot('a <answer> b </think> c </answer>').ok).toBe(false);
    // </answer> before <answer>: no span in order -> raw leaks
    const raw = 'a </think> </answer> b <answer>';
    expect(parseCot(raw)).toMatchObject({ ok: false, answer: raw });
  });
  it('rejects text between </think> and <answer>', () => {
    expect(parseCot('a </think> oops <answer> b </answer>')).toMatchObject({ ok: false, thought: 'a', answer: 'b' });
  });
  it('rejects trailing text after </answer>', () => {
    expect(parseCot('a </think> <answer> b </answer> more')).toMatchObject({ ok: false, answer: 'b' });
  });
  it('rejects an empty thought', () => {
    expect(parseCot(' </think> <answer> b </answer>')).toEqual({ ok: false, thought: '', answer: 'b' });
  });
  it('rejects an empty answer span and makes it an empty move, never the raw completion (official)', () => {
    expect(parseCot('secret plan </think> <answer> </answer>')).toEqual({ ok: false, thought: 'secret plan', answer: '' });
    expect(parseCot('plan </think> <answer>   </answer>')).toEqual({ ok: false, thought: 'plan', answer: '' });
    expect(parseCot('plan </think> <answer></answer>')).toEqual({ ok: false, thought: 'plan', answer: '' });
    expect(parseCot('plan </think> <answer>\n</answer> trailing')).toEqual({ ok: false, thought: 'plan', answer: '' });
    // Other violations with an empty span: still the empty span.
    expect(parseCot('a <think> b </think> <answer> </answer>')).toMatchObject({ ok: false, answer: '' });
    expect(parseCot('<answer> </answer> plan </think>')).toMatchObject({ ok: false, answer: '' });
  });
  it('leaks the whole raw completion when no tags at all', () => {
    expect(parseCot(' just text ')).toEqual({ ok: false, thought: '', answer: 'just text' });
    expect(parseCot('')).toEqual({ ok: false, thought: '', answer: '' });
  });
});

describe('parseDirect', () => {
  it('takes the trimmed text, always ok', () => {
    expect(parseDirect('  hello there ')).toEqual({ ok: true, thought: '', answer: 'hello there' });
    expect(parseDirect('a </think> b')).toEqual({ ok: true, thought: '', answer: 'a </think> b' });
  });
});
