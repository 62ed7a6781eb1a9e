// node:util parseArgs (a quick reader first for the common words), with its errors turned into usage errors (exit 64) that name the command.
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BondifyError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/**
 * The words every scheduled run passes, read without util.parseArgs (its tokenizer is costly code for a few
 * words, compiled anew in each every-minute `bondify check`): known long options only, a value after '=' or in the next word, booleans bare,
 * positionals (if allowed) that do not start with '-'. Anything else (a short flag, '--', an unknown or misused
 * option, an option-like or empty value) returns null and goes to parseArgs, which reads it the same way or
 * throws the usage error.
 */
export function quickParse<O extends Options>(args: string[], options: O, allowPositionals: boolean): Parsed<O> | null {
  const values: Record<string, string | boolean> = Object.create(null) as Record<string, string | boolean>;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.charCodeAt(0) !== 45 /* - */) {
      if (!allowPositionals || arg === '') return null;
      positionals.push(arg);
      continue;
    }
    if (arg.charCodeAt(1) !== 45 || arg.length === 2) return null;
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (option === undefined || option.multiple === true || option.default !== undefined) return null;
    if (option.type === 'boolean') {
      if (eq >= 0) return null;
      values[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || (eq < 0 && value.charCodeAt(0) === 45)) return null;
    values[name] = value;
  }
  return { values, positionals } as unknown as Parsed<O>;
}

export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  const quick = quickParse(args, options, allowPositionals);
  if (quick !== null) return quick;
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new BondifyError('usage', `${command}: ${msg}`, { fix: `run 'bondify ${command} --help'` });
  }
  // An empty value is an unset variable ("--root $MNT"), never a choice: an empty path would resolve to the current
  // directory (from / that is the live system), so every flag that takes a value refuses it.
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === '' || (Array.isArray(value) && value.includes(''))) {
      throw new BondifyError('usage', `${command}: --${name} is empty (an unset variable?)`, {
        fix: `give --${name} a value, or leave it out`,
      });
    }
  }
  return parsed;
}

/** Parses a positive number flag ("--timeout 30"), or throws a usage error naming the flag. */
export function numberFlag(command: string, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new BondifyError('usage', `${command}: --${flag} must be a positive number`, { value, fix: `e.g. --${flag} ${fallback}` });
  }
  return n;
}

/** --root must be an existing directory; anything else is a usage mistake, not a config problem. */
export function rootFlag(command: string, value: string | undefined): string {
  if (value === undefined) return '/';
  if (value === '')
    throw new BondifyError('usage', `${command}: --root is empty (an unset variable?)`, {
      fix: 'give --root the directory the target system is mounted at, or leave it out',
    });
  const root = path.resolve(value);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir)
    throw new BondifyError('usage', `${command}: --root ${value} is not a directory`, {
      value,
      fix: 'pass the directory the target system is mounted at, e.g. --root /mnt/sdcard',
    });
  return root;
}
