// A damaged V8 code cache must change nothing (issue #22): release builds of V8 check only a cache's header, so a
// cache with bytes flipped inside (SD-card corruption) was run as code — crashes, SIGSEGV, wrong text, a spinning
// check. The builds now read no code cache at all, so a damaged one where earlier builds kept theirs (lib/*.v8cache
// of the npm package, the single file's check-<node>-<hash>.v8cache in its cache folder) must give exactly the
// output of a run with none, for check and for another command. And what ships holds no cache, no maker of one and
// no path of the machine that built it.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { CAPTURE, REPO, release, type Built } from './build.js';

let b: Built;
beforeAll(async () => {
  b = await release();
}, 120_000);

const made: string[] = [];
const tmp = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * V8's code cache of `source` (what vm.Script accepts as cachedData for it), damaged as a card damages a file: 16
 * bytes inverted in the middle, or one bit flipped at a quarter, a half or three quarters; the header (V8's version,
 * flags and the source's length, the first few dozen bytes) is left intact, so V8 does not reject it.
 */
const DAMAGES = ['16 bytes inverted', 'a bit flipped at 1/4', 'a bit flipped at 1/2', 'a bit flipped at 3/4'] as const;
function damagedCache(source: string, filename: string, damage: (typeof DAMAGES)[number]): Buffer {
  const data = new vm.Script(source, { filename }).createCachedData();
  if (damage === '16 bytes inverted') {
    const at = Math.floor(data.length / 2);
    for (let i = at; i < at + 16; i++) data[i]! ^= 0xff;
  } else {
    const at = Math.floor((data.length * Number(damage.slice(-3, -2))) / 4);
    data[at]! ^= 0x01;
  }
  expect(data.length).toBeGreaterThan(1000); // far beyond the header
  return data;
}

/** A folder with the reference config, a check state that already holds it (the every-minute run), a root for plan. */
function workspace() {
  const dir = tmp('bondify-damaged-cache-');
  const config = path.join(dir, 'bondify.ini');
  writeFileSync(config, REFERENCE_INI);
  mkdirSync(path.join(dir, 'root'));
  return { dir, config, state: path.join(dir, 'state.json'), root: path.join(dir, 'root') };
}

type Run = { exitCode?: number; stdout: string; stderr: string };
/** check (config cached: a fresh copy of the state each time) and plan, each as [exit code, stdout, stderr]. */
async function outputs(run: (args: string[]) => Promise<Run>, w: ReturnType<typeof workspace>, savedState: Buffer) {
  writeFileSync(w.state, savedState);
  const check = await run(['check', '--bonding-file', CAPTURE, '--config', w.config, '--state', w.state]);
  const plan = await run(['plan', '--config', w.config, '--root', w.root]);
  return { check: [check.exitCode, check.stdout, check.stderr], plan: [plan.exitCode, plan.stdout, plan.stderr] };
}

/** The shipped files' text: the npm tarball's (extracted) and the single file. */
async function shippedFiles(): Promise<Map<string, string>> {
  const dir = tmp('bondify-damaged-cache-tar-');
  await execa('tar', ['xzf', b.tarball, '-C', dir]);
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(path.relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  files.set('bondify.cjs (single file)', readFileSync(b.single, 'latin1'));
  return files;
}

describe('what ships', () => {
  it('holds no code cache and no code that reads or makes one', async () => {
    const files = await shippedFiles();
    expect([...files.keys()].filter((f) => /\.v8cache$|make-cache/.test(f))).toEqual([]);
    const readers = [...files]
      .filter(([name]) => !/\.(md|txt)$|LICENSE/.test(name))
      .filter(([, text]) => /cachedData|createCachedData|v8cache|BONDIFY_CACHE_DIR/.test(text))
      .map(([name]) => name);
    expect(readers).toEqual([]);
  });

  it('holds no path of the machine that built it', async () => {
    const files = await shippedFiles();
    const repo = REPO.replace(/\/$/, '');
    expect([...files].filter(([, text]) => text.includes(repo)).map(([name]) => name)).toEqual([]);
  });
});

describe('npm package', () => {
  it.each(DAMAGES)(
    'damaged lib/check.v8cache and lib/program.v8cache (%s): check and plan say exactly what they say with none',
    async (damage) => {
      const w = workspace();
      const prefix = path.join(w.dir, 'prefix');
      const cache = path.join(w.dir, 'npm-cache');
      mkdirSync(cache);
      const install = await execa(
        'npm',
        ['install', '-g', '--prefix', prefix, '--cache', cache, '--offline', '--no-audit', '--no-fund', b.tarball],
        { reject: false, cwd: w.dir },
      );
      expect(install.exitCode, install.stderr).toBe(0);
      const lib = path.join(prefix, 'lib', 'node_modules', 'bondify', 'lib');
      for (const p of ['program', 'check']) rmSync(path.join(lib, `${p}.v8cache`), { force: true });
      const run = (args: string[]) =>
        execa(process.execPath, [path.join(lib, '..', 'bondify.cjs'), ...args], {
          reject: false,
          timeout: 30_000,
          env: { NO_COLOR: '1' },
        });
      // The first check validates the config and caches it in the state: the runs compared are the every-minute one.
      await run(['check', '--bonding-file', CAPTURE, '--config', w.config, '--state', w.state]);
      const saved = readFileSync(w.state);
      const none = await outputs(run, w, saved);
      expect(none.check.slice(0, 2)).toEqual([0, expect.stringMatching(/^BONDIFY OK - bond0 active-backup/)]);
      expect(none.plan[0]).toBe(0);
      for (const p of ['program', 'check']) {
        const js = path.join(lib, `${p}.js`);
        writeFileSync(path.join(lib, `${p}.v8cache`), damagedCache(readFileSync(js, 'utf8'), js, damage));
      }
      expect(await outputs(run, w, saved)).toEqual(none);
      expect(await outputs(run, w, saved)).toEqual(none); // and again: nothing left behind that breaks later runs
    },
    120_000,
  );
});

describe('single file', () => {
  it.each(DAMAGES)(
    'a damaged check cache in its cache folder (%s): check and plan say exactly what they say with none, run after run',
    async (damage) => {
      const w = workspace();
      const file = path.join(w.dir, 'bondify.cjs');
      copyFileSync(b.single, file);
      const cacheDir = path.join(w.dir, 'cache');
      mkdirSync(cacheDir, { mode: 0o700 });
      const run = (args: string[]) =>
        execa(process.execPath, [file, ...args], {
          reject: false,
          timeout: 30_000,
          env: { NO_COLOR: '1', HOME: w.dir, BONDIFY_CACHE_DIR: cacheDir },
        });
      await run(['check', '--bonding-file', CAPTURE, '--config', w.config, '--state', w.state]);
      const saved = readFileSync(w.state);
      // Where the single file of earlier builds kept check's cache: named by node's version and the check code's
      // hash, the code being its `/*bondify:check` comment.
      const text = readFileSync(file, 'latin1');
      const from = text.lastIndexOf('/*bondify:check\n') + '/*bondify:check\n'.length;
      expect(from).toBeGreaterThan('/*bondify:check\n'.length);
      const source = text.slice(from, text.indexOf('\n*/', from));
      const name = `check-${process.version}-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.v8cache`;
      readdirSync(cacheDir).forEach((f) => rmSync(path.join(cacheDir, f)));
      const none = await outputs(run, w, saved);
      expect(readdirSync(cacheDir)).toEqual([]); // and none is written
      expect(none.check.slice(0, 2)).toEqual([0, expect.stringMatching(/^BONDIFY OK - bond0 active-backup/)]);
      writeFileSync(path.join(cacheDir, name), damagedCache(source, file, damage), { mode: 0o600 });
      expect(await outputs(run, w, saved)).toEqual(none);
      expect(await outputs(run, w, saved)).toEqual(none);
    },
    120_000,
  );
});
