// Reading a bond live: /proc + sysfs under a fake kernelRoot, reconciled; the missing-bond and bad-file errors.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBondState, bondNameFromFile } from '../../../src/observe/read-state.js';
import { readSysfsBond } from '../../../src/observe/sysfs.js';
import { toStatusJson } from '../../../src/observe/types.js';
import { isBondifyError } from '../../../src/errors.js';
import { tempDir, populate } from '../../support/fixtures.js';
import { fakeHost } from '../../support/fake-host.js';
import { REF_LINKS, writeKernel } from '../../support/kernel-tree.js';

const kindOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isBondifyError(e) ? e.kind : 'not a BondifyError';
  }
  return undefined;
};

describe('readSysfsBond', () => {
  it('reads the bond and its slaves from sysfs alone', () => {
    const host = fakeHost();
    writeKernel(
      host.kernelRoot,
      { active: 'wlan0', links: { ...REF_LINKS(), eth0: { mii: 'down', failures: 3, mac: 'b8:27:eb:00:00:01' } } },
      { proc: false },
    );
    const s = readSysfsBond(host, 'bond0');
    expect(s && toStatusJson(s)).toEqual({
      bond: 'bond0',
      mode: 'active-backup',
      failOverMac: 'active',
      primary: 'eth0',
      primaryReselect: 'always',
      activeSlave: 'wlan0',
      miiStatus: 'up',
      miimonMs: 100,
      updelayMs: 200,
      downdelayMs: 0,
      arpIntervalMs: 0,
      arpIpTargets: [],
      arpValidate: null,
      arpAllTargets: null,
      arpMissedMax: null,
      resendIgmp: null,
      slaves: [
        { name: 'eth0', miiStatus: 'down', speedMbps: null, duplex: null, linkFailures: 3, permHwAddr: 'b8:27:eb:00:00:01' },
        { name: 'wlan0', miiStatus: 'up', speedMbps: 1000, duplex: 'full', linkFailures: 0, permHwAddr: 'b8:27:eb:00:00:02' },
      ],
    });
  });

  it('is null for a link that is not a bond', () => {
    const host = fakeHost();
    populate(host.kernelRoot, { '/sys/class/net/eth0/speed': '1000\n' });
    expect(readSysfsBond(host, 'eth0')).toBeNull();
  });
});

describe('readBondState (live)', () => {
  it('reconciles /proc with sysfs: sysfs fills what proc leaves out, disagreements are noted', () => {
    const host = fakeHost();
    writeKernel(host.kernelRoot, { active: 'eth0', links: REF_LINKS() });
    // A failover between the two reads: sysfs already says wlan0.
    populate(host.kernelRoot, { '/sys/class/net/bond0/bonding/active_slave': 'wlan0\n' });
    const s = readBondState(host, { bond: 'bond0' });
    expect(s.sources).toEqual(['proc', 'sysfs']);
    expect(s.activeSlave).toBe('eth0');
    expect(s.notes).toEqual(['bond0.activeSlave: /proc says eth0, sysfs says wlan0']);
  });

  it('takes fail_over_mac from sysfs, where proc only implies it', () => {
    const host = fakeHost();
    writeKernel(host.kernelRoot, { active: 'eth0', mode: 'fault-tolerance (active-backup)', links: REF_LINKS() });
    expect(readBondState(host, { bond: 'bond0' }).failOverMac).toBe('active');
  });

  it('falls back to sysfs when /proc/net/bonding is missing', () => {
    const host = fakeHost();
    writeKernel(host.kernelRoot, { active: 'eth0', links: REF_LINKS() }, { proc: false });
    const s = readBondState(host, { bond: 'bond0' });
    expect([s.sources, s.activeSlave]).toEqual([['sysfs'], 'eth0']);
  });

  it('a missing bond is "unavailable" (exit 69) and names the bonds that exist', () => {
    const host = fakeHost();
    writeKernel(host.kernelRoot, { active: 'eth0', links: REF_LINKS() });
    let err: unknown;
    try {
      readBondState(host, { bond: 'bond7' });
    } catch (e) {
      err = e;
    }
    expect(isBondifyError(err) && [err.kind, err.message, err.details.fix]).toEqual([
      'unavailable',
      'bond bond7 does not exist (no /proc/net/bonding/bond7)',
      'bonds on this system: bond0 (use --bond NAME)',
    ]);
  });

  it('refuses a bond name that could escape /proc/net/bonding (usage, exit 64)', () => {
    expect(kindOf(() => readBondState(fakeHost(), { bond: '../../etc/passwd' }))).toBe('usage');
  });
});

describe('readBondState (--bonding-file)', () => {
  it('reads only the file, never the live kernel', () => {
    const host = fakeHost();
    writeKernel(host.kernelRoot, { active: 'wlan0', links: REF_LINKS() });
    const file = path.join(tempDir(), 'bond0');
    writeFileSync(
      file,
      'Bonding Mode: fault-tolerance (active-backup)\nCurrently Active Slave: eth0\nMII Status: up\nMII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\n' +
        '\nSlave Interface: eth0\nMII Status: up\nLink Failure Count: 0\nPermanent HW addr: b8:27:eb:00:00:01\n',
    );
    const s = readBondState(host, { bond: 'bond0', bondingFile: file });
    expect([s.sources, s.activeSlave]).toEqual([['proc'], 'eth0']);
  });

  it('a missing file is "noinput" (exit 66); an unreadable one is "data" (exit 65)', () => {
    expect(kindOf(() => readBondState(fakeHost(), { bond: 'bond0', bondingFile: '/nonexistent/bond0' }))).toBe('noinput');
    expect(kindOf(() => readBondState(fakeHost(), { bond: 'bond0', bondingFile: tempDir() }))).toBe('data');
  });

  it('names the bond after the file when that looks like an interface name', () => {
    expect(bondNameFromFile('/tmp/x/bond1')).toBe('bond1');
    expect(bondNameFromFile('/tmp/x/bond1.txt')).toBeNull();
  });
});
