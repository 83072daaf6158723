import { describe, expect, it } from 'vitest';
import { UsageError, parseFlags, type FlagSpec } from './args';

const spec: FlagSpec = {
  iters: { kind: 'number', help: '', min: 1, max: 1_000_000, integer: true },
  role: { kind: 'string', help: '', choices: ['attacker', 'defender'] },
  quiet: { kind: 'boolean', help: '' },
};

describe('parseFlags', () => {
  it('treats Object.prototype names as unknown flags', () => {
    for (const name of ['constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty', 'no-constructor']) {
      expect(() => parseFlags([`--${name}`, 'x'], spec)).toThrow(new UsageError(`unknown flag --${name}`));
    }
    expect(() => parseFlags(['--no-valueOf'], spec)).toThrow(/unknown flag --no-valueOf/);
  });

  it('enforces bounds, whole numbers and choices while parsing', () => {
    expect(parseFlags(['--iters', '1000000', '--role=defender', '--quiet'], spec)).toEqual({ iters: 1_000_000, role: 'defender', quiet: true });
    expect(() => parseFlags(['--iters', '1e12'], spec)).toThrow('--iters must be between 1 and 1000000, got 1000000000000');
    expect(() => parseFlags(['--iters', '0'], spec)).toThrow(/between 1 and 1000000/);
    expect(() => parseFlags(['--iters', '2.5'], spec)).toThrow('--iters must be a whole number, got 2.5');
    expect(() => parseFlags(['--iters', ''], spec)).toThrow(/must be a number/);
    expect(() => parseFlags(['--iters', 'Infinity'], spec)).toThrow(/must be a number/);
    expect(() => parseFlags(['--role', 'judge'], spec)).toThrow('--role must be one of attacker, defender, got "judge"');
  });
});
