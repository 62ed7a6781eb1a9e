// The Arch package, built for real with Arch's makepkg from the release tarball (as an unprivileged user), read with
// pacman -Qlp, installed into a scratch root with pacman -U --root, run there with this host's node, and removed
// again: the user's config, backups and schedule stay. The shipped units pass systemd-analyze verify. The package
// ships no V8 code cache and no pacman hook (it had both; issue #22: a damaged cache ran as code).
import { execa } from 'execa';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';
// @ts-expect-error -- a plain .mjs build script without types
import { buildPackage } from '../../../scripts/ship/arch.mjs';
import { CAPTURE, release } from './build.js';

let out = '';
let pkg = '';
const scratch: string[] = [];
const scratchRoot = () => {
  const r = tempDir('arch-root');
  scratch.push(r);
  mkdirSync(path.join(r, 'db'));
  return r;
};
const pacman = (root: string, ...args: string[]) =>
  execa(
    'pacman',
    [
      ...args,
      '--root',
      root,
      '--dbpath',
      path.join(root, 'db'),
      '--logfile',
      path.join(root, 'pacman.log'),
      '--cachedir',
      path.join(root, 'cache'),
    ],
    { reject: false },
  );

const fromPackage = async (file: string) => (await execa('bsdtar', ['-xOf', pkg, file])).stdout;

beforeAll(async () => {
  out = tempDir('arch');
  pkg = (await buildPackage(out, (await release()).tarball)) as string;
}, 900_000);
afterAll(() => {
  for (const d of [out, ...scratch]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('Arch package (makepkg, pacman)', () => {
  it('PKGBUILD: arch any, depends nodejs, MIT, and a sha256 of every source that makepkg checked', () => {
    const text = readFileSync(path.join(out, 'PKGBUILD'), 'utf8');
    expect(text).toMatch(/^arch=\('any'\)$/m);
    expect(text).toMatch(/^depends=\('nodejs'\)$/m);
    expect(text).toMatch(/^license=\('MIT'\)$/m);
    const sources = text.match(/^source=\(([^)]*)\)/m)?.[1]?.match(/['"][^'"]+['"]/g) ?? [];
    const sums = text.match(/^sha256sums=\(([^)]*)\)/m)?.[1]?.match(/'[0-9a-f]{64}'/g) ?? [];
    expect([sources.length > 1, sums.length]).toEqual([true, sources.length]);
  });

  it('pacman -Qlp: the program under /usr/lib/bondify, /usr/bin/bondify, units, man page, completion, license, example; no code cache, no hook; nothing in /etc or /var', async () => {
    const root = scratchRoot();
    const r = await pacman(root, '-Qlpq', pkg);
    expect(r.exitCode).toBe(0);
    const listed = r.stdout
      .split('\n')
      .filter((f) => !f.endsWith('/'))
      .map((f) => f.slice(root.length));
    expect(listed.filter((f) => !f.startsWith('/usr/lib/bondify/'))).toEqual([
      '/usr/bin/bondify',
      '/usr/lib/systemd/system/bondify-check.service',
      '/usr/lib/systemd/system/bondify-check.timer',
      '/usr/share/bash-completion/completions/bondify',
      '/usr/share/doc/bondify/bondify.ini',
      '/usr/share/licenses/bondify/LICENSE',
      '/usr/share/man/man1/bondify.1.gz',
    ]);
    expect(listed).toContain('/usr/lib/bondify/package.json');
    expect(listed.filter((f) => /v8cache|make-cache/.test(f))).toEqual([]);
    // Modes: the tar listing as bsdtar shows it (mode, owner, path); only the entry file is executable.
    const modes = (await execa('bsdtar', ['-tvf', pkg])).stdout.split('\n').filter((l) => / usr\//.test(l));
    const entry = (JSON.parse(await fromPackage('usr/lib/bondify/package.json')) as { bin: { bondify: string } }).bin.bondify.replace(
      /^\.\//,
      '',
    );
    for (const l of modes) {
      const [mode, , owner, group] = l.split(/\s+/);
      const file = l.slice(l.indexOf(' usr/') + 1).split(' -> ')[0] ?? '';
      const want = file.endsWith('/')
        ? 'drwxr-xr-x'
        : file === 'usr/bin/bondify'
          ? 'lrwxrwxrwx'
          : file === `usr/lib/bondify/${entry}`
            ? '-rwxr-xr-x'
            : '-rw-r--r--';
      expect([file, mode, owner, group]).toEqual([file, want, 'root', 'root']);
    }
  });

  it("installs into a scratch root, runs there with this host's node, and cron install --timer enables the packaged timer (no copy in /etc)", async () => {
    const root = scratchRoot();
    // No hook runs: a bare root (no node in it) installs without an error (pacman only warns that it makes its cache
    // folder).
    const install = await pacman(root, '-U', '-dd', '--noconfirm', pkg);
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/error|hook/i);
    const bin = path.join(root, 'usr/bin/bondify');
    expect(readlinkSync(bin)).not.toMatch(/^\//); // relative: resolves under any mount point
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/node'); // Arch's node, without env
    const help = await execa(bin, ['--help'], { reject: false });
    expect([help.exitCode, help.stdout.split('\n')[0]]).toEqual([0, 'usage: bondify <command> [options]']);
    const plan = await execa(
      bin,
      ['plan', '--config', path.join(root, 'usr/share/doc/bondify/bondify.ini'), '--root', tempDir('arch-plan')],
      { reject: false },
    );
    expect([plan.exitCode, plan.stderr]).toEqual([0, '']);
    const cron = await execa(bin, ['cron', 'install', '--timer', '--root', root], { reject: false });
    expect(cron.exitCode).toBe(0);
    expect(existsSync(path.join(root, 'etc/systemd/system/bondify-check.timer'))).toBe(false);
    expect(readdirSync(path.join(root, 'etc/systemd/system'))).toEqual(['timers.target.wants']);
    expect(readlinkSync(path.join(root, 'etc/systemd/system/timers.target.wants/bondify-check.timer'))).toBe(
      '/usr/lib/systemd/system/bondify-check.timer',
    );
    expect((await execa(bin, ['cron', 'remove', '--root', root], { reject: false })).exitCode).toBe(0);
    expect(existsSync(path.join(root, 'etc/systemd/system/timers.target.wants/bondify-check.timer'))).toBe(false);
  });

  it("caches an older package's hook left in lib, damaged, are never read: check answers as with none", async () => {
    const root = scratchRoot();
    expect((await pacman(root, '-U', '-dd', '--noconfirm', pkg)).exitCode).toBe(0);
    const lib = path.join(root, 'usr/lib/bondify/lib');
    const config = path.join(root, 'usr/share/doc/bondify/bondify.ini');
    const state = path.join(root, 'state.json');
    const check = () =>
      execa(path.join(root, 'usr/bin/bondify'), ['check', '--bonding-file', CAPTURE, '--config', config, '--state', state], {
        reject: false,
      });
    await check(); // validates the config and caches it in the state
    const saved = readFileSync(state);
    const none = await check();
    expect([none.exitCode, none.stdout]).toEqual([0, expect.stringMatching(/^BONDIFY OK - bond0 active-backup/)]);
    // V8's own cache of each program, 16 bytes inverted in the middle, the header intact (what the hook made, damaged).
    for (const p of ['program', 'check']) {
      const js = path.join(lib, `${p}.js`);
      const data = new vm.Script(readFileSync(js, 'utf8'), { filename: js }).createCachedData();
      for (let i = data.length >> 1; i < (data.length >> 1) + 16; i++) data[i]! ^= 0xff;
      writeFileSync(path.join(lib, `${p}.v8cache`), data);
    }
    writeFileSync(state, saved);
    const damaged = await check();
    expect([damaged.exitCode, damaged.stdout, damaged.stderr]).toEqual([none.exitCode, none.stdout, none.stderr]);
  });

  it("pacman -R leaves the user's config, backups and schedule as they were, owned by no package", async () => {
    const root = scratchRoot();
    expect((await pacman(root, '-U', '-dd', '--noconfirm', pkg)).exitCode).toBe(0);
    const user: Record<string, string> = {
      'etc/bondify/bondify.ini': readFileSync(path.join(root, 'usr/share/doc/bondify/bondify.ini'), 'utf8'),
      'var/lib/bondify/backups/20261130T000000Z/manifest.json': '{}\n',
      'etc/systemd/network/10-eth0.network': '[Match]\nName=eth0\n',
    };
    for (const [f, text] of Object.entries(user)) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), text);
    }
    expect(
      (await execa(path.join(root, 'usr/bin/bondify'), ['cron', 'install', '--timer', '--every', '5', '--root', root], { reject: false }))
        .exitCode,
    ).toBe(0);
    for (const f of Object.keys(user)) expect((await pacman(root, '-Qqo', path.join(root, f))).exitCode).toBe(1);
    expect((await pacman(root, '-R', '--noconfirm', 'bondify')).exitCode).toBe(0);
    for (const [f, text] of Object.entries(user)) expect(readFileSync(path.join(root, f), 'utf8')).toBe(text);
    expect(existsSync(path.join(root, 'var/lib/bondify/schedule.json'))).toBe(true);
    expect(existsSync(path.join(root, 'etc/systemd/system/bondify-check.timer.d/bondify-cron.conf'))).toBe(true);
    expect(existsSync(path.join(root, 'usr/lib/bondify'))).toBe(false);
    expect(
      lstatSync(path.join(root, 'usr/bin'), { throwIfNoEntry: false })?.isDirectory() ? readdirSync(path.join(root, 'usr/bin')) : [],
    ).toEqual([]);
  });

  it("the shipped units pass systemd-analyze verify (in a root with the package and the host's targets)", async () => {
    const root = scratchRoot();
    expect((await pacman(root, '-U', '-dd', '--noconfirm', pkg)).exitCode).toBe(0);
    for (const t of readdirSync('/lib/systemd/system').filter((f) => f.endsWith('.target'))) {
      cpSync(path.join('/lib/systemd/system', t), path.join(root, 'usr/lib/systemd/system', t), { dereference: true });
    }
    const r = await execa('systemd-analyze', ['verify', `--root=${root}`, 'bondify-check.timer', 'bondify-check.service'], {
      reject: false,
    });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
  });

  it('bash completion: commands, their subcommands and flags, as the --help texts list them', async () => {
    const dir = tempDir('arch-bash');
    scratch.push(dir);
    writeFileSync(path.join(dir, 'bondify'), await fromPackage('usr/share/bash-completion/completions/bondify'));
    // A script file (no shell string): source the completion, complete the words given as arguments.
    writeFileSync(
      path.join(dir, 'complete.bash'),
      'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _bondify; printf "%s\\n" "${COMPREPLY[@]}"\n',
    );
    const complete = async (...words: string[]) =>
      (await execa('bash', [path.join(dir, 'complete.bash'), path.join(dir, 'bondify'), ...words])).stdout.split('\n');
    expect(await complete('bondify', 'c')).toEqual(['confirm', 'check', 'cron']);
    expect(await complete('bondify', 'cron', '')).toEqual(['install', 'remove']);
    expect(await complete('bondify', 'cron', 'install', '--ev')).toEqual(['--every']);
    expect(await complete('bondify', 'apply', '--con')).toEqual(['--config', '--confirm']);
  });

  it('the man page is bondify(1), with this version', async () => {
    const gz = (await execa('bsdtar', ['-xOf', pkg, 'usr/share/man/man1/bondify.1.gz'], { encoding: 'buffer' })).stdout;
    const man = gunzipSync(gz).toString('utf8');
    const version = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version as string;
    expect(man).toContain(`.TH BONDIFY 1 "" "bondify ${version}" "User Commands"`);
    expect(man).toContain('.SH EXIT STATUS');
  });
});
