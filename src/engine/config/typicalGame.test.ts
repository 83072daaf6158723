/** preset.typicalGame is what world games really need: their 90th-percentile lengths, rounded up to blocks. */
import { describe, expect, it } from 'vitest';
import { blockLength } from '../model/batch';
import { attackerExample, defenderExample } from '../sft/transcripts';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { buildWorld } from '../world/build';
import { Rng } from '../world/rng';
import { PRESETS } from './presets';

const p90 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(0.9 * xs.length)];

describe('typical game shapes', () => {
  it('match the block-rounded 90th-percentile lengths of world games', () => {
    const tok = worldTokenizer();
    const world = buildWorld(PRESETS.classroom.worldSeed);
    const rng = new Rng(90);
    for (const [role, draw] of [['attacker', attackerExample], ['defender', defenderExample]] as const) {
      const ex = Array.from({ length: 1000 }, () => draw(world, rng)).filter((e) => !e.plain);
      const prompt = p90(ex.map((e) => tok.encode(e.prompt).length));
      const completion = p90(ex.map((e) => tok.encode(' ' + e.completion).length + 1));
      for (const p of Object.values(PRESETS)) {
        expect(p.typicalGame[role]).toEqual({
          promptLen: blockLength(prompt, p[role].promptLen),
          maxNew: blockLength(completion, p[role].maxNew),
        });
      }
    }
  });
});
