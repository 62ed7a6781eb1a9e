// The /proc/net/bonding parser on every real capture in test/fixtures/proc-bonding (see its README for origins).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseProcBonding } from '../../../src/observe/proc-parser.js';
import { toStatusJson, type StatusJson } from '../../../src/observe/types.js';

const DIR = fileURLToPath(new URL('../../fixtures/proc-bonding/', import.meta.url));
const read = (name: string) => readFileSync(DIR + name, 'utf8');
const parse = (name: string) => toStatusJson(parseProcBonding(read(name), { bond: 'bond0', file: name }));

type SlaveRow = [
  name: string,
  mii: string | null,
  speed: number | null,
  duplex: string | null,
  failures: number | null,
  mac: string | null,
];
interface Row {
  mode: StatusJson['mode'];
  fom?: StatusJson['failOverMac'];
  primary?: string | null;
  reselect?: StatusJson['primaryReselect'];
  active?: string | null;
  mii?: 'up' | 'down';
  miimon?: number | null;
  updelay?: number | null;
  downdelay?: number | null;
  arp?: number | null;
  targets?: string[];
  missedMax?: number;
  slaves: SlaveRow[];
}

// Expected facts per capture, read off the capture by hand. Defaults: miimon 100, delays 0, no ARP, bond up.
const EXPECTED: Record<string, Row> = {
  'kerneldoc-2.6.1-balance-rr.txt': {
    mode: 'balance-rr',
    active: 'eth0',
    miimon: 1000,
    slaves: [
      ['eth1', 'up', null, null, 1, null],
      ['eth0', 'up', null, null, 1, null],
    ],
  },
  'insights-3.2.4-802.3ad.txt': {
    mode: '802.3ad',
    miimon: 500,
    slaves: [
      ['eth1', 'up', 1000, 'full', 0, '00:16:35:5e:42:fc'],
      ['eth2', 'up', 1000, 'full', 0, '00:16:35:5e:02:7e'],
    ],
  },
  'telegraf-3.5.0-802.3ad-no-aggregator.txt': {
    mode: '802.3ad',
    slaves: [
      ['eth1', 'up', null, null, 0, '00:0c:29:f5:b7:11'],
      ['eth2', 'up', null, null, 3, '00:0c:29:f5:b7:1b'],
    ],
  },
  'telegraf-3.6.0-active-backup-eth3-down.txt': {
    mode: 'active-backup',
    fom: 'none',
    primary: 'eth2',
    reselect: 'always',
    active: 'eth2',
    slaves: [
      ['eth3', 'down', 1000, 'full', 2, null],
      ['eth2', 'up', 100, 'full', 0, null],
    ],
  },
  'insights-3.7.1-balance-rr.txt': {
    mode: 'balance-rr',
    slaves: [
      ['eno1', 'up', 1000, 'full', 0, '2c:44:fd:80:5c:f8'],
      ['eno2', 'up', 1000, 'full', 0, '2c:44:fd:80:5c:f9'],
    ],
  },
  'procfs-3.7.1-balance-rr-no-slave.txt': { mode: 'balance-rr', mii: 'down', miimon: 0, slaves: [] },
  'insights-3.7.1-balance-xor.txt': {
    mode: 'balance-xor',
    slaves: [
      ['eno1', 'up', 1000, 'full', 0, '2c:44:fd:80:5c:f8'],
      ['eno2', 'up', 1000, 'full', 0, '2c:44:fd:80:5c:f9'],
    ],
  },
  'insights-3.7.1-active-backup-arp.txt': {
    mode: 'active-backup',
    fom: 'none',
    primary: 'em3',
    reselect: 'failure',
    active: 'em3',
    miimon: 0,
    arp: 1000,
    targets: ['10.152.1.1'],
    slaves: [
      ['em3', 'up', 1000, 'full', 92028, '00:1f:f3:af:d3:f1'],
      ['p2p3', 'up', 1000, 'full', 71524, '00:1f:f3:af:d3:f1'],
    ],
  },
  'insights-3.7.1-802.3ad-churn.txt': {
    mode: '802.3ad',
    updelay: 2000,
    downdelay: 1000,
    slaves: [
      ['enp0s9', 'up', 1000, 'full', 0, '08:00:27:99:a3:6b'],
      ['enp0s8', 'down', null, null, 0, '08:00:27:a2:8d:f5'],
    ],
  },
  'otus-3.7.1-active-backup-fail-over-mac.txt': {
    mode: 'active-backup',
    fom: 'active',
    primary: 'eth1',
    reselect: 'always',
    active: 'eth1',
    updelay: 200,
    downdelay: 200,
    slaves: [
      ['eth1', 'up', 1000, 'full', 0, '08:00:27:99:e7:e7'],
      ['eth2', 'up', 1000, 'full', 0, '08:00:27:d1:fc:5b'],
    ],
  },
  'otus-3.7.1-active-backup-one-slave.txt': {
    mode: 'active-backup',
    fom: 'active',
    primary: null,
    reselect: null,
    active: 'eth2',
    updelay: 200,
    downdelay: 200,
    slaves: [['eth2', 'up', 1000, 'full', 0, '08:00:27:d1:fc:5b']],
  },
  'linuxnotes-3.7.1-802.3ad-slave-down.txt': {
    mode: '802.3ad',
    slaves: [
      ['enp1s0f0', 'down', null, null, 2, '00:25:90:85:81:f2'],
      ['enp1s0f1', 'up', 1000, 'full', 2, '00:25:90:85:81:f3'],
    ],
  },
  'openwrt-6.6.83-active-backup-speed-unknown.txt': {
    mode: 'active-backup',
    fom: 'none',
    primary: null,
    active: 'lan1',
    miimon: 0,
    slaves: [
      ['lan1', 'up', null, null, 0, 'ba:96:7a:2e:1b:71'],
      ['sfp-lan', 'up', 2500, 'full', 0, 'ba:96:7a:2e:1b:72'],
    ],
  },
  'lab-6.1-active-backup-both-up.txt': {
    mode: 'active-backup',
    fom: 'active',
    primary: 'eth0',
    reselect: 'always',
    active: 'eth0',
    updelay: 200,
    slaves: [
      ['wlan0', 'up', null, null, 1, '02:00:00:00:00:00'],
      ['eth0', 'up', 10000, 'full', 1, 'f2:21:ae:55:6c:d0'],
    ],
  },
  'lab-6.1-active-backup-eth0-cut.txt': {
    mode: 'active-backup',
    fom: 'active',
    primary: 'eth0',
    reselect: 'always',
    active: 'wlan0',
    updelay: 200,
    slaves: [
      ['wlan0', 'up', null, null, 1, '02:00:00:00:00:00'],
      ['eth0', 'down', 10000, 'full', 2, 'f2:21:ae:55:6c:d0'],
    ],
  },
  'lab-6.1-active-backup-both-cut.txt': {
    mode: 'active-backup',
    fom: 'active',
    primary: 'eth0',
    reselect: 'always',
    active: null,
    mii: 'down',
    updelay: 200,
    slaves: [
      ['wlan0', 'down', null, null, 2, '02:00:00:00:00:00'],
      ['eth0', 'down', 10000, 'full', 3, 'f2:21:ae:55:6c:d0'],
    ],
  },
  'lab-6.1-arp-active-backup-both-up.txt': {
    mode: 'active-backup',
    fom: 'active',
    primary: 'eth0',
    reselect: 'always',
    active: 'eth0',
    miimon: 0,
    arp: 100,
    targets: ['192.168.1.1'],
    missedMax: 2,
    slaves: [
      ['wlan0', 'up', null, null, 1, '02:00:00:00:00:00'],
      ['eth0', 'up', 10000, 'full', 2, 'f2:21:ae:55:6c:d0'],
    ],
  },
};

describe('parseProcBonding on real captures', () => {
  it('has an expectation for every capture in the fixtures folder', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, e) => {
    const expected: StatusJson = {
      bond: 'bond0',
      mode: e.mode,
      failOverMac: e.fom ?? null,
      primary: e.primary ?? null,
      primaryReselect: e.reselect ?? null,
      activeSlave: e.active ?? null,
      miiStatus: e.mii ?? 'up',
      miimonMs: e.miimon === undefined ? 100 : e.miimon,
      updelayMs: e.updelay ?? 0,
      downdelayMs: e.downdelay ?? 0,
      arpIntervalMs: e.arp ?? 0,
      arpIpTargets: e.targets ?? [],
      arpValidate: null,
      arpAllTargets: null,
      arpMissedMax: e.missedMax ?? null,
      resendIgmp: null,
      slaves: e.slaves.map(
        ([name, miiStatus, speedMbps, duplex, linkFailures, permHwAddr]) =>
          ({ name, miiStatus, speedMbps, duplex, linkFailures, permHwAddr }) as StatusJson['slaves'][number],
      ),
    };
    expect(parse(file)).toEqual(expected);
  });

  it('keeps the driver line and the 802.3ad aggregator of each slave', () => {
    const s = parseProcBonding(read('insights-3.7.1-802.3ad-churn.txt'), { bond: 'bond0', file: 'x' });
    expect(s.driver).toBe('v3.7.1 (April 27, 2011)');
    expect(s.slaves.map((x) => x.aggregatorId)).toEqual([1, 2]);
    const old = parseProcBonding(read('telegraf-3.5.0-802.3ad-no-aggregator.txt'), { bond: 'bond0', file: 'x' });
    expect(old.slaves.map((x) => x.aggregatorId)).toEqual([null, null]);
  });
});
