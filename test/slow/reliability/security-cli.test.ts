// File safety through the built CLI on an offline root: (1) strace of apply and rollback shows every file it
// creates is opened O_CREAT|O_EXCL|O_NOFOLLOW, every change lies in /etc/systemd/network, /etc/modprobe.d,
// /etc/udev/rules.d or /var/lib/bondify under the root, and every rename is temp → final in one folder; (2) planted symlinks and
// special files make apply refuse with nothing written anywhere; (3) under umask 000 the modes are still
// 0644 units, 0700 state folders, 0600 state files. (The config file's own trust: security-config.test.ts.)
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree } from '../../support/fixtures.js';
import { cli, configuredRoots, MAIN } from '../../support/cli.js';
import { ensureStrace, mutates, traceCli } from './strace.js';

const root = configuredRoots();
const outsides: string[] = [];
afterAll(() => outsides.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const STATE = ['/etc/systemd/network', '/etc/modprobe.d', '/etc/udev/rules.d', '/var/lib/bondify'];

describe('what apply and rollback do to the filesystem (strace)', () => {
  beforeAll(ensureStrace, 900_000);

  it.each([
    ['apply', ['--yes']],
    ['rollback', []],
  ] as const)('%s: exclusive temp files, changes only inside the state folders', async (cmd, extra) => {
    const r = root('audit');
    if (cmd === 'rollback') expect((await cli(['apply', '--root', r, '--yes'])).exitCode).toBe(0);
    const run = await traceCli([cmd, '--root', r, ...extra]);
    expect(run.exitCode, run.stderr).toBe(0);
    const changes = run.calls.filter(mutates);
    expect(changes.length).toBeGreaterThan(10);
    for (const c of changes) {
      for (const p of c.syscall.startsWith('rename') || c.syscall.startsWith('link') ? c.paths : c.paths.slice(0, 1)) {
        const rel = '/' + path.relative(r, p);
        const ok =
          !rel.startsWith('/..') &&
          (STATE.some((d) => rel === d || rel.startsWith(d + '/')) ||
            (/^mkdir|^chmod/.test(c.syscall) && STATE.some((d) => d.startsWith(rel + '/'))));
        expect(ok, `${c.syscall} ${p}`).toBe(true);
      }
      if (/O_CREAT/.test(c.flags)) expect(c.flags, c.paths[0]).toMatch(/O_EXCL.*O_NOFOLLOW|O_NOFOLLOW.*O_EXCL/);
      expect(['symlink', 'symlinkat', 'link', 'linkat', 'mknod', 'mknodat']).not.toContain(c.syscall);
      if (c.syscall.startsWith('rename')) {
        const [from = '', to = ''] = c.paths;
        expect(path.basename(from)).toContain('.bondify-tmp-');
        expect(path.dirname(from)).toBe(path.dirname(to));
      }
    }
  });
});

// [what, arrange (root, a folder outside it), the refusal must say]
const PLANTED: Array<[string, (r: string, out: string) => void, RegExp]> = [
  [
    'a symlink as a unit bondify writes',
    (r, out) => fs.symlinkSync(path.join(out, 'victim'), path.join(r, 'etc/systemd/network/10-bondify-bond0.netdev')),
    /10-bondify-bond0.netdev: it is a symlink/,
  ],
  [
    '/etc/systemd/network as a symlink',
    (r, out) => {
      fs.renameSync(path.join(r, 'etc/systemd/network'), path.join(out, 'network'));
      fs.symlinkSync(path.join(out, 'network'), path.join(r, 'etc/systemd/network'));
    },
    /\/etc\/systemd\/network is a symlink/,
  ],
  ['/etc/modprobe.d as a symlink', (r, out) => fs.symlinkSync(out, path.join(r, 'etc/modprobe.d')), /\/etc\/modprobe.d is a symlink/],
  [
    '/etc/udev/rules.d as a symlink (udev runs RUN+= as root)',
    (r, out) => {
      fs.mkdirSync(path.join(r, 'etc/udev'), { recursive: true });
      fs.symlinkSync(out, path.join(r, 'etc/udev/rules.d'));
    },
    /\/etc\/udev\/rules.d is a symlink/,
  ],
  [
    '/var/lib/bondify as a symlink',
    (r, out) => {
      fs.mkdirSync(path.join(r, 'var/lib'), { recursive: true });
      fs.symlinkSync(out, path.join(r, 'var/lib/bondify'));
    },
    /\/var\/lib\/bondify is a symlink/,
  ],
  [
    'the backups folder as a symlink',
    (r, out) => {
      fs.mkdirSync(path.join(r, 'var/lib/bondify'), { recursive: true, mode: 0o700 });
      fs.symlinkSync(out, path.join(r, 'var/lib/bondify/backups'));
    },
    /backups is a symlink/,
  ],
  [
    'a FIFO as /etc/modprobe.d/bondify.conf',
    (r) => {
      fs.mkdirSync(path.join(r, 'etc/modprobe.d'));
      execFileSync('mkfifo', [path.join(r, 'etc/modprobe.d/bondify.conf')]);
    },
    /bondify.conf: it is not a regular file/,
  ],
  [
    'a directory as a unit',
    (r) => fs.mkdirSync(path.join(r, 'etc/systemd/network/10-bondify-eth0.network')),
    /10-bondify-eth0.network: it is not a regular file/,
  ],
];

describe('planted symlinks and special files: apply refuses, nothing is written', () => {
  it.concurrent.for(PLANTED)('%s', async ([, arrange, why], { expect }) => {
    const r = root('planted');
    const out = path.join(r, '..', `${path.basename(r)}-outside`);
    fs.mkdirSync(out);
    outsides.push(out);
    fs.writeFileSync(path.join(out, 'victim'), 'precious\n');
    arrange(r, out);
    const etc = hashTree(path.join(r, 'etc'));
    const outside = hashTree(out);
    const run = await cli(['apply', '--root', r, '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(74);
    expect(run.stderr).toMatch(/refusing to touch/);
    expect(run.stderr).toMatch(why);
    expect(run.stderr, 'the refusal names a real path, not a made-up one inside a folder').not.toMatch(/\/x[:\s]/);
    expect(run.stderr).toMatch(/\n {2}fix: \S/);
    expect(hashTree(out)).toBe(outside);
    expect(hashTree(path.join(r, 'etc'))).toBe(etc);
  });
});

describe('modes under umask 000', () => {
  it('units 0644, state folders 0700, state files 0600, nothing group- or world-writable', async () => {
    const r = root('umask');
    const code = `process.umask(0); process.argv.splice(1, 0, 'bondify'); await import(${JSON.stringify('file://' + MAIN)});`;
    const run = await execa('node', ['--input-type=module', '-e', code, 'apply', '--root', r, '--yes'], {
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const seen: string[] = [];
    const walk = (rel: string): void => {
      for (const name of fs.readdirSync(path.join(r, rel))) {
        const p = path.posix.join(rel, name);
        const st = fs.lstatSync(path.join(r, p));
        const mode = st.mode & 0o7777;
        if (STATE.some((d) => p.startsWith(d.slice(1)))) {
          seen.push(p);
          expect(mode & 0o022, `${p} ${mode.toString(8)}`).toBe(0);
          if (p.startsWith('var/lib/bondify')) expect(mode, p).toBe(st.isDirectory() ? 0o700 : 0o600);
          else if (st.isFile()) expect(mode, p).toBe(0o644);
        }
        if (st.isDirectory()) walk(p);
      }
    };
    walk('');
    expect(seen).toContain('etc/systemd/network/10-bondify-bond0.netdev');
    expect(seen).toContain('etc/modprobe.d/bondify.conf');
    expect(seen.some((p) => p.endsWith('manifest.json'))).toBe(true);
    // Folders apply had to create above its own state and for the module option are system folders: 0755.
    for (const d of ['var', 'var/lib', 'etc/modprobe.d']) expect((fs.statSync(path.join(r, d)).mode & 0o7777).toString(8), d).toBe('755');
  });
});
