/**
 * Tiny flag parser for the lab CLI: `--name value`, `--name=value`, boolean `--flag` / `--no-flag`.
 * Each command declares its flags; anything else is a usage error (exit code 2).
 */
export class UsageError extends Error {}

export interface FlagSpec {
  [name: string]: { kind: 'string' | 'number' | 'boolean'; help: string; required?: boolean; default?: string | number | boolean };
}

export type Flags = Record<string, string | number | boolean | undefined>;

export function parseFlags(argv: string[], spec: FlagSpec): Flags {
  const out: Flags = {};
  for (const [name, s] of Object.entries(spec)) if (s.default !== undefined) out[name] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    let negated = false;
    if (!(name in spec) && name.startsWith('no-') && spec[name.slice(3)]?.kind === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const s = spec[name];
    if (!s) throw new UsageError(`unknown flag --${name}`);
    if (s.kind === 'boolean') {
      if (value !== undefined && !['true', 'false'].includes(value)) throw new UsageError(`--${name} takes no value`);
      out[name] = negated ? false : value !== 'false';
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    }
    if (s.kind === 'number') {
      const v = Number(value);
      if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${value}"`);
      out[name] = v;
    } else out[name] = value;
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required && out[name] === undefined) throw new UsageError(`--${name} is required`);
  }
  return out;
}

export function flagHelp(spec: FlagSpec): string {
  return Object.entries(spec)
    .map(([name, s]) => {
      const arg = s.kind === 'boolean' ? '' : s.kind === 'number' ? ' N' : ' VALUE';
      const def = s.default !== undefined ? ` (default ${s.default})` : s.required ? ' (required)' : '';
      return `  --${name}${arg}`.padEnd(28) + s.help + def;
    })
    .join('\n');
}
