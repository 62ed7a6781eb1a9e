// Every rule of `bondify check` on saved bonding files, judged against the reference config (bondify.ini).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkHost } from '../../support/check-harness.js';
import { tempDir } from '../../support/fixtures.js';

const BACKUP = 'WARNING: running on backup slave wlan0, not the primary eth0';

describe('check rules (saved files, reference config)', () => {
  const table: Array<[string, string, string[]]> = [
    ['ok.txt', 'OK', []],
    ['eth0-down.txt', 'WARNING', [BACKUP, 'WARNING: slave eth0 is down']],
    ['eth0-going-back.txt', 'WARNING', [BACKUP, 'WARNING: slave eth0 is going back']],
    [
      'both-down.txt',
      'CRITICAL',
      [
        'CRITICAL: bond0 MII status is down: no slave carries traffic',
        'CRITICAL: bond0 has no active slave',
        'WARNING: slave eth0 is down',
        'WARNING: slave wlan0 is down',
      ],
    ],
    ['primary-none.txt', 'WARNING', ['WARNING: bond0.primary: desired eth0, current none']],
    [
      'wlan0-only.txt',
      'WARNING',
      [
        BACKUP,
        'WARNING: bond0.primary: desired eth0, current none',
        'WARNING: bond0.slaves: desired eth0, wlan0, current wlan0 (eth0 not enslaved)',
      ],
    ],
    [
      'balance-rr.txt',
      'CRITICAL',
      ['CRITICAL: bond0.mode: desired active-backup, current balance-rr', 'WARNING: bond0.primary: desired eth0, current none'],
    ],
  ];
  it.each(table)('%s → %s', async (file, status, problems) => {
    const r = await check(checkHost(), file);
    expect(r.status).toBe(status);
    expect(r.problems).toEqual(problems);
  });

  const LAB = '../proc-bonding/lab-6.1-active-backup-';
  it.each([
    [
      'both-up',
      'OK',
      'BONDIFY OK - bond0 active-backup: eth0 active (primary), wlan0 up | active_is_primary=1 slaves_up=2 link_failures=2c',
      [],
    ],
    [
      'eth0-cut',
      'WARNING',
      'BONDIFY WARNING - bond0 active-backup: eth0 down (primary), wlan0 active | active_is_primary=0 slaves_up=1 link_failures=3c',
      [BACKUP, 'WARNING: slave eth0 is down'],
    ],
    [
      'both-cut',
      'CRITICAL',
      'BONDIFY CRITICAL - bond0 active-backup: eth0 down (primary), wlan0 down | active_is_primary=0 slaves_up=0 link_failures=5c',
      [
        'CRITICAL: bond0 MII status is down: no slave carries traffic',
        'CRITICAL: bond0 has no active slave',
        'WARNING: slave wlan0 is down',
        'WARNING: slave eth0 is down',
      ],
    ],
  ])('real lab capture %s → %s', async (name, status, first, problems) => {
    const r = await check(checkHost(), `${LAB}${name}.txt`);
    expect([r.status, r.lines[0], r.problems]).toEqual([status, first, problems]);
  });

  it('a real capture of an unmonitored 3.7.1 bond with no slave (no config): CRITICAL (2), not refused as cut (UNKNOWN)', async () => {
    const r = await check(checkHost(null), '../proc-bonding/procfs-3.7.1-balance-rr-no-slave.txt');
    expect([r.status, r.lines[0], r.problems]).toEqual([
      'CRITICAL',
      'BONDIFY CRITICAL - bond0 balance-rr: no slaves | slaves_up=0 link_failures=0c',
      [
        'CRITICAL: bond0 MII status is down: no slave carries traffic',
        'CRITICAL: bond0 has no slave: nothing can carry its traffic',
        'WARNING: bond0 monitors no link: miimon is 0 and ARP monitoring is off, so it never notices a dead slave',
      ],
    ]);
  });

  it('prints the plugin status line with perfdata', async () => {
    expect((await check(checkHost(), 'ok.txt')).lines[0]).toBe(
      'BONDIFY OK - bond0 active-backup: eth0 active (primary), wlan0 up | active_is_primary=1 slaves_up=2 link_failures=0c',
    );
    expect((await check(checkHost(), 'eth0-down.txt')).lines[0]).toBe(
      'BONDIFY WARNING - bond0 active-backup: eth0 down (primary), wlan0 active | active_is_primary=0 slaves_up=1 link_failures=1c',
    );
  });

  it("compares every configured value: a config with updelay 400 and downdelay 100 against the kernel's 200/0", async () => {
    const { REFERENCE_INI } = await import('../../../src/config/default.js');
    const r = await check(
      checkHost(REFERENCE_INI.replace('updelay = 200ms', 'updelay = 400ms').replace('downdelay = 0ms', 'downdelay = 100ms')),
      'ok.txt',
    );
    expect(r.problems).toEqual([
      'WARNING: bond0.updelay: desired 400ms, current 200ms',
      'WARNING: bond0.downdelay: desired 100ms, current 0ms',
    ]);
  });

  it('CRITICAL when the bond does not exist (live, empty kernel)', async () => {
    const r = await check(checkHost(), null);
    expect([r.status, r.problems]).toEqual(['CRITICAL', ['CRITICAL: bond bond0 does not exist']]);
    // Nothing is known about a bond that is not there: `U`, never a made-up 0.
    expect(r.lines[0]).toBe('BONDIFY CRITICAL - bond bond0 does not exist | active_is_primary=U slaves_up=U link_failures=U');
  });

  it('UNKNOWN when the state cannot be read (a foreign file)', async () => {
    const r = await check(checkHost(), '../proc-bonding/README.md');
    expect(r.status).toBe('UNKNOWN');
    expect(r.problems[0]).toMatch(/^UNKNOWN: cannot read the state of bond0: .*README.md is not a bonding status file/);
  });

  it('UNKNOWN when the config is invalid, naming the file and key', async () => {
    const { REFERENCE_INI } = await import('../../../src/config/default.js');
    const r = await check(checkHost(REFERENCE_INI.replace('miimon = 100ms', 'miimon = fast')), 'ok.txt');
    expect(r.status).toBe('UNKNOWN');
    expect(r.problems[0]).toMatch(/^UNKNOWN: cannot read the config: \S*\/etc\/bondify\/bondify.ini \[bond\] miimon: /);
  });

  it('UNKNOWN for an explicit --config that does not exist; no config at all only skips the comparison', async () => {
    const missing = await check(checkHost(), 'ok.txt', { config: path.join(tempDir(), 'nope.ini') });
    expect(missing.status).toBe('UNKNOWN');
    const none = await check(checkHost(null), 'primary-none.txt');
    expect([none.status, none.outcome.notes]).toEqual(['OK', ['no /etc/bondify/bondify.ini: the bond is not compared with a config']]);
  });

  it('without a config, "on backup" is judged against the kernel\'s own primary', async () => {
    expect((await check(checkHost(null), 'eth0-down.txt')).problems).toEqual([BACKUP, 'WARNING: slave eth0 is down']);
  });

  it('--ping: CRITICAL when the gateway does not answer through the bond, with the exact argv', async () => {
    const host = checkHost();
    host.answers.ping = { exitCode: 1, stderr: '' };
    const r = await check(host, 'ok.txt', { ping: true });
    expect(host.calls).toEqual([['ping', '-c', '1', '-W', '1', '-I', 'bond0', '192.168.1.1']]);
    expect(r.problems).toEqual(['CRITICAL: gateway 192.168.1.1 unreachable through bond0: no reply (ping exit 1)']);
    host.answers.ping = { exitCode: 0 };
    expect((await check(host, 'ok.txt', { ping: true })).status).toBe('OK');
  });

  it('--ping without a gateway in the config is skipped and says so', async () => {
    const { REFERENCE_INI } = await import('../../../src/config/default.js');
    const host = checkHost(REFERENCE_INI.replace(/^gateway = .*\n/m, ''));
    const r = await check(host, 'ok.txt', { ping: true });
    expect(host.calls).toEqual([]);
    expect(r.outcome.notes).toContain('--ping skipped: no gateway in the config');
  });

  it('a link failure count that rose since the previous run is a WARNING, once', async () => {
    const host = checkHost();
    await check(host, 'eth0-down.txt'); // eth0: 1 failure (the baseline)
    const rose = await check(host, 'eth0-flapped.txt'); // eth0: 3 failures
    expect(rose.problems).toEqual(['WARNING: slave eth0 link failures rose 1 → 3 since the previous check']);
    expect((await check(host, 'eth0-flapped.txt')).status).toBe('OK');
  });
});
