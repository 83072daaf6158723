/**
 * Tiny flag parser for the lab CLI: `--name value`, `--name=value`, boolean `--flag` / `--no-flag`.
 * Each command declares its flags with their bounds; anything else is a usage error (exit code 2),
 * found before any work starts. Flag names are looked up as own properties only (`--constructor`
 * is an unknown flag, not Object.prototype.constructor).
 */
export class UsageError extends Error {}

export interface FlagDef {
  kind: 'string' | 'number' | 'boolean';
  help: string;
  required?: boolean;
  default?: string | number | boolean;
  /** number flags: inclusive bounds and whether only whole numbers are allowed */
  min?: number;
  max?: number;
  integer?: boolean;
  /** string flags: the allowed values */
  choices?: readonly string[];
}

export interface FlagSpec {
  [name: string]: FlagDef;
}

export type Flags = Record<string, string | number | boolean | undefined>;

const own = (spec: FlagSpec, name: string): FlagDef | undefined => (Object.hasOwn(spec, name) ? spec[name] : undefined);

/** Why `v` is outside the flag's bounds, or null. */
export function boundsProblem(name: string, def: FlagDef, v: number | string): string | null {
  if (typeof v === 'string') {
    if (def.choices && !def.choices.includes(v)) return `--${name} must be one of ${def.choices.join(', ')}, got "${v}"`;
    return null;
  }
  if (def.integer && !Number.isInteger(v)) return `--${name} must be a whole number, got ${v}`;
  if ((def.min !== undefined && v < def.min) || (def.max !== undefined && v > def.max)) {
    return `--${name} must be between ${def.min ?? '-∞'} and ${def.max ?? '∞'}, got ${v}`;
  }
  return null;
}

export function parseFlags(argv: string[], spec: FlagSpec): Flags {
  const out: Flags = Object.create(null) as Flags;
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
    if (!own(spec, name) && name.startsWith('no-') && own(spec, name.slice(3))?.kind === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const s = own(spec, name);
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
    let parsed: string | number = value;
    if (s.kind === 'number') {
      parsed = Number(value);
      if (value.trim() === '' || !Number.isFinite(parsed)) throw new UsageError(`--${name} must be a number, got "${value}"`);
    }
    const problem = boundsProblem(name, s, parsed);
    if (problem) throw new UsageError(problem);
    out[name] = parsed;
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
      const range = s.kind === 'number' && (s.min !== undefined || s.max !== undefined) ? ` [${s.min ?? ''}..${s.max ?? ''}]` : '';
      const def = s.default !== undefined ? ` (default ${s.default})` : s.required ? ' (required)' : '';
      return `  --${name}${arg}`.padEnd(28) + s.help + range + def;
    })
    .join('\n');
}
