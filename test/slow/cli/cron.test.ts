// `bondify cron` end to end through the built CLI into a temp --root; `systemctl` is an argv-logging stub on PATH.
import { execa } from 'execa';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';

const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

function sandbox() {
  const bin = tempDir('cron-bin');
  const root = tempDir('cron-root');
  const log = path.join(bin, 'argv.log');
  writeFileSync(path.join(bin, 'systemctl'), `#!/bin/sh\necho "$*" >> '${log}'\n`);
  chmodSync(path.join(bin, 'systemctl'), 0o755);
  const run = (...args: string[]) =>
    execa('node', [MAIN, 'cron', ...args, '--root', root], { reject: false, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { root, run, calls };
}

describe('bondify cron (CLI, offline root)', () => {
  it('install writes /etc/cron.d/bondify running `bondify check` (offline: found through PATH), remove deletes it', async () => {
    const s = sandbox();
    const first = await s.run('install', '--every', '10', '--ping');
    expect(first.exitCode).toBe(0);
    expect(readFileSync(path.join(s.root, 'etc/cron.d/bondify'), 'utf8').split('\n')[4]).toBe(
      '*/10 * * * * root systemd-cat -t bondify bondify check --ping',
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
    const line = () => readFileSync(path.join(s.root, 'etc/cron.d/bondify'), 'utf8').split('\n')[4];
    const first = await s.run('install', '--heal');
    expect([first.exitCode, first.stdout.trim().split('\n').at(-1), line()]).toEqual([
      0,
      'bondify check --heal runs every 1 minute (cron)',
      '* * * * * root systemd-cat -t bondify bondify check --heal',
    ]);
    expect((await s.run('install', '--heal')).stdout).toContain('unchanged /etc/cron.d/bondify');
    expect((await s.run('install')).stdout).toContain('updated /etc/cron.d/bondify');
    expect(line()).toBe('* * * * * root systemd-cat -t bondify bondify check');
    expect((await s.run('install', '--timer', '--heal', '--ping')).exitCode).toBe(0);
    expect(readFileSync(path.join(s.root, 'etc/systemd/system/bondify-check.service'), 'utf8')).toContain(
      '\nExecStart=bondify check --ping --heal\n',
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
    [['frobnicate']],
    [[]],
  ])('usage errors exit 64: %j', async (args) => {
    expect((await sandbox().run(...args)).exitCode).toBe(64);
  });
});
