// `bondify cron` end to end through the built CLI into a temp --root; `systemctl` is an argv-logging stub on PATH.
import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';

const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

/** A temp root; `packaged`: the card holds /usr/bin/bondify (the package, or npm's global bin on Arch). */
function sandbox({ packaged = true } = {}) {
  const bin = tempDir('cron-bin');
  const root = tempDir('cron-root');
  if (packaged) {
    mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
    writeFileSync(path.join(root, 'usr/bin/bondify'), '#!/bin/sh\n', { mode: 0o755 });
  }
  const log = path.join(bin, 'argv.log');
  writeFileSync(path.join(bin, 'systemctl'), `#!/bin/sh\necho "$*" >> '${log}'\n`);
  chmodSync(path.join(bin, 'systemctl'), 0o755);
  const run = (...args: string[]) =>
    execa('node', [MAIN, 'cron', ...args, '--root', root], { reject: false, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { root, run, calls };
}

describe('bondify cron (CLI, offline root)', () => {
  it("install writes /etc/cron.d/bondify running the root's /usr/bin/bondify check under a timeout, remove deletes it", async () => {
    const s = sandbox();
    const first = await s.run('install', '--every', '10', '--ping');
    expect(first.exitCode).toBe(0);
    expect(readFileSync(path.join(s.root, 'etc/cron.d/bondify'), 'utf8').split('\n')[5]).toBe(
      '*/10 * * * * root systemd-cat -t bondify /usr/bin/timeout --kill-after=10s 120s /usr/bin/bondify check --ping',
    );
    expect((await s.run('install', '--every', '10', '--ping')).stdout).toContain('unchanged /etc/cron.d/bondify');
    expect((await s.run('remove')).stdout).toBe('  removed /etc/cron.d/bondify');
    expect(existsSync(path.join(s.root, 'etc/cron.d/bondify'))).toBe(false);
    expect((await s.run('remove')).stdout).toBe('nothing to remove: no schedule installed by bondify');
    expect(s.calls()).toEqual([]);
  });

  it('--timer enables the timer through systemctl --root, remove disables it', async () => {
    const s = sandbox();
    expect((await s.run('install', '--timer')).exitCode).toBe(0);
    expect((await s.run('remove')).exitCode).toBe(0);
    expect(s.calls()).toEqual([`--root=${s.root} enable bondify-check.timer`, `--root=${s.root} disable bondify-check.timer`]);
  });

  it('--heal makes the entry (and the timer service) run `bondify check --heal`; idempotent; install without it goes back', async () => {
    const s = sandbox();
    const line = () => readFileSync(path.join(s.root, 'etc/cron.d/bondify'), 'utf8').split('\n')[5];
    const first = await s.run('install', '--heal');
    expect([first.exitCode, first.stdout.trim().split('\n').at(-1), line()]).toEqual([
      0,
      'bondify check --heal runs every 1 minute (cron)',
      '* * * * * root systemd-cat -t bondify /usr/bin/timeout --kill-after=10s 300s /usr/bin/bondify check --heal',
    ]);
    expect((await s.run('install', '--heal')).stdout).toContain('unchanged /etc/cron.d/bondify');
    expect((await s.run('install')).stdout).toContain('updated /etc/cron.d/bondify');
    expect(line()).toBe('* * * * * root systemd-cat -t bondify /usr/bin/timeout --kill-after=10s 120s /usr/bin/bondify check');
    expect((await s.run('install', '--timer', '--heal', '--ping')).exitCode).toBe(0);
    expect(readFileSync(path.join(s.root, 'etc/systemd/system/bondify-check.service'), 'utf8')).toContain(
      '\nExecStart=/usr/bin/bondify check --ping --heal\nTimeoutStartSec=300s\nReadWritePaths=-/etc/systemd/network -/etc/modprobe.d -/etc/udev/rules.d\n',
    );
    expect((await s.run('remove')).stdout).toContain('removed /etc/systemd/system/bondify-check.service');
    expect(existsSync(path.join(s.root, 'etc/systemd/system/bondify-check.timer'))).toBe(false);
  });

  it('--every 7 with cron is refused (cron restarts its count at each hour), with the timer it is 7 minutes exactly', async () => {
    const s = sandbox();
    const cron = await s.run('install', '--every', '7');
    expect([cron.exitCode, cron.stderr]).toEqual([64, expect.stringContaining('--every 7 does not divide the hour')]);
    expect(existsSync(path.join(s.root, 'etc/cron.d/bondify'))).toBe(false);
    expect((await s.run('install', '--every', '7', '--timer')).exitCode).toBe(0);
    expect(readFileSync(path.join(s.root, 'etc/systemd/system/bondify-check.timer'), 'utf8')).toContain(
      '\nOnBootSec=7min\nOnUnitActiveSec=7min\n',
    );
  });

  it.each([['install'], ['remove']])('%s --root on a missing directory is a usage error (64), like every other command', async (action) => {
    const r = await execa('node', [MAIN, 'cron', action, '--root', '/nonexistent/bondify-root'], { reject: false });
    expect([r.exitCode, r.stderr]).toEqual([64, expect.stringContaining('--root /nonexistent/bondify-root is not a directory')]);
  });

  it.each([
    [['remove', '--every', '5']],
    [['remove', '--timer']],
    [['remove', '--heal']],
    [['install', '--every', '0']],
    [['install', '--every', '1.5']],
    [['install', '--prom', 'relative.prom']],
    [['install', '--bin', 'bin/bondify']],
    [['remove', '--bin', '/usr/bin/bondify']],
    [['frobnicate']],
    [[]],
  ])('usage errors exit 64: %j', async (args) => {
    expect((await sandbox().run(...args)).exitCode).toBe(64);
  });

  // Issue 22: a line break in --prom added a root cron line (or, with --timer, an ExecStartPre=) to what install wrote.
  const INJECTIONS = [
    ['--prom', '/x\n* * * * * root touch /run/owned #'],
    ['--prom', '/x\nExecStartPre=/bin/touch /run/owned'],
    ['--prom', '/var/lib/node-exporter/bondify.prom\r'],
    ['--prom', '/x\u007fy.prom'],
    ['--bin', '/usr/bin/bondify\n* * * * * root touch /run/owned #'],
  ];
  it.each(INJECTIONS.flatMap((flag) => [[...flag], [...flag, '--timer']]))(
    'a control character in %s %j is refused (64) naming the option, and nothing is written',
    async (...args) => {
      const s = sandbox();
      const r = await s.run('install', ...args);
      expect([r.exitCode, r.stdout]).toEqual([64, '']);
      expect(r.stderr).toContain(`cron: ${args[0]} holds a line break or control character`);
      expect(r.stderr).toContain('fix:');
      expect(readdirSync(s.root)).toEqual(['usr']);
      expect(s.calls()).toEqual([]);
    },
  );

  it('$, % and quotes in a path reach systemd and cron as one literal word ($$ and %% in the unit, \\% in cron)', async () => {
    const s = sandbox();
    const prom = '/var/lib/node exporter/$HOME %i \'q".prom';
    expect((await s.run('install', '--timer', '--prom', prom)).exitCode).toBe(0);
    const unit = readFileSync(path.join(s.root, 'etc/systemd/system/bondify-check.service'), 'utf8');
    expect(unit).toContain('\nExecStart=/usr/bin/bondify check --prom "/var/lib/node exporter/$$HOME %%i \'q\\".prom"\n');
    expect(unit).toContain('\nReadWritePaths="-/var/lib/node exporter"\n');
    expect((await s.run('install', '--prom', prom)).exitCode).toBe(0);
    expect(readFileSync(path.join(s.root, 'etc/cron.d/bondify'), 'utf8')).toContain(
      ` /usr/bin/bondify check --prom '/var/lib/node exporter/$HOME \\%i '\\''q".prom'\n`,
    );
  });

  // Issue 22 item 10: offline, a bare `bondify` (found through PATH) was scheduled: nothing of that name is on a card
  // the single file was run for, so the check never ran.
  it('--root without /usr/bin/bondify in it is refused (64) with the fix (--bin), nothing written; --bin names the program on the card', async () => {
    for (const timer of [[], ['--timer']]) {
      const s = sandbox({ packaged: false });
      const r = await s.run('install', ...timer);
      expect([r.exitCode, r.stdout]).toEqual([64, '']);
      expect(r.stderr).toContain(`cron: ${s.root} has no /usr/bin/bondify`);
      expect(r.stderr).toContain('--bin PATH');
      expect(readdirSync(s.root)).toEqual([]);
      const missing = await s.run('install', '--bin', '/opt/bondify/bondify', ...timer);
      expect([missing.exitCode, missing.stderr]).toEqual([64, expect.stringContaining(`--bin /opt/bondify/bondify is not in ${s.root}`)]);
      mkdirSync(path.join(s.root, 'opt/bondify'), { recursive: true });
      writeFileSync(path.join(s.root, 'opt/bondify/bondify'), '#!/bin/sh\n', { mode: 0o755 });
      expect((await s.run('install', '--bin', '/opt/bondify/bondify', ...timer)).exitCode).toBe(0);
      const written = timer.length
        ? readFileSync(path.join(s.root, 'etc/systemd/system/bondify-check.service'), 'utf8')
        : readFileSync(path.join(s.root, 'etc/cron.d/bondify'), 'utf8');
      expect(written).toContain(timer.length ? '\nExecStart=/opt/bondify/bondify check\n' : ' 120s /opt/bondify/bondify check\n');
    }
  });
});
