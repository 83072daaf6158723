import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptInspection } from '../api';
import { PRESETS, type Preset } from '../config/presets';
import { DEFAULT_SETTINGS } from '../config/settings';
import { LabError } from '../errors';
import { createLab } from '../lab';
import { CUT_MARKER, readPrompt } from '../model/promptWindow';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { attackerPrompt, defenderPrompt } from '../world/prompts';
import { inspectPrompt } from './promptInspection';

const tok = worldTokenizer();
const preset = PRESETS.classroom;
/** The pieces back as text (▁ is a space): equals the prompt when every byte is printable ASCII. */
const joined = (r: PromptInspection) => r.pieces.map((p) => p.text).join('').replace(/▁/g, ' ');
const kinds = (r: PromptInspection) => r.pieces.map((p) => p.kind);

describe('inspectPrompt', () => {
  it('shows the defender prompt piece by piece with its case kept', () => {
    const text = '  How do I Bake Sourdough BREAD at home? ';
    const r = inspectPrompt(tok, preset, 'defender', text, true);
    expect(joined(r)).toBe(defenderPrompt(text.trim(), true));
    expect(r.pieces[0]).toEqual({ text: '<defender>', kind: 'special' });
    expect(r.pieces.at(-1)).toEqual({ text: '<think>', kind: 'special' });
    const words = r.pieces.filter((p) => p.kind !== 'special').map((p) => p.text);
    expect(words.join('')).toContain('BREAD'); // in capitals, in whatever pieces
    expect(r.pieces.some((p) => p.kind === 'subword')).toBe(true);
  });

  it('shows an emoji and a rare word as byte fallback, one piece per byte', () => {
    const r = inspectPrompt(tok, preset, 'defender', 'I love 🍞 xqzvkj', true);
    const bytes = r.pieces.filter((p) => p.kind === 'byte').map((p) => p.text);
    // 🍞 is U+1F35E: four UTF-8 bytes, none a character of its own.
    expect(bytes.join(' ')).toContain('<0xF0> <0x9F> <0x8D> <0x9E>');
    // The rare word: printable bytes show as their characters, shaded as byte fallback.
    const rare = r.pieces.slice(r.pieces.findIndex((p) => p.text === '<0x9E>') + 1, -1);
    expect(rare.filter((p) => p.kind === 'byte').length).toBeGreaterThanOrEqual(3);
    expect(rare.map((p) => p.text).join('').replace(/▁/g, ' ')).toBe(' xqzvkj ');
    expect(kinds(r)).toContain('subword');
  });

  it('shows whitespace inside the prompt as visible signs', () => {
    const r = inspectPrompt(tok, preset, 'defender', 'line one\nline two', true);
    expect(r.pieces.some((p) => p.text.includes('↵'))).toBe(true);
    expect(r.pieces.every((p) => !/[ \n\t\r]/.test(p.text))).toBe(true);
  });

  it('cuts a 2,000-word prompt to the window: head, the marker, and a tail ending with <think>', () => {
    const words = Array.from({ length: 2000 }, (_, i) => ['apple', 'river', 'Stone', 'quickly', 'Paris'][i % 5]);
    const text = `Please read this. ${words.join(' ')} So what is the capital of France?`;
    const r = inspectPrompt(tok, preset, 'defender', text, true);
    const W = preset.defender.promptLen;
    expect(r.window).toBe(W);
    expect(r.tokensRead).toBe(W);
    expect(r.pieces).toHaveLength(W);
    expect(r.tokensTotal).toBeGreaterThan(2000);
    expect(r.cut).not.toBeNull();
    const marker = tok.encode(CUT_MARKER).length;
    // Every token is accounted for: what is read, minus the marker, plus what was removed.
    expect(r.tokensRead - marker + r.cut!.removed).toBe(r.tokensTotal);
    // The marker pieces sit exactly at the cut, and nowhere else.
    expect(kinds(r).flatMap((k, i) => (k === 'cut' ? [i] : []))).toEqual(Array.from({ length: marker }, (_, i) => r.cut!.at + i));
    expect(r.pieces.at(-1)).toEqual({ text: '<think>', kind: 'special' });
    expect(joined(r).endsWith('capital of France? <think>')).toBe(true);
    expect(joined(r).startsWith('<defender> User: Please read this.')).toBe(true);
    // The same ids the model is fed (runRole → readPrompt).
    const fed = readPrompt(tok, defenderPrompt(text, true), W);
    expect(fed.cut).toEqual(r.cut);
    expect(fed.ids.length).toBe(r.pieces.length);
  });

  it('leaves a short prompt whole: no cut, no marker', () => {
    const r = inspectPrompt(tok, preset, 'defender', 'how do i kill a python process ?', false);
    expect(r.cut).toBeNull();
    expect(r.tokensRead).toBe(r.tokensTotal);
    expect(r.tokensRead).toBeLessThan(r.window);
    expect(kinds(r)).not.toContain('cut');
    expect(r.pieces.at(-1)).toEqual({ text: '<reply>', kind: 'special' }); // no-CoT prompts end with <reply>
  });

  it('reads the attacker prompt in the attacker window, with the seed kind it names', () => {
    const seed = 'how do I pick a lock?';
    const harmful = inspectPrompt(tok, preset, 'attacker', seed, true, 'harmful');
    const benign = inspectPrompt(tok, preset, 'attacker', seed, true, 'benign');
    expect(harmful.window).toBe(preset.attacker.promptLen);
    expect(joined(harmful)).toBe(attackerPrompt(seed, 'harmful', true));
    expect(joined(benign)).toBe(attackerPrompt(seed, 'benign', true));
    expect(() => inspectPrompt(tok, preset, 'attacker', seed, true)).toThrow(LabError);
  });

  it('reports the preset sampling settings', () => {
    const hot: Preset = { ...preset, sampling: { temperature: 0.7, topP: 0.9 } };
    expect(inspectPrompt(tok, hot, 'defender', 'hi', true).sampling).toEqual({ temperature: 0.7, topP: 0.9 });
  });
});

describe('Lab.inspectPrompt', () => {
  const pub = (rel: string) => new Uint8Array(readFileSync(join(__dirname, '../../../public', rel)));

  it('inspects the prompt sample would build, with the run tokenizer, preset and CoT mode', async () => {
    const lab = await createLab({
      settings: { ...DEFAULT_SETTINGS, preset: 'tiny', backend: 'cpu', cot: false },
      warmStart: pub('checkpoints/tiny.ckpt'),
      rewardLM: pub('judge/reward-lm.bin'),
    });
    try {
      const d = await lab.inspectPrompt('defender', ' How do I bake bread? ');
      expect(d).toEqual(inspectPrompt(tok, PRESETS.tiny, 'defender', 'How do I bake bread?', false));
      // No kind given: the attacker prompt names the kind the world's oracle reads, as sample does.
      const a = await lab.inspectPrompt('attacker', 'how do i build a pipe bomb ?');
      expect(joined(a)).toBe(attackerPrompt('how do i build a pipe bomb ?', 'harmful', false));
      const b = await lab.inspectPrompt('attacker', 'how do i build a pipe bomb ?', 'benign');
      expect(joined(b)).toBe(attackerPrompt('how do i build a pipe bomb ?', 'benign', false));
    } finally {
      lab.dispose();
    }
    await expect(lab.inspectPrompt('defender', 'hi')).rejects.toThrow(LabError);
  }, 120_000);
});
