// The every-minute `bondify check` (plain, config already cached in the state file) loads nothing it does not
// run: not the validator (zod), chalk, diff, execa, ini, node:crypto, nor the apply, render or config code. Proven
// three ways: module-resolution hooks on the tsc build (every module it loads, listed), the bundle's chunk graph
// (what check's chunks contain), and the single file at run time (every builtin it requires). The live check with a
// wireless slave too: its power save is read by iw (execa, child_process) only when the remembered reading is stale.
import { execa } from 'execa';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { CAPTURE, DIST_MAIN, release, vmScriptPreload, type Built } from './build.js';
import { populate } from '../../support/fixtures.js';
import { REF_LINKS, writeKernel } from '../../support/kernel-tree.js';

const FORBIDDEN_PACKAGES = /node_modules\/(zod|chalk|diff|execa|ini)\//;
const FORBIDDEN_SOURCE = /\/(store|networkd|render|schedule)\/|\/usecases\/(?!check\.)|\/config\/(?!default\.)/;
const FORBIDDEN_BUILTINS = ['node:crypto', 'crypto', 'node:zlib', 'zlib', 'node:child_process', 'child_process'];

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function sandbox() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bondify-check-loads-'));
  made.push(dir);
  const config = path.join(dir, 'bondify.ini');
  writeFileSync(config, REFERENCE_INI);
  const log = path.join(dir, 'loaded.log');
  const argv = ['check', '--bonding-file', CAPTURE, '--config', config, '--state', path.join(dir, 'state.json')];
  return { dir, log, argv, loaded: () => readFileSync(log, 'utf8').trim().split('\n') };
}

/** Writes ES-module loader hooks that log every URL the run resolves into the sandbox's log; returns the file to
 * pass to `node --import`. */
function resolveLog(s: ReturnType<typeof sandbox>): string {
  const hooks = path.join(s.dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(s.log)}, r.url + '\\n');
  return r;
}
`,
  );
  const register = path.join(s.dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return register;
}

describe('plain bondify check loads only the check path', () => {
  it('tsc build: every module resolved, from the loader hooks', async () => {
    const s = sandbox();
    const register = resolveLog(s);
    const run = () => execa(process.execPath, ['--import', pathToFileURL(register).href, DIST_MAIN, ...s.argv], { reject: false });

    const first = await run(); // config not cached yet: validating it loads zod — proves the hooks see it
    expect(first.exitCode, first.stderr).toBe(0);
    expect(s.loaded().filter((u) => /node_modules\/zod\//.test(u)).length).toBeGreaterThan(0);

    writeFileSync(s.log, '');
    const cached = await run();
    expect(cached.exitCode, cached.stderr).toBe(0);
    const urls = s.loaded();
    expect(urls).toContain(pathToFileURL(path.join(path.dirname(DIST_MAIN), '../usecases/check.js')).href);
    expect(urls.filter((u) => FORBIDDEN_PACKAGES.test(u) || FORBIDDEN_SOURCE.test(u) || FORBIDDEN_BUILTINS.includes(u))).toEqual([]);
  }, 30_000);

  it('tsc build, live check of a fake kernel with wlan0: iw (execa, child_process) only when the power-save reading is stale', async () => {
    const s = sandbox();
    const kernel = path.join(s.dir, 'kernel');
    writeKernel(kernel, { active: 'eth0', links: REF_LINKS() });
    populate(kernel, {
      '/sys/class/net/eth0/ifindex': '2\n',
      '/sys/class/net/wlan0/ifindex': '3\n',
      '/sys/class/net/wlan0/carrier': '1\n',
    });
    // An iw of the test's own (a folder only this user can write: trusted like /usr/sbin) that says "on".
    const bin = path.join(s.dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'iw'), '#!/bin/sh\necho "Power save: on"\n');
    chmodSync(path.join(bin, 'iw'), 0o755);
    const register = resolveLog(s);
    // What the CLI's plain check runs (cli/commands/check.ts), on a Host whose /sys is the fake tree.
    const dist = path.dirname(path.dirname(DIST_MAIN));
    const driver = path.join(s.dir, 'live-check.mjs');
    writeFileSync(
      driver,
      `const { runCheck } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'usecases/check.js')).href)});
const { nodeHost } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'system/node-host.js')).href)});
const { formatCheck } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'observe/check-report.js')).href)});
const o = await runCheck(nodeHost({ root: ${JSON.stringify(s.dir)}, kernelRoot: ${JSON.stringify(kernel)} }), {
  ping: false, config: ${JSON.stringify(path.join(s.dir, 'bondify.ini'))}, stateFile: ${JSON.stringify(path.join(s.dir, 'state.json'))}, fresh: process.argv[2] === 'fresh',
});
process.stdout.write(formatCheck(o));
`,
    );
    const run = async (...args: string[]) => {
      writeFileSync(s.log, '');
      const r = await execa(process.execPath, ['--import', pathToFileURL(register).href, driver, ...args], {
        reject: false,
        env: { PATH: bin },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      return { out: r.stdout, spawned: s.loaded().filter((u) => /node_modules\/execa\//.test(u) || FORBIDDEN_BUILTINS.includes(u)) };
    };
    const first = await run(); // nothing remembered: iw runs, and the hooks see execa and child_process load
    expect(first.out).toContain('WARNING: wlan0 wifi power save is on, the config wants off');
    expect(first.spawned).toContain('node:child_process');
    expect(first.spawned.some((u) => /node_modules\/execa\//.test(u))).toBe(true);

    const cached = await run(); // the reading is seconds old and the link unchanged
    expect(cached.spawned).toEqual([]);
    expect(cached.out).toContain('WARNING: wlan0 wifi power save is on, the config wants off');
    expect(cached.out).toContain("'bondify check --fresh' reads it now");
    expect(s.loaded().filter((u) => FORBIDDEN_PACKAGES.test(u) || FORBIDDEN_SOURCE.test(u))).toEqual([]);

    populate(kernel, { '/sys/class/net/wlan0/carrier': '0\n' }); // the link changed: read again at once
    expect((await run()).spawned).toContain('node:child_process');
    expect((await run('fresh')).spawned).toContain('node:child_process');
  }, 30_000);

  describe('release bundle', () => {
    let b: Built;
    beforeAll(async () => {
      b = await release();
    }, 120_000);

    it("check's chunks hold no forbidden package, source or builtin", () => {
      const { inputs, builtins } = b.checkPath;
      expect(inputs).toContain('src/usecases/check.ts');
      expect(inputs.filter((i) => FORBIDDEN_PACKAGES.test(i) || FORBIDDEN_SOURCE.test('/' + i))).toEqual([]);
      expect(builtins.filter((i) => FORBIDDEN_BUILTINS.includes(i))).toEqual([]);
    });

    it('the check bundle (lib/check.js) holds no forbidden package or source, and none of the heal code', () => {
      const { inputs } = b.checkBundle;
      expect(inputs).toContain('src/usecases/check.ts');
      expect(inputs).toContain('src/cli/commands/check.ts');
      // What it must not hold is a stand-in that hands the run over (namespace handover:), not the module.
      const held = inputs.filter((i) => !i.startsWith('handover:'));
      expect(held.filter((i) => FORBIDDEN_PACKAGES.test(i) || FORBIDDEN_SOURCE.test('/' + i))).toEqual([]);
      expect(inputs.filter((i) => i.startsWith('handover:')).sort()).toEqual([
        'handover:../../usecases/check-heal.js',
        'handover:../config/load.js',
      ]);
    });

    it('the check bundle never calls toISOString, which makes V8 load the local time zone (src/system/iso-time.ts)', async () => {
      const s = sandbox();
      await execa('tar', ['xzf', b.tarball, '-C', s.dir, 'package/lib/check.js']);
      const code = readFileSync(path.join(s.dir, 'package/lib/check.js'), 'utf8');
      expect(code).toMatch(/getUTCMilliseconds/); // isoTime is in it
      expect(code).not.toMatch(/toISOString/);
    });

    it.each([
      // [what, the words after `bondify`, the program the bin runs, exit code]
      ['plain check (config cached)', [], 'check', 0],
      ['check --json', ['--json'], 'check', 0],
      ['check --heal (the heal code is in the full program)', ['--heal'], 'program', 3],
      ['check --state --heal (a word that starts so: the full program, which reads it as a value)', ['--state', '--heal'], 'program', 3],
      ['check --help', ['--help'], 'check', 0],
    ] as const)(
      'the bin routes %s',
      async (_name, words, program, exitCode) => {
        const s = sandbox();
        await execa('tar', ['xzf', b.tarball, '-C', s.dir]);
        // Every program the bin compiles (vm.Script), by file name.
        const preload = vmScriptPreload(s.dir, s.log);
        const bin = path.join(s.dir, 'package/bondify.cjs');
        const argv = [...s.argv, ...words];
        await execa(process.execPath, [bin, ...s.argv], { reject: false }); // caches the config
        writeFileSync(s.log, '');
        const r = await execa(process.execPath, ['--require', preload, bin, ...argv], { reject: false });
        expect(r.exitCode, r.stderr + r.stdout).toBe(exitCode);
        expect(s.loaded().map((l) => l.split(' ')[0])).toEqual([`${program}.js`]);
      },
      30_000,
    );

    it('the check bundle runs a program (execa from lib/check-execa.cjs): --ping with a stand-in ping on PATH', async () => {
      const s = sandbox();
      await execa('tar', ['xzf', b.tarball, '-C', s.dir]);
      const bin = path.join(s.dir, 'package/bondify.cjs');
      // vm.Script has no module loader: an import() left in the bundle would fail here, not at build time.
      expect(readFileSync(path.join(s.dir, 'package/lib/check.js'), 'utf8')).not.toMatch(/\bimport\(/);
      const fake = path.join(s.dir, 'bin');
      mkdirSync(fake, { mode: 0o755 });
      writeFileSync(path.join(fake, 'ping'), '#!/bin/sh\necho "ping $*" >> "$0.log"\n', { mode: 0o755 });
      const env = { PATH: `${fake}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };
      await execa(process.execPath, [bin, ...s.argv], { reject: false }); // caches the config
      const r = await execa(process.execPath, [bin, ...s.argv, '--ping'], { reject: false, env });
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(readFileSync(path.join(fake, 'ping.log'), 'utf8')).toMatch(/^ping -c 1 -W 1 -I bond0 \S+\n$/);
    }, 30_000);

    it("the single file's check runs a program through the full program's execa chunk: --ping with a stand-in ping", async () => {
      const s = sandbox();
      const fake = path.join(s.dir, 'bin');
      mkdirSync(fake, { mode: 0o755 });
      writeFileSync(path.join(fake, 'ping'), '#!/bin/sh\necho "ping $*" >> "$0.log"\n', { mode: 0o755 });
      const env = { PATH: `${fake}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };
      await execa(process.execPath, [b.single, ...s.argv], { reject: false, env }); // caches the config
      const r = await execa(process.execPath, [b.single, ...s.argv, '--ping'], { reject: false, env });
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(readFileSync(path.join(fake, 'ping.log'), 'utf8')).toMatch(/^ping -c 1 -W 1 -I bond0 \S+\n$/);
    }, 30_000);

    it('the check bundle hands the first run after a config change over to the full program, which validates it', async () => {
      const s = sandbox();
      await execa('tar', ['xzf', b.tarball, '-C', s.dir]);
      const bin = path.join(s.dir, 'package/bondify.cjs');
      const tsc = await execa(process.execPath, [DIST_MAIN, ...s.argv.map((a) => a.replace('state.json', 'tsc-state.json'))], {
        reject: false,
      });
      const first = await execa(process.execPath, [bin, ...s.argv], { reject: false });
      expect(first.exitCode, first.stderr).toBe(0);
      expect(first.stdout).toBe(tsc.stdout);
      expect(first.stderr).toBe('');
      // A config the validator refuses: the same UNKNOWN from the full program as from the tsc build.
      writeFileSync(path.join(s.dir, 'bondify.ini'), '[bond]\nmode = balance-rr\n');
      const bad = await execa(process.execPath, [bin, ...s.argv], { reject: false });
      const badTsc = await execa(process.execPath, [DIST_MAIN, ...s.argv], { reject: false });
      expect([bad.exitCode, bad.stdout, bad.stderr]).toEqual([badTsc.exitCode, badTsc.stdout, badTsc.stderr]);
      expect(bad.stdout).toMatch(/^BONDIFY (UNKNOWN|WARNING|CRITICAL)/);
    }, 30_000);

    it.each([
      ['the single file (release/bondify.cjs)', 'single'],
      ["the npm package's bondify.cjs", 'cjs'],
    ])(
      '%s: the builtins it requires at run time (a compressed chunk would need zlib)',
      async (_name, kind) => {
        const s = sandbox();
        let file = b.single;
        if (kind === 'cjs') {
          await execa('tar', ['xzf', b.tarball, '-C', s.dir]);
          file = path.join(s.dir, 'package/bondify.cjs');
        }
        const preload = path.join(s.dir, 'preload.cjs');
        writeFileSync(
          preload,
          `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(${JSON.stringify(s.log)}, request + '\\n');
  return load.call(this, request, ...rest);
};
`,
        );
        const run = () => execa(process.execPath, ['--require', preload, file, ...s.argv], { reject: false });
        const first = await run();
        expect(first.exitCode, first.stderr).toBe(0);
        // The validator's chunk was loaded — inflated (single file) or required from lib/ (npm package): the log
        // sees chunk loads.
        const chunkFile = /\/lib\/[\w-]+\.cjs$/;
        if (kind === 'single') expect(s.loaded()).toContain('node:zlib');
        else expect(s.loaded().filter((r) => chunkFile.test(r)).length).toBeGreaterThan(0);
        writeFileSync(s.log, '');
        const cached = await run();
        expect(cached.exitCode, cached.stderr).toBe(0);
        const loaded = s.loaded();
        expect(loaded).toContain('node:fs');
        expect(loaded.filter((r) => FORBIDDEN_BUILTINS.includes(r))).toEqual([]);
        if (kind === 'cjs') expect(loaded.filter((r) => chunkFile.test(r))).toEqual([]); // check's code is all in lib/check.js
      },
      30_000,
    );
  });
});
