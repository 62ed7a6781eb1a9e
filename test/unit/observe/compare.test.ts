// compare(desired, actual), in-process: every compared key matching and mismatching, under bondify.ini's key names,
// with the kind and whether a re-apply repairs it (what check --heal acts on).
import { describe, expect, it } from 'vitest';
import { compare, type Mismatch } from '../../../src/observe/compare.js';
import type { Desired } from '../../../src/observe/desired.js';
import type { BondState, SlaveState } from '../../../src/observe/types.js';
import { BOND_KEYS } from '../../../src/config/keys.js';

const desired = (over: Partial<Desired> = {}): Desired => ({
  bond: 'bond0',
  mode: 'active-backup',
  primary: 'eth0',
  slaves: ['eth0', 'wlan0'],
  miimonMs: 100,
  updelayMs: 200,
  downdelayMs: 0,
  failOverMac: 'active',
  primaryReselect: 'always',
  arpIntervalMs: 0,
  arpIpTargets: [],
  arpValidate: null,
  arpAllTargets: null,
  arpMissedMax: null,
  resendIgmp: null,
  gateway: '192.168.1.1',
  ...over,
});

const slave = (name: string): SlaveState => ({
  name,
  miiStatus: 'up',
  speedMbps: null,
  duplex: null,
  linkFailures: 0,
  permHwAddr: null,
  aggregatorId: null,
});

/** The kernel showing exactly what desired() asks for. */
const actual = (over: Partial<BondState> = {}): BondState => ({
  bond: 'bond0',
  mode: 'active-backup',
  failOverMac: 'active',
  primary: 'eth0',
  primaryReselect: 'always',
  activeSlave: 'eth0',
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
  slaves: [slave('eth0'), slave('wlan0')],
  driver: null,
  sources: ['proc', 'sysfs'],
  notes: [],
  ...over,
});

const ALL = ['eth0', 'wlan0'];
const m = (key: Mismatch['key'], want: string, have: string, kind: Mismatch['kind'], repairable: boolean, text?: string): Mismatch => ({
  key,
  desired: want,
  actual: have,
  kind,
  repairable,
  text: text ?? `bond0.${key}: desired ${want}, current ${have}`,
});

describe('compare(desired, actual)', () => {
  it('finds nothing when the kernel shows what the config wants (MII and ARP monitoring)', () => {
    expect(compare(desired(), actual(), ALL)).toEqual([]);
    const arp = { miimonMs: 0, updelayMs: 0, arpIntervalMs: 200, arpIpTargets: ['192.168.1.1', '192.168.1.2'] };
    expect(compare(desired(arp), actual(arp), ALL)).toEqual([]);
  });

  it('a bond that does not exist is one mismatch, repairable', () => {
    expect(compare(desired(), null, ALL)).toEqual([
      m('name', 'present', 'absent', 'absent', true, 'bond0: desired present, current absent'),
    ]);
  });

  // One row per key: the actual value that differs, and the mismatch it gives.
  it.each<[string, Partial<BondState>, Partial<Desired>, Mismatch]>([
    ['mode', { mode: 'balance-rr', primary: 'eth0' }, {}, m('mode', 'active-backup', 'balance-rr', 'link', true)],
    ['primary (another slave)', { primary: 'wlan0' }, {}, m('primary', 'eth0', 'wlan0', 'membership', true)],
    ['primary (none)', { primary: null, primaryReselect: null }, {}, m('primary', 'eth0', 'none', 'membership', true)],
    ['miimon', { miimonMs: 200 }, {}, m('miimon', '100ms', '200ms', 'setting', false)],
    ['updelay', { updelayMs: 400 }, {}, m('updelay', '200ms', '400ms', 'setting', false)],
    ['downdelay', { downdelayMs: 100 }, {}, m('downdelay', '0ms', '100ms', 'setting', false)],
    ['fail_over_mac', { failOverMac: 'none' }, {}, m('fail_over_mac', 'active', 'none', 'link', true)],
    ['primary_reselect', { primaryReselect: 'failure' }, {}, m('primary_reselect', 'always', 'failure', 'setting', false)],
    // The kernel prints no ARP interval when it is off: null there is a value, not silence.
    [
      'arp_interval (off in the kernel)',
      { arpIpTargets: ['192.168.1.1'] },
      { arpIntervalMs: 200, arpIpTargets: ['192.168.1.1'] },
      m('arp_interval', '200ms', '0ms', 'setting', false),
    ],
    [
      'arp_interval (another value)',
      { arpIntervalMs: 500, arpIpTargets: ['192.168.1.1'] },
      { arpIntervalMs: 200, arpIpTargets: ['192.168.1.1'] },
      m('arp_interval', '200ms', '500ms', 'setting', false),
    ],
    [
      'arp_ip_targets',
      { arpIntervalMs: 200, arpIpTargets: ['192.168.1.9'] },
      { arpIntervalMs: 200, arpIpTargets: ['192.168.1.1', '192.168.1.2'] },
      m('arp_ip_targets', '192.168.1.1, 192.168.1.2', '192.168.1.9', 'setting', false),
    ],
  ])('%s', (_name, kernel, config, expected) => {
    expect(compare(desired(config), actual(kernel), ALL)).toEqual([expected]);
  });

  it.each<[string, string[], readonly string[] | undefined, Mismatch[]]>([
    [
      'a configured slave not enslaved whose device exists: repairable',
      ['eth0'],
      ALL,
      [m('slaves', 'eth0, wlan0', 'eth0', 'membership', true, 'bond0.slaves: desired eth0, wlan0, current eth0 (wlan0 not enslaved)')],
    ],
    [
      '…whose device is gone: a physical fault, not repairable',
      ['eth0'],
      ['eth0'],
      [m('slaves', 'eth0, wlan0', 'eth0', 'membership', false, 'bond0.slaves: desired eth0, wlan0, current eth0 (wlan0 not enslaved)')],
    ],
    [
      '…when which devices exist is not known: not repairable',
      ['eth0'],
      undefined,
      [m('slaves', 'eth0, wlan0', 'eth0', 'membership', false, 'bond0.slaves: desired eth0, wlan0, current eth0 (wlan0 not enslaved)')],
    ],
    [
      "a slave the config does not name: not repairable (someone else's file)",
      ['eth0', 'wlan0', 'eth2'],
      ALL,
      [
        m(
          'slaves',
          'eth0, wlan0',
          'eth0, wlan0, eth2',
          'membership',
          false,
          'bond0.slaves: desired eth0, wlan0, current eth0, wlan0, eth2 (eth2 not in the config)',
        ),
      ],
    ],
    [
      'both at once',
      ['wlan0', 'eth2'],
      ALL,
      [
        m(
          'slaves',
          'eth0, wlan0',
          'wlan0, eth2',
          'membership',
          true,
          'bond0.slaves: desired eth0, wlan0, current wlan0, eth2 (eth0 not enslaved; eth2 not in the config)',
        ),
      ],
    ],
    [
      'no slaves at all',
      [],
      ALL,
      [
        m(
          'slaves',
          'eth0, wlan0',
          'none',
          'membership',
          true,
          'bond0.slaves: desired eth0, wlan0, current none (eth0, wlan0 not enslaved)',
        ),
      ],
    ],
    ['the same slaves in another order: no mismatch', ['wlan0', 'eth0'], ALL, []],
  ])('slaves: %s', (_name, enslaved, present, expected) => {
    expect(compare(desired(), actual({ slaves: enslaved.map(slave) }), present)).toEqual(expected);
  });

  it('judges arp_validate, arp_all_targets and arp_missed_max when the config sets them, and leaves the kernel default alone', () => {
    const arp = { miimonMs: 0, updelayMs: 0, arpIntervalMs: 100, arpIpTargets: ['192.168.1.1'] };
    const want = { ...arp, arpValidate: 'active', arpAllTargets: 'any', arpMissedMax: 2 };
    expect(compare(desired(want), actual({ ...arp, arpValidate: 'active', arpAllTargets: 'any', arpMissedMax: 2 }), ALL)).toEqual([]);
    expect(compare(desired(want), actual({ ...arp, arpValidate: 'none', arpAllTargets: 'all', arpMissedMax: 5 }), ALL)).toEqual([
      m('arp_validate', 'active', 'none', 'setting', false),
      m('arp_all_targets', 'any', 'all', 'setting', false),
      m('arp_missed_max', '2', '5', 'setting', false),
    ]);
    // Not in the config (or a state cached before these keys): whatever the kernel shows is not a mismatch.
    expect(compare(desired(arp), actual({ ...arp, arpValidate: 'none', arpAllTargets: 'all', arpMissedMax: 5 }), ALL)).toEqual([]);
  });

  it('a primary that is not enslaved is not repairable itself: the slaves mismatch is', () => {
    const got = compare(desired(), actual({ primary: 'wlan0', slaves: [slave('wlan0')] }), ALL);
    expect(got.map((x) => [x.key, x.repairable])).toEqual([
      ['primary', false],
      ['slaves', true],
    ]);
  });

  it('skips what the kernel does not say (null), except the primary and arp_interval', () => {
    const silent = actual({ failOverMac: null, miimonMs: null, updelayMs: null, downdelayMs: null, primaryReselect: null });
    expect(compare(desired(), silent, ALL)).toEqual([]);
    // Without a primary the kernel shows no reselect policy: only the primary is named.
    expect(compare(desired(), actual({ primary: null, primaryReselect: 'better' }), ALL).map((x) => x.key)).toEqual(['primary']);
  });

  it('lists the mismatches in one order: mode, primary, slaves, then the settings as bondify.ini spells them', () => {
    const all = actual({
      mode: 'balance-rr',
      primary: null,
      primaryReselect: null,
      failOverMac: 'follow',
      miimonMs: 200,
      updelayMs: 400,
      downdelayMs: 100,
      arpIntervalMs: 300,
      arpIpTargets: ['10.0.0.1'],
      slaves: [slave('eth0')],
    });
    const keys = compare(desired(), all, ALL).map((x) => x.key);
    expect(keys).toEqual([
      'mode',
      'primary',
      'slaves',
      'miimon',
      'updelay',
      'downdelay',
      'fail_over_mac',
      'arp_interval',
      'arp_ip_targets',
    ]);
    // Every key but `mode` (bondify always makes active-backup) is a [bond] key of bondify.ini.
    expect(keys.filter((k) => k !== 'mode' && !(BOND_KEYS as readonly string[]).includes(k))).toEqual([]);
  });
});
