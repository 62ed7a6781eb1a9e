// Renamed slaves and wifi power save: the permanent MAC from sysfs, iw's answer, and what check and preflight say.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_FILE } from '../../../src/observe/check-memory.js';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { validateConfig } from '../../../src/config/index.js';
import { linkWithPermanentMac, sysfsPermanentMac } from '../../../src/system/links.js';
import { parsePowerSave, readPowerSave } from '../../../src/system/wifi.js';
import { POWER_SAVE_MAX_AGE_MS, reusablePowerSave, slaveLinkReport } from '../../../src/observe/slave-links.js';
import { checkJson } from '../../../src/observe/check-report.js';
import { preflight } from '../../../src/networkd/preflight.js';
import { fakeHost } from '../../support/fake-host.js';
import { populate as writeTree, tempDir } from '../../support/fixtures.js';
import { REF_LINKS, writeKernel } from '../../support/kernel-tree.js';
import { check, checkHost } from '../../support/check-harness.js';

const link = (name: string, address: string, assignType: number) => ({
  [`/sys/class/net/${name}/ifindex`]: '3\n',
  [`/sys/class/net/${name}/address`]: `${address}\n`,
  [`/sys/class/net/${name}/addr_assign_type`]: `${assignType}\n`,
});

const BY_MAC = REFERENCE_INI.replace('[slave.wlan0]\n', '[slave.wlan0]\nmac = 02:00:00:00:00:00\n');

describe("a link's permanent MAC from sysfs", () => {
  it('is the address of a link whose address was never changed (addr_assign_type 0)', () => {
    const k = tempDir();
    writeTree(k, link('end0', 'DC:A6:32:12:34:56', 0));
    expect(sysfsPermanentMac(k, 'end0')).toBe('dc:a6:32:12:34:56');
  });

  it('is unknown for a random or set address (a veth, a changed MAC) and for a missing link', () => {
    const k = tempDir();
    writeTree(k, { ...link('veth0', '4a:11:22:33:44:55', 1), ...link('eth9', 'dc:a6:32:00:00:09', 3) });
    expect(sysfsPermanentMac(k, 'veth0')).toBeNull();
    expect(sysfsPermanentMac(k, 'eth9')).toBeNull();
    expect(sysfsPermanentMac(k, 'nope0')).toBeNull();
  });

  it('is bonding_slave/perm_hwaddr for an enslaved link, whose address the bond may have changed', () => {
    const k = tempDir();
    writeTree(k, { ...link('wlan0', '02:00:00:00:00:99', 3), '/sys/class/net/wlan0/bonding_slave/perm_hwaddr': '02:00:00:00:00:00\n' });
    expect(sysfsPermanentMac(k, 'wlan0')).toBe('02:00:00:00:00:00');
    expect(linkWithPermanentMac(k, '02:00:00:00:00:00')).toBe('wlan0');
    expect(linkWithPermanentMac(k, '02:00:00:00:00:00', 'wlan0')).toBeNull();
  });
});

describe('wifi power save through iw', () => {
  it('reads iw\'s answer, and "unknown" when iw is missing or fails', async () => {
    expect(parsePowerSave('Power save: on\n')).toBe('on');
    expect(parsePowerSave('Power save: off\n')).toBe('off');
    expect(parsePowerSave('command failed: No such device (-19)\n')).toBe('unknown');
    const host = fakeHost();
    host.answers['iw'] = { stdout: 'Power save: on\n' };
    expect(await readPowerSave(host, 'wlan0')).toBe('on');
    expect(host.calls).toEqual([['iw', 'dev', 'wlan0', 'get', 'power_save']]);
    host.answers['iw'] = { exitCode: 237, stderr: 'command failed: Operation not supported (-95)\n' };
    expect(await readPowerSave(host, 'wlan0')).toBe('unknown');
    const missing = fakeHost();
    missing.exec = () => Promise.reject(new Error('iw not found in a trusted PATH directory'));
    expect(await readPowerSave(missing, 'wlan0')).toBe('unknown');
  });

  it("check's verdict: on against the config is a WARNING, unknown a note, as configured nothing (a healthy check stays one line)", () => {
    const r = slaveLinkReport({
      renamed: [],
      powerSave: [
        { slave: 'wlan0', want: 'off', have: 'on' },
        { slave: 'wlan1', want: 'off', have: 'off' },
        { slave: 'wlan2', want: 'off', have: 'unknown' },
      ],
    });
    expect(r.problems).toEqual([
      { level: 'WARNING', message: expect.stringContaining('wlan0 wifi power save is on, the config wants off') },
    ]);
    expect(r.notes).toEqual(['wlan2 wifi power save: unknown (iw is missing or does not know the link)']);
  });
});

describe('bondify check on the live host', () => {
  it('names a configured slave renamed under the bond (wlan0 is now wlp0s9) and reads power save under the new name', async () => {
    const host = checkHost(BY_MAC);
    writeKernel(host.kernelRoot, {
      active: 'eth0',
      links: { eth0: REF_LINKS().eth0!, wlp0s9: { mii: 'up', failures: 0, mac: '02:00:00:00:00:00' } },
    });
    writeTree(host.kernelRoot, {
      ...link('eth0', 'b8:27:eb:00:00:01', 0),
      ...link('wlp0s9', '02:00:00:00:00:00', 0),
      '/sys/class/net/wlp0s9/bonding_slave/perm_hwaddr': '02:00:00:00:00:00\n',
    });
    host.answers['iw'] = { stdout: 'Power save: on\n' };
    const r = await check(host, null);
    expect(r.status).toBe('WARNING');
    expect(r.lines).toContain(
      "WARNING: wlan0 is now wlp0s9 (the link with permanent MAC 02:00:00:00:00:00): rename it in bondify.ini and run 'bondify apply'",
    );
    expect(r.lines.some((l) => l.startsWith('WARNING: wlp0s9 wifi power save is on, the config wants off'))).toBe(true);
    expect(host.calls).toContainEqual(['iw', 'dev', 'wlp0s9', 'get', 'power_save']);
  });

  it("runs no iw for a saved bonding file: its links are not this host's", async () => {
    const host = checkHost(BY_MAC);
    const r = await check(host, 'ok.txt');
    expect(r.status).toBe('OK');
    expect(host.calls.filter((c) => c[0] === 'iw')).toEqual([]);
    expect(r.lines.join('\n')).not.toContain('power save');
  });
});

describe('bondify check remembers a power-save reading (iw is a process start; check runs every minute)', () => {
  const iwCalls = (host: ReturnType<typeof checkHost>) => host.calls.filter((c) => c[0] === 'iw').length;
  const minutes = (host: ReturnType<typeof checkHost>, m: number) => (host.clock.now = new Date(host.clock.now.getTime() + m * 60_000));
  function live(failures = 0, carrier = '1', ifindex = '4') {
    const host = checkHost();
    const write = (f: number, c: string, ix: string) => {
      writeKernel(host.kernelRoot, {
        active: 'eth0',
        links: { eth0: REF_LINKS().eth0!, wlan0: { mii: 'up', failures: f, mac: '02:00:00:00:00:00' } },
      });
      writeTree(host.kernelRoot, {
        ...link('eth0', 'b8:27:eb:00:00:01', 0),
        ...link('wlan0', '02:00:00:00:00:00', 0),
        '/sys/class/net/wlan0/ifindex': `${ix}\n`,
        '/sys/class/net/wlan0/carrier': `${c}\n`,
      });
    };
    write(failures, carrier, ifindex);
    host.answers['iw'] = { stdout: 'Power save: off\n' };
    return { host, write };
  }

  it('reads once, then runs no iw for 10 minutes while the link is unchanged, and reads again after', async () => {
    const { host } = live();
    expect((await check(host, null)).status).toBe('OK');
    expect(iwCalls(host)).toBe(1);
    minutes(host, 9);
    const cached = await check(host, null);
    expect(cached.status).toBe('OK');
    expect(iwCalls(host)).toBe(1);
    expect(checkJson(cached.outcome)).toMatchObject({
      powerSave: [{ slave: 'wlan0', want: 'off', have: 'off', readAt: '2026-11-23T12:00:00.000Z', ageSeconds: 540, cached: true }],
    });
    minutes(host, 1);
    const reread = await check(host, null);
    expect(iwCalls(host)).toBe(2);
    expect(checkJson(reread.outcome)).toMatchObject({
      powerSave: [{ have: 'off', readAt: '2026-11-23T12:10:00.000Z', ageSeconds: 0, cached: false }],
    });
  });

  it('hides a manual on for up to 10 minutes (the trade-off), says the age of a cached warning, and --fresh reads now', async () => {
    const { host } = live();
    await check(host, null);
    host.answers['iw'] = { stdout: 'Power save: on\n' };
    minutes(host, 1);
    expect((await check(host, null)).status).toBe('OK');
    const fresh = await check(host, null, { fresh: true });
    expect(fresh.status).toBe('WARNING');
    expect(fresh.problems[0]).toMatch(/^WARNING: wlan0 wifi power save is on, the config wants off .*set power_save off$/);
    minutes(host, 3);
    const after = await check(host, null);
    expect(iwCalls(host)).toBe(2);
    expect(after.status).toBe('WARNING');
    expect(after.problems[0]).toContain("set power_save off (read 3 min ago; 'bondify check --fresh' reads it now)");
  });

  it.each([
    ['its link failure count rose', 1, '1', '4'],
    ['its carrier was lost', 0, '0', '4'],
    ['it was re-created (a new ifindex: a driver reset)', 0, '1', '9'],
  ])('reads again at once when %s', async (_why, failures, carrier, ifindex) => {
    const { host, write } = live();
    await check(host, null);
    minutes(host, 1);
    write(failures, carrier, ifindex);
    await check(host, null);
    expect(iwCalls(host)).toBe(2);
  });

  it('a reading stands only for the same link, under the maximum age, with a clock that did not go back', () => {
    const r = { have: 'off' as const, readAt: '2026-11-23T12:00:00.000Z', link: '4/1/0' };
    const at = (ms: number) => new Date(Date.parse(r.readAt) + ms);
    expect(reusablePowerSave(r, '4/1/0', at(POWER_SAVE_MAX_AGE_MS - 1), false)).toEqual(r);
    expect(reusablePowerSave(r, '4/1/0', at(POWER_SAVE_MAX_AGE_MS), false)).toBeNull();
    expect(reusablePowerSave(r, '4/1/0', at(-1000), false)).toBeNull();
    expect(reusablePowerSave(r, '4/0/0', at(1000), false)).toBeNull();
    expect(reusablePowerSave(r, '4/1/0', at(1000), true)).toBeNull();
    expect(reusablePowerSave({ ...r, readAt: 'garbage' }, '4/1/0', at(1000), false)).toBeNull();
    expect(reusablePowerSave(undefined, '4/1/0', at(1000), false)).toBeNull();
    // The state file is only data: a reading of another shape (hand-edited, an older bondify) is read again.
    for (const bad of [null, 'off', 5, { ...r, have: 'sleepy' }, { ...r, readAt: 5 }])
      expect(reusablePowerSave(bad, '4/1/0', at(1000), false)).toBeNull();
  });

  it('a state file whose power-save memory is not an object of readings makes check read again, not fail', async () => {
    const { host } = live();
    await check(host, null);
    const file = path.join(host.root, STATE_FILE);
    for (const junk of [null, 'x', { wlan0: null }, { wlan0: 'off' }]) {
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), powerSave: junk }));
      expect((await check(host, null)).status).toBe('OK');
    }
    expect(iwCalls(host)).toBe(5);
  });
});

describe("apply's preflight", () => {
  it('says which link a configured slave became, found by its permanent MAC, and refuses (config)', async () => {
    const host = fakeHost({ root: tempDir(), kernelRoot: tempDir(), live: true });
    writeTree(host.kernelRoot, {
      ...link('eth0', 'b8:27:eb:00:00:01', 0),
      ...link('wlp0s9', '02:00:00:00:00:00', 0),
      '/sys/module/bonding/version': '',
    });
    host.answers['systemctl'] = { stdout: 'active\n' };
    const { model } = validateConfig(BY_MAC, 'by-mac.ini');
    const pf = await preflight(host, model);
    expect(pf.checks).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        kind: 'config',
        title: 'wlan0 is now wlp0s9 (the link with permanent MAC 02:00:00:00:00:00)',
      }),
    );
  });

  it('refuses a slave whose permanent MAC is not the configured one', async () => {
    const host = fakeHost({ root: tempDir(), kernelRoot: tempDir(), live: true });
    writeTree(host.kernelRoot, { ...link('eth0', 'b8:27:eb:00:00:01', 0), ...link('wlan0', '02:00:00:00:01:00', 0) });
    const { model } = validateConfig(BY_MAC, 'by-mac.ini');
    const pf = await preflight(host, model);
    expect(pf.checks).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        title: "wlan0's permanent MAC is 02:00:00:00:01:00, not 02:00:00:00:00:00 ([slave.wlan0] mac)",
      }),
    );
  });
});

describe('bondify status on the live host', () => {
  it('reads power save for each wireless slave (phy80211 in sysfs) and for no wired one', async () => {
    const { wifiPowerSave } = await import('../../../src/cli/commands/status.js');
    const host = fakeHost();
    writeTree(host.kernelRoot, { '/sys/class/net/wlan0/phy80211/name': 'phy0\n', '/sys/class/net/eth0/ifindex': '2\n' });
    host.answers['iw'] = { stdout: 'Power save: off\n' };
    expect(await wifiPowerSave(host, ['eth0', 'wlan0'])).toEqual({ wlan0: 'off' });
    expect(host.calls).toEqual([['iw', 'dev', 'wlan0', 'get', 'power_save']]);
  });
});
