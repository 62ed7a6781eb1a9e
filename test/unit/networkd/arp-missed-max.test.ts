// Where arp_missed_max works: networkd 256+ (ARPMissedMax=) on Linux 5.17+; refused below either, warned when unknown.
import { describe, expect, it } from 'vitest';
import { kernelVersion, missedMaxCheck } from '../../../src/networkd/preflight.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { model } from '../../support/scenario.js';

const arp = (extra: string) =>
  model(REFERENCE_INI.replace('miimon = 100ms', `miimon = 0\narp_interval = 100ms${extra}`).replace(/^(up|down)delay = .*\n/gm, ''));

describe('arp_missed_max preflight', () => {
  it.each([
    ['networkd 252', 252, [6, 1], 'fail', 'systemd-networkd 252 does not know ARPMissedMax='],
    ['Linux 5.15', 257, [5, 15], 'fail', 'Linux 5.15 has no arp_missed_max (added in 5.17)'],
    ['networkd 256 on Linux 5.17', 256, [5, 17], 'ok', 'systemd-networkd 256 and Linux 5.17 support it'],
    ['networkd 262 on Linux 7.2', 262, [7, 2], 'ok', 'support it'],
    ['an unknown networkd', null, [6, 1], 'warn', 'the networkd version is unknown'],
    ['an unknown kernel', 257, null, 'warn', 'the kernel version is unknown'],
  ] as const)('%s → %s', (_what, networkd, kernel, status, text) => {
    const c = missedMaxCheck(arp('\narp_missed_max = 3'), networkd, kernel === null ? null : [kernel[0], kernel[1]]);
    expect(c?.status).toBe(status);
    expect(c?.title).toContain(text);
    if (status === 'fail') expect(c?.kind).toBe('config');
  });

  it('says nothing when the key is not set, or under MII monitoring', () => {
    expect(missedMaxCheck(arp(''), 252, [6, 1])).toBeNull();
    expect(missedMaxCheck(model(), 252, [6, 1])).toBeNull();
  });

  it('reads the kernel release as /proc/sys/kernel/osrelease prints it', () => {
    expect(kernelVersion('6.1.0-18-amd64\n')).toEqual([6, 1]);
    expect(kernelVersion('7.2.0-1-amd64')).toEqual([7, 2]);
    expect(kernelVersion('5.17.0-rc1')).toEqual([5, 17]);
    expect(kernelVersion('garbage')).toBeNull();
    expect(kernelVersion(null)).toBeNull();
  });
});
