// The code cache maker: lib/make-cache.cjs in the npm tarball (bundled by scripts/build/code-cache.mjs), which the
// build runs to make the shipped caches and the Arch package's pacman hook runs again whenever node or bondify
// changes. `node <lib>/make-cache.cjs` writes <lib>/program.v8cache and <lib>/check.v8cache for the node that runs
// it: V8 accepts a code cache only from its own version, and the every-minute check is fast only with one.
// It records the bin's own two check runs (the first validates the config and hands over to the full program, the
// every-minute one runs lib/check.js) against a bonding file and the reference config it carries, since the source
// tree is not on the device.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { REFERENCE_INI } from '../config/default.js';
import { BondifyError } from '../errors.js';
import { inspectFile, removeFile, TEMP_MARK, writeFileAtomic } from '../system/fs.js';
import { reportError } from './report-error.js';

/** A captured /proc/net/bonding file (both slaves up), put in by the build (code-cache.mjs). */
declare const BONDIFY_CODE_CACHE_CAPTURE: string;

const RECORD = '--record';

/**
 * Runs the bin (its argv: the words after `bin out`) under a vm.Script that records what it compiles; when the run
 * ends, writes the cache of every function each program compiled as <out>/<name>.v8cache. A cache already beside
 * the program is never read: it may be another node's, or a stale one for other source of the same length.
 */
function record(bin: string, out: string): void {
  const made: [string, vm.Script][] = [];
  const Base = vm.Script;
  (vm as { Script: typeof vm.Script }).Script = class extends Base {
    constructor(source: string, options?: vm.ScriptOptions) {
      super(source, { ...options, cachedData: undefined });
      made.push([path.basename(String(options?.filename), '.js'), this]);
    }
  };
  process.on('exit', () => {
    for (const [name, script] of made) writeFileSync(path.join(out, `${name}.v8cache`), script.createCachedData());
  });
  createRequire(bin)(bin);
}

/**
 * Writes `<lib>/program.v8cache` and `<lib>/check.v8cache` for `node`, in cron's small environment: check's from the
 * every-minute run (`check` with a cached config against the captured bonding file), the full program's from the run
 * before it (the config not yet cached). Each file is written as root writes: a temp file in lib, mode 0644, renamed
 * over the cache; a symlink (or anything but a regular file) at the cache's path or a symlinked folder on the way
 * is refused. `self`: this maker's own file, run again to record.
 */
export function makeCodeCache(self: string, lib: string, node = process.execPath): string[] {
  const bin = path.join(path.dirname(lib), 'bondify.cjs');
  const targets = { program: path.join(lib, 'program.v8cache'), check: path.join(lib, 'check.v8cache') };
  // Refused up front, before any run: a symlinked folder on the way, or a symlink or non-file at a cache's path.
  for (const target of Object.values(targets)) inspectFile('/', target);
  clearDeadTemps(lib);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bondify-code-cache-'));
  const written: string[] = [];
  try {
    const config = path.join(tmp, 'bondify.ini');
    writeFileSync(config, REFERENCE_INI);
    const bonding = path.join(tmp, 'bond0');
    writeFileSync(bonding, BONDIFY_CODE_CACHE_CAPTURE);
    const argv = ['check', '--bonding-file', bonding, '--config', config, '--state', path.join(tmp, 'state.json')];
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmp };
    for (const [run, keep] of [
      ['validates and caches the config', 'program'],
      ['the every-minute run', 'check'],
    ] as const) {
      const out = mkdtempSync(path.join(tmp, 'out-'));
      const r = spawnSync(node, [self, RECORD, bin, out, ...argv], { encoding: 'utf8', env });
      const made = path.join(out, `${keep}.v8cache`);
      if (r.status !== 0 || !existsSync(made)) {
        throw new BondifyError(
          'software',
          `code cache: ${bin} check (${run}) exited ${r.status ?? r.signal} without lib/${keep}.js's cache`,
          {
            file: bin,
            fix: `see what it said: ${(r.error?.message ?? '') + r.stderr + r.stdout}`.trim(),
          },
        );
      }
      const target = targets[keep];
      writeFileAtomic('/', target, readFileSync(made), { mode: 0o644 });
      written.push(target);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return written;
}

/**
 * The temp files of a maker that was killed between writing and renaming (a pacman hook interrupted): lib is the
 * package's folder, where nothing else would ever remove them. Only a cache's temp whose writer (the pid in its
 * name, fs.ts writeFileAtomic) is gone: another maker running now keeps its own.
 */
function clearDeadTemps(lib: string): void {
  const ours = new RegExp(`^\\.(program|check)\\.v8cache${TEMP_MARK.replace(/\./g, '\\.')}(\\d+)-[0-9a-f]+$`);
  for (const name of readdirSync(lib)) {
    const pid = ours.exec(name)?.[2];
    if (pid !== undefined && !alive(Number(pid))) removeFile('/', path.join(lib, name));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: alive
  }
}

/** `node make-cache.cjs`: the caches beside this file; exits as any bondify command does on an error. */
export function main(argv: string[]): void {
  const self = path.resolve(argv[1] ?? '');
  if (argv[2] === RECORD && argv[3] !== undefined && argv[4] !== undefined) {
    const [bin, out] = [argv[3], argv[4]];
    process.argv.splice(2, 3); // the bin reads its command from argv[2]
    record(bin, out);
    return;
  }
  try {
    if (argv.length > 2) {
      throw new BondifyError('usage', `make-cache takes no arguments, got ${JSON.stringify(argv.slice(2).join(' '))}`, {
        fix: `run it as: node ${self}`,
      });
    }
    const written = makeCodeCache(self, path.dirname(self));
    process.stdout.write(`bondify: code cache for node ${process.version}: ${written.join(', ')}\n`);
  } catch (e) {
    const { message, code } = reportError(e);
    process.stderr.write(`${message}\n`);
    process.exitCode = code;
  }
}
