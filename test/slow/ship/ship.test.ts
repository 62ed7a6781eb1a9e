// The shipped artifacts of `npm run dist`, installed the way a user would on a machine with nothing but node:
// the npm tarball through `npm install -g --offline` with an empty cache, and the single file copied alone into
// an empty folder. Each must answer plan/status/check exactly as the tsc build does (templates and version are
// substituted at build time, so a missing one shows here).
import { execa } from 'execa';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { CAPTURE, DIST_MAIN, REPO, release, type Built } from './build.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
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
const node = (argv: string[], cwd?: string) =>
  execa(process.execPath, argv, { reject: false, cwd, env: { NO_COLOR: '1' }, extendEnv: true });

/** The same commands through a given argv prefix, with their outputs reduced to what must match the tsc build. */
async function answers(run: (args: string[]) => Promise<{ exitCode?: number; stdout: string; stderr: string }>) {
  const dir = tmp('bondify-ship-run-');
  const root = path.join(dir, 'root');
  mkdirSync(root);
  const config = path.join(dir, 'bondify.ini');
  writeFileSync(config, REFERENCE_INI);
  const state = path.join(dir, 'state.json');
  const plan = await run(['plan', '--json', '--config', config, '--root', root]);
  const status = await run(['status', '--json', '--bonding-file', CAPTURE]);
  const check = ['check', '--bonding-file', CAPTURE, '--config', config, '--state', state];
  const first = await run(check); // validates the config and caches it in the state file
  const cached = await run(check); // the every-minute run: config from the cache
  const checkJson = await run([...check, '--json']);
  const json = JSON.parse(checkJson.stdout) as Record<string, unknown>;
  return {
    version: (await run(['--version'])).stdout,
    plan: [plan.exitCode, plan.stdout, plan.stderr],
    status: [status.exitCode, status.stdout, status.stderr],
    first: [first.exitCode, first.stdout, first.stderr],
    cached: [cached.exitCode, cached.stdout, cached.stderr],
    checkJson: { ...json, checkedAt: typeof json['checkedAt'] },
    stateSaved: existsSync(state),
    badFlag: (await run(['plan', '--no-such-flag'])).exitCode,
  };
}

let reference: Awaited<ReturnType<typeof answers>>;
beforeAll(async () => {
  reference = await answers((args) => node([DIST_MAIN, ...args]));
  // What the reference itself must say, so matching it means something.
  expect(reference.version).toBe(`bondify ${VERSION}`);
  expect(reference.plan[0]).toBe(0);
  expect(JSON.parse(String(reference.plan[1]))).toHaveLength(6); // bond .netdev + .network, two slave .network, modprobe option, power-save rule
  expect(reference.cached.slice(0, 2)).toEqual([0, expect.stringMatching(/^BONDIFY OK - bond0 active-backup/)]);
  expect(reference.stateSaved).toBe(true);
  expect(reference.badFlag).toBe(64);
}, 60_000);

describe('npm tarball', () => {
  it('holds the bundle, its licences and the README, and declares no dependencies', async () => {
    const all = (await execa('tar', ['tzf', b.tarball])).stdout.split('\n').sort();
    const list = all.filter((f) => !/^package\/lib\/[\w-]+\.cjs$/.test(f));
    const expected = [
      'package/LICENSES.txt',
      'package/README.md',
      'package/bondify.cjs',
      'package/lib/check.js',
      'package/lib/program.js',
      'package/package.json',
    ];
    if (existsSync(path.join(REPO, 'LICENSE'))) expected.push('package/LICENSE');
    expect(list).toEqual(expected.sort());
    // No V8 code cache and no maker of one (issue #22: a damaged cache ran as code; damaged-cache.test.ts).
    expect(all.filter((f) => /v8cache|make-cache/.test(f))).toEqual([]);
    expect(all.length - list.length).toBeGreaterThan(5); // the other commands' chunks, one file each
    expect(path.basename(b.tarball)).toBe(`bondify-${VERSION}.tgz`);
    const manifest = JSON.parse((await execa('tar', ['xzfO', b.tarball, 'package/package.json'])).stdout) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'bondify', version: VERSION, type: 'module', bin: { bondify: 'bondify.cjs' } });
    expect(Object.keys(manifest).filter((k) => /dependencies|scripts/i.test(k))).toEqual([]);
    // No source map comment pointing at a file that is not shipped.
    expect((await execa('tar', ['xzfO', b.tarball, 'package/bondify.cjs'])).stdout).not.toMatch(/sourceMappingURL/);
    expect((await execa('tar', ['xzfO', b.tarball, 'package/lib/program.js'])).stdout).not.toMatch(/sourceMappingURL/);
  });

  it('installs with npm install -g --offline and an empty cache, and answers as the tsc build does', async () => {
    const dir = tmp('bondify-ship-npm-');
    const prefix = path.join(dir, 'prefix');
    const cache = path.join(dir, 'empty-cache');
    mkdirSync(cache);
    const install = await execa(
      'npm',
      ['install', '-g', '--prefix', prefix, '--cache', cache, '--offline', '--no-audit', '--no-fund', b.tarball],
      {
        reject: false,
        cwd: dir,
      },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    const bin = path.join(prefix, 'bin', 'bondify');
    // The bin itself (its hashbang, through the symlink npm made), not `node <file>`.
    const got = await answers((args) => execa(bin, args, { reject: false, env: { NO_COLOR: '1' } }));
    expect(got).toEqual(reference);
  }, 60_000);
});

describe('single file', () => {
  it('runs alone in an empty folder with plain node and answers as the tsc build does', async () => {
    const dir = tmp('bondify-ship-single-');
    const file = path.join(dir, 'bondify.cjs');
    copyFileSync(b.single, file);
    const got = await answers((args) => execa(process.execPath, [file, ...args], { reject: false, cwd: dir, env: { NO_COLOR: '1' } }));
    expect(got).toEqual(reference);
  }, 60_000);

  it('stays CommonJS under a folder whose package.json says "type": "module", and runs through its #! line', async () => {
    const dir = tmp('bondify-ship-single-esm-');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const file = path.join(dir, 'bin', 'bondify.cjs');
    mkdirSync(path.dirname(file));
    copyFileSync(b.single, file);
    chmodSync(file, 0o755);
    const got = await answers((args) =>
      execa(file, args, { reject: false, cwd: dir, env: { NO_COLOR: '1', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` } }),
    );
    expect(got).toEqual(reference);
  }, 60_000);

  it('is one file: no import of another file and no package it expects beside it', () => {
    const text = readFileSync(b.single, 'utf8');
    const imports = [...text.matchAll(/\bimport\s*(?:[\w{}\s,*]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    expect(imports.filter((s) => !s?.startsWith('node:'))).toEqual([]);
  });
});
