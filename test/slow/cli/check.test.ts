// `bondify check` end to end through the built CLI (dist/cli/main.js): exit codes, output, logger via argv.
// `logger` is an argv-logging stub on PATH, so nothing reaches this machine's journal.
import { execa } from 'execa';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { tempDir } from '../../support/fixtures.js';

const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const FILES = fileURLToPath(new URL('../../fixtures/check-bonding/', import.meta.url));

function sandbox() {
  const dir = tempDir('check-cli');
  const log = path.join(dir, 'argv.log');
  const stub = path.join(dir, 'logger');
  writeFileSync(stub, `#!/bin/sh\nprintf '%s|' "$0" "$@" >> '${log}'\necho >> '${log}'\n`);
  chmodSync(stub, 0o755);
  const config = path.join(dir, 'bondify.ini');
  writeFileSync(config, REFERENCE_INI);
  const run = (file: string, ...more: string[]) =>
    execa('node', [MAIN, 'check', '--bonding-file', FILES + file, '--config', config, '--state', path.join(dir, 'state.json'), ...more], {
      reject: false,
      env: { PATH: `${dir}:${process.env.PATH ?? ''}` },
    });
  const logged = () => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { dir, run, logged };
}

describe('bondify check (CLI)', () => {
  it.each([
    ['ok.txt', 0, 'BONDIFY OK - bond0 active-backup: eth0 active (primary), wlan0 up | active_is_primary=1 slaves_up=2 link_failures=0c'],
    [
      'eth0-down.txt',
      1,
      'BONDIFY WARNING - bond0 active-backup: eth0 down (primary), wlan0 active | active_is_primary=0 slaves_up=1 link_failures=1c',
    ],
    [
      'both-down.txt',
      2,
      'BONDIFY CRITICAL - bond0 active-backup: eth0 down (primary), wlan0 down | active_is_primary=0 slaves_up=0 link_failures=2c',
    ],
  ])('%s → exit %i', async (file, code, first) => {
    const r = await sandbox().run(file);
    expect([r.exitCode, r.stdout.split('\n')[0]]).toEqual([code, first]);
  });

  it('UNKNOWN (3) for a foreign file and for bad flags', async () => {
    const s = sandbox();
    expect((await s.run('README.md')).exitCode).toBe(3);
    const bad = await s.run('ok.txt', '--frobnicate');
    expect([bad.exitCode, bad.stdout]).toEqual([3, "BONDIFY UNKNOWN - check: Unknown option '--frobnicate'"]);
  });

  it('logs the failover once through `logger` (argv, not a shell line)', async () => {
    const s = sandbox();
    await s.run('ok.txt');
    await s.run('eth0-down.txt');
    await s.run('eth0-down.txt');
    expect(s.logged()).toEqual([
      `${path.join(s.dir, 'logger')}|-t|bondify|-p|daemon.warning|--|bond0: failover to wlan0 from eth0 (primary eth0)|`,
    ]);
  });

  it('--json carries the same facts', async () => {
    const r = await sandbox().run('eth0-down.txt', '--json');
    const j = JSON.parse(r.stdout);
    expect(r.exitCode).toBe(1);
    expect(j).toMatchObject({ status: 'WARNING', bond: 'bond0', perfdata: { active_is_primary: 0, slaves_up: 1, link_failures: 1 } });
    expect(j.problems).toEqual([
      { level: 'WARNING', message: 'running on backup slave wlan0, not the primary eth0' },
      { level: 'WARNING', message: 'slave eth0 is down' },
    ]);
    expect(j.state.activeSlave).toBe('wlan0');
  });

  it('--prom writes the textfile', async () => {
    const s = sandbox();
    await s.run('ok.txt', '--prom', path.join(s.dir, 'out', 'bondify.prom'));
    expect(readFileSync(path.join(s.dir, 'out', 'bondify.prom'), 'utf8')).toContain('bondify_up{bond="bond0"} 1\n');
  });
});

// The real default paths, with a stale /var/lib/bondify as a host that ran bondify holds it — in a private mount
// namespace over a tmpfs, so this machine's own /var/lib is never read or written whatever the CLI does.
const canUnshare = process.getuid?.() === 0 && execa('unshare', ['-m', 'true'], { reject: false }).then((r) => r.exitCode === 0);

describe('bondify check --bonding-file on a host with stale state (private mount namespace)', () => {
  it('leaves the live state file, syslog and counters alone without --state', async (ctx) => {
    if (!(await canUnshare)) ctx.skip();
    const s = sandbox();
    const stale =
      '{"version":1,"bond":"bond0","changedAt":"2026-01-01T00:00:00.000Z","present":true,"activeSlave":"eth2","linkFailures":{},"failoversTotal":41}';
    const script = [
      'mount -t tmpfs tmpfs /var/lib',
      'mkdir -m 0700 /var/lib/bondify',
      `printf '%s' '${stale}' > /var/lib/bondify/check-state.json`,
      `node ${MAIN} check --json --bonding-file ${FILES}ok.txt --config ${path.join(s.dir, 'bondify.ini')}`,
      'echo "@@exit $?"',
      'cat /var/lib/bondify/check-state.json',
      'echo',
      'ls -A /var/lib/bondify',
    ].join('\n');
    const r = await execa('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      reject: false,
      env: { PATH: `${s.dir}:${process.env.PATH ?? ''}` },
    });
    const [json, after] = r.stdout.split('@@exit ');
    const j = JSON.parse(json ?? '');
    expect([j.status, j.events, j.failoversTotal]).toEqual(['OK', [], null]);
    expect((after ?? '').split('\n')).toEqual(['0', stale, 'check-state.json']);
    expect(s.logged()).toEqual([]);
  });
});
