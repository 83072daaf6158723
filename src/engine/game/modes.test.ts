/**
 * Every mode and option of the game runs an iteration on the tiny preset and trains exactly the
 * roles it should (the paper's ablations plus the RL options).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab } from '../lab';
import { DEFAULT_SETTINGS } from '../config/settings';
import type { LabSettings } from '../api';
import { roleRows } from './selfplay';

const pub = (rel: string) => new Uint8Array(readFileSync(join(__dirname, '../../../public', rel)));
const warmStart = pub('checkpoints/tiny.ckpt');
const rewardLM = pub('judge/reward-lm.bin');

const cases: [string, Partial<LabSettings>][] = [
  ['self-play', {}],
  ['attacker-only', { mode: 'attacker-only' }],
  ['defender-only, frozen attacker', { mode: 'defender-only', staticAttacks: 'frozen-attacker' }],
  ['defender-only, template attacks', { mode: 'defender-only', staticAttacks: 'templates' }],
  ['no CoT', { cot: false }],
  ['zero-sum with the label-flip guard', { reward: 'zero-sum', labelFlipGuard: true }],
  ['GRPO group baseline', { baseline: 'grpo', groupSize: 2 }],
  ['RLOO, KL as loss, auxiliary SFT', { baseline: 'rloo', groupSize: 2, klAsLoss: true, sftCoef: 1 }],
  ['oracle as the reward judge', { judge: 'oracle' }],
];

describe('game modes and RL options', () => {
  for (const [name, over] of cases) {
    it(name, async () => {
      const settings: LabSettings = { ...DEFAULT_SETTINGS, preset: 'tiny', backend: 'wasm', batch: 8, ...over };
      const lab = await createLab({ settings, warmStart, rewardLM });
      const { metrics, games } = await lab.step();
      expect(metrics.skipped).toBe(false);
      expect(Number.isFinite(metrics.loss)).toBe(true);
      expect(games).toHaveLength(8);
      const rows = roleRows(settings);
      const generated = games.filter((g) => g.generated);
      if (settings.mode === 'attacker-only') expect(generated).toHaveLength(8);
      else expect(generated).toHaveLength(4);
      // Training rows per role follow the mode: a frozen or static role gets none.
      expect(rows.attacker > 0).toBe(settings.mode !== 'defender-only');
      expect(rows.defender > 0).toBe(settings.mode !== 'attacker-only');
      if (!settings.cot) expect(games.every((g) => g.defender.thought === '')).toBe(true);
      if (settings.baseline !== 'none') expect(new Set(games.map((g) => g.seedText)).size).toBeLessThanOrEqual(4);
      lab.dispose();
    }, 120_000);
  }
});
