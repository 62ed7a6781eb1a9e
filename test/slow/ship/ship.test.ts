// The shipped artifacts of `npm run dist`, installed the way a user would on a machine with nothing but node:
// the npm tarball through `npm install -g --offline` with an empty cache, and the single file copied alone into
// an empty folder. Each must answer plan/status/check exactly as the tsc build does (templates and version are
// substituted at build time, so a missing one shows here).
import { execa } from 'execa';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { CAPTURE, DIST_MAIN, REPO, release, vmScriptPreload, type Built } from './build.js';

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
      'package/lib/check.v8cache',
      'package/lib/program.js',
      'package/lib/program.v8cache',
      'package/package.json',
    ];
    if (existsSync(path.join(REPO, 'LICENSE'))) expected.push('package/LICENSE');
    expect(list).toEqual(expected.sort());
    expect(all).toContain('package/lib/make-cache.cjs');
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

describe("npm package's code cache", () => {
  // The bin compiles lib/program.js with lib/program.v8cache (lib/check.js with lib/check.v8cache for plain check);
  // whatever the cache holds, check answers the same. V8 checks the cache's header (version, flags, source length),
  // so each case below is one it must reject.
  const damages = [
    ['missing', (_c: Buffer) => null],
    ['empty', (_c: Buffer) => Buffer.alloc(0)],
    ['truncated', (c: Buffer) => c.subarray(0, Math.floor(c.length / 2))],
    [
      'from another V8 (its version hash changed)',
      (c: Buffer) => Buffer.concat([c.subarray(0, 4), Buffer.from(c.subarray(4, 8).map((x) => x ^ 0xff)), c.subarray(8)]),
    ],
    [
      'for another source (its length field changed)',
      (c: Buffer) => Buffer.concat([c.subarray(0, 8), Buffer.from(c.subarray(8, 12).map((x) => x ^ 0x01)), c.subarray(12)]),
    ],
    ['not a cache at all', (c: Buffer) => Buffer.alloc(c.length, 0x5a)],
  ] as const;
  it.each(['program', 'check'].flatMap((program) => damages.map(([name, damage]) => [program, name, damage] as const)))(
    'lib/%s.v8cache %s: check still runs and answers as the tsc build does',
    async (program, _name, damage) => {
      const dir = tmp('bondify-ship-cache-');
      await execa('tar', ['xzf', b.tarball, '-C', dir]);
      const bin = path.join(dir, 'package/bondify.cjs');
      const cacheFile = path.join(dir, `package/lib/${program}.v8cache`);
      const damaged = damage(readFileSync(cacheFile));
      if (damaged === null) rmSync(cacheFile);
      else writeFileSync(cacheFile, damaged);
      // The damaged cache is really refused (not silently fine because it was never read).
      const probe = await node([
        '-e',
        `const fs=require('fs'),vm=require('vm');let d;try{d=fs.readFileSync(${JSON.stringify(cacheFile)})}catch{}const f=${JSON.stringify(path.join(dir, `package/lib/${program}.js`))};const s=new vm.Script(fs.readFileSync(f,'utf8'),{filename:f,cachedData:d});process.stdout.write(String(d===undefined||s.cachedDataRejected))`,
      ]);
      expect(probe.stdout).toBe('true');
      const got = await answers((args) => execa(process.execPath, [bin, ...args], { reject: false, env: { NO_COLOR: '1' } }));
      expect(got).toEqual(reference);
    },
    60_000,
  );

  it.each(['program', 'check'])('the shipped lib/%s.v8cache is accepted by the node that built it', async (program) => {
    const dir = tmp('bondify-ship-cache-');
    await execa('tar', ['xzf', b.tarball, '-C', dir]);
    const f = path.join(dir, `package/lib/${program}.js`);
    const probe = await node([
      '-e',
      `const fs=require('fs'),vm=require('vm');const f=${JSON.stringify(f)};const s=new vm.Script(fs.readFileSync(f,'utf8'),{filename:f,cachedData:fs.readFileSync(f.replace(/js$/,'v8cache'))});process.stdout.write(String(s.cachedDataRejected))`,
    ]);
    expect(probe.stdout).toBe('false');
  });
});

describe("npm package's code cache maker (lib/make-cache.cjs, what the Arch package's pacman hook runs)", () => {
  /** Whether V8 (this node) rejects the cache beside lib/<program>.js; true also when there is none. */
  const rejected = async (lib: string, program: string) =>
    (
      await node([
        '-e',
        `const fs=require('fs'),vm=require('vm');const f=${JSON.stringify(path.join(lib, `${program}.js`))};let d;try{d=fs.readFileSync(f.replace(/js$/,'v8cache'))}catch{}const s=new vm.Script(fs.readFileSync(f,'utf8'),{filename:f,cachedData:d});process.stdout.write(String(d===undefined||s.cachedDataRejected))`,
      ])
    ).stdout;
  const unpack = async () => {
    const dir = tmp('bondify-ship-maker-');
    await execa('tar', ['xzf', b.tarball, '-C', dir]);
    return { bin: path.join(dir, 'package/bondify.cjs'), lib: path.join(dir, 'package/lib') };
  };
  // Another V8's cache: the header's version hash differs (what a node upgrade leaves behind).
  const otherNode = (c: Buffer) => Buffer.concat([c.subarray(0, 4), Buffer.from(c.subarray(4, 8).map((x) => x ^ 0xff)), c.subarray(8)]);

  it('replaces caches another node made with ones this node accepts (0644, no temp file left), and check answers as before', async () => {
    const { bin, lib } = await unpack();
    const files = readdirSync(lib).sort();
    for (const p of ['program', 'check']) {
      const f = path.join(lib, `${p}.v8cache`);
      writeFileSync(f, otherNode(readFileSync(f)));
      chmodSync(f, 0o600);
      expect(await rejected(lib, p)).toBe('true');
    }
    const r = await node([path.join(lib, 'make-cache.cjs')]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      `bondify: code cache for node ${process.version}: ${path.join(lib, 'program.v8cache')}, ${path.join(lib, 'check.v8cache')}`,
    );
    for (const p of ['program', 'check']) {
      expect(await rejected(lib, p)).toBe('false');
      expect(statSync(path.join(lib, `${p}.v8cache`)).mode & 0o777).toBe(0o644);
    }
    expect(readdirSync(lib).sort()).toEqual(files);
    expect(await answers((args) => execa(process.execPath, [bin, ...args], { reject: false, env: { NO_COLOR: '1' } }))).toEqual(reference);
  }, 60_000);

  it('makes the caches where there are none', async () => {
    const { lib } = await unpack();
    for (const p of ['program', 'check']) rmSync(path.join(lib, `${p}.v8cache`));
    expect((await node([path.join(lib, 'make-cache.cjs')])).exitCode).toBe(0);
    expect([await rejected(lib, 'program'), await rejected(lib, 'check')]).toEqual(['false', 'false']);
  }, 60_000);

  it("removes the temp file a killed maker left (its pid gone), never a running maker's", async () => {
    const { lib } = await unpack();
    const dead = spawnSync('true').pid;
    const left = `.check.v8cache.bondify-tmp-${dead}-deadbeef`;
    const running = `.program.v8cache.bondify-tmp-${process.pid}-cafe0123`;
    const other = '.notes.bondify-tmp-1-00000000';
    for (const n of [left, running, other]) writeFileSync(path.join(lib, n), 'partial');
    expect((await node([path.join(lib, 'make-cache.cjs')])).exitCode).toBe(0);
    expect(
      readdirSync(lib)
        .filter((f) => f.startsWith('.'))
        .sort(),
    ).toEqual([other, running].sort());
  }, 60_000);

  it('refuses a symlink at a cache path and writes nothing through it (74, the file named)', async () => {
    const { lib } = await unpack();
    const elsewhere = path.join(tmp('bondify-ship-maker-'), 'target');
    writeFileSync(elsewhere, 'not a cache\n');
    const cache = path.join(lib, 'check.v8cache');
    rmSync(cache);
    symlinkSync(elsewhere, cache);
    const r = await node([path.join(lib, 'make-cache.cjs')]);
    expect(r.exitCode).toBe(74);
    expect(r.stderr).toContain(`refusing to touch ${cache}: it is a symlink`);
    expect([lstatSync(cache).isSymbolicLink(), readFileSync(elsewhere, 'utf8')]).toEqual([true, 'not a cache\n']);
    expect(readdirSync(lib).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 60_000);

  it('refuses a lib folder reached through a symlink, and any argument (64)', async () => {
    const { lib } = await unpack();
    const before = readFileSync(path.join(lib, 'check.v8cache'));
    const linked = path.join(tmp('bondify-ship-maker-'), 'lib');
    symlinkSync(lib, linked);
    const r = await node([path.join(linked, 'make-cache.cjs')]);
    expect([r.exitCode, r.stderr]).toEqual([74, expect.stringContaining(`${linked} is a symlink`)]);
    expect(readFileSync(path.join(lib, 'check.v8cache')).equals(before)).toBe(true);
    const usage = await node([path.join(lib, 'make-cache.cjs'), '--force']);
    expect([usage.exitCode, usage.stderr]).toEqual([64, expect.stringContaining('make-cache takes no arguments')]);
  }, 60_000);
});

describe('single file', () => {
  it('runs alone in an empty folder with plain node and answers as the tsc build does', async () => {
    const dir = tmp('bondify-ship-single-');
    const file = path.join(dir, 'bondify.cjs');
    copyFileSync(b.single, file);
    const cache = tmp('bondify-ship-cache-');
    const got = await answers((args) =>
      execa(process.execPath, [file, ...args], { reject: false, cwd: dir, env: { NO_COLOR: '1', BONDIFY_CACHE_DIR: cache } }),
    );
    expect(got).toEqual(reference);
  }, 60_000);

  it('stays CommonJS under a folder whose package.json says "type": "module", and runs through its #! line', async () => {
    const dir = tmp('bondify-ship-single-esm-');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const file = path.join(dir, 'bin', 'bondify.cjs');
    mkdirSync(path.dirname(file));
    copyFileSync(b.single, file);
    chmodSync(file, 0o755);
    const cache = tmp('bondify-ship-cache-');
    const got = await answers((args) =>
      execa(file, args, {
        reject: false,
        cwd: dir,
        env: { NO_COLOR: '1', BONDIFY_CACHE_DIR: cache, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
      }),
    );
    expect(got).toEqual(reference);
  }, 60_000);

  describe("check's code cache (a folder of the user's, made on the first every-minute run)", () => {
    /** One plain check of the single file: its output, and what the launcher gave vm.Script (from a preload). */
    async function check(env: Record<string, string>) {
      const dir = tmp('bondify-ship-cache-run-');
      const file = path.join(dir, 'bondify.cjs');
      copyFileSync(b.single, file);
      const config = path.join(dir, 'bondify.ini');
      writeFileSync(config, REFERENCE_INI);
      const log = path.join(dir, 'vm.log');
      const preload = vmScriptPreload(dir, log);
      const argv = [
        '--require',
        preload,
        file,
        'check',
        '--bonding-file',
        CAPTURE,
        '--config',
        config,
        '--state',
        path.join(dir, 'state.json'),
      ];
      const run = async () => {
        writeFileSync(log, '');
        const r = await execa(process.execPath, argv, { reject: false, env: { NO_COLOR: '1', ...env } });
        return {
          exitCode: r.exitCode,
          stdout: r.stdout,
          stderr: r.stderr,
          vm: readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((l) => l.split(' ')[1])
            .join('\n'),
        };
      };
      return { run, first: await run() };
    }
    const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

    it('is written by the first run that checks, used by the next, and rewritten when V8 rejects it', async () => {
      const cache = path.join(tmp('bondify-ship-cache-'), 'a', 'bondify'); // made with its parents
      const { run, first } = await check({ BONDIFY_CACHE_DIR: cache });
      expect([first.exitCode, first.stderr]).toEqual([0, '']); // hands over to the full program: no cache from it
      expect(files(cache)).toEqual([]);
      const second = await run();
      expect([second.exitCode, second.stdout, second.vm]).toEqual([0, first.stdout, 'none']);
      const [name] = files(cache);
      expect(name).toMatch(new RegExp(`^check-${process.version.replace(/\./g, '\\.')}-[0-9a-f]{16}\\.v8cache$`));
      expect(statSync(path.join(cache, name!)).mode & 0o777).toBe(0o600);
      expect(statSync(cache).mode & 0o777).toBe(0o700);
      const third = await run();
      expect([third.exitCode, third.stdout, third.vm]).toEqual([0, first.stdout, 'used']);
      writeFileSync(path.join(cache, name!), Buffer.alloc(2000, 7), { mode: 0o600 }); // damaged: V8 refuses it
      const fourth = await run();
      expect([fourth.exitCode, fourth.stdout, fourth.vm]).toEqual([0, first.stdout, 'rejected']);
      expect((await run()).vm).toBe('used');
      expect(files(cache)).toEqual([name]); // no temporary file left
    }, 60_000);

    it.each([
      ['a folder others can write (mode 0777, no sticky bit)', (dir: string) => chmodSync(dir, 0o777)],
      ['a symlink to a good folder', (dir: string) => (rmSync(dir, { recursive: true }), symlinkSync(tmp('bondify-ship-cache-'), dir))],
      ['a file in the way', (dir: string) => (rmSync(dir, { recursive: true }), writeFileSync(dir, ''))],
    ])(
      'is neither read nor written in %s, and check runs as without it',
      async (_name, spoil) => {
        const cache = path.join(tmp('bondify-ship-cache-'), 'bondify');
        mkdirSync(cache, { mode: 0o700 });
        const { run } = await check({ BONDIFY_CACHE_DIR: cache });
        await run(); // would have written it
        const before = existsSync(cache) && statSync(cache).isDirectory() ? files(cache) : [];
        expect(before.length).toBe(1);
        const good = readFileSync(path.join(cache, before[0]!));
        spoil(cache);
        const target = lstatSync(cache).isSymbolicLink() ? readlinkSync(cache) : cache;
        if (statSync(target).isDirectory()) writeFileSync(path.join(target, before[0]!), good, { mode: 0o600 });
        const r = await run();
        expect([r.exitCode, r.stderr, r.vm]).toEqual([0, '', 'none']);
        expect(statSync(target).isDirectory() ? files(target) : []).toEqual(statSync(target).isDirectory() ? [before[0]] : []);
      },
      60_000,
    );

    it('a cache file others can write is not read; BONDIFY_CACHE_DIR= (empty) turns the cache off', async () => {
      const cache = path.join(tmp('bondify-ship-cache-'), 'bondify');
      const { run } = await check({ BONDIFY_CACHE_DIR: cache });
      await run();
      const [name] = files(cache);
      chmodSync(path.join(cache, name!), 0o666);
      expect((await run()).vm).toBe('none');
      const off = await check({ BONDIFY_CACHE_DIR: '' });
      const r = await off.run();
      expect([r.exitCode, r.vm]).toEqual([0, 'none']);
      expect((await off.run()).vm).toBe('none');
    }, 60_000);

    it('a folder it cannot make (under a file) changes nothing but speed', async () => {
      const blocker = path.join(tmp('bondify-ship-cache-'), 'file');
      writeFileSync(blocker, '');
      const { run, first } = await check({ BONDIFY_CACHE_DIR: path.join(blocker, 'bondify') });
      const r = await run();
      expect([r.exitCode, r.stdout, r.stderr, r.vm]).toEqual([0, first.stdout, '', 'none']);
    }, 60_000);
  });

  it('is one file: no import of another file and no package it expects beside it', () => {
    const text = readFileSync(b.single, 'utf8');
    const imports = [...text.matchAll(/\bimport\s*(?:[\w{}\s,*]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    expect(imports.filter((s) => !s?.startsWith('node:'))).toEqual([]);
  });
});
