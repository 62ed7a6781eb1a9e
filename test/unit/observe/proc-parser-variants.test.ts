// Variants the captures do not cover, each derived from a real capture by the edit its name says, and bad inputs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseProcBonding } from '../../../src/observe/proc-parser.js';
import { isBondifyError } from '../../../src/errors.js';

const DIR = fileURLToPath(new URL('../../fixtures/proc-bonding/', import.meta.url));
const AB = readFileSync(DIR + 'otus-3.7.1-active-backup-fail-over-mac.txt', 'utf8');
const LACP = readFileSync(DIR + 'linuxnotes-3.7.1-802.3ad-slave-down.txt', 'utf8');
const parse = (text: string) => parseProcBonding(text, { bond: 'bond0', file: 'saved.txt' });

describe('variants derived from captures', () => {
  it('reads the transitional slave states "going down" and "going back"', () => {
    const text = AB.replace('MII Status: up\nSpeed', 'MII Status: going down\nSpeed').replace(/(eth2\nMII Status: )up/, '$1going back');
    expect(parse(text).slaves.map((s) => s.miiStatus)).toEqual(['going down', 'going back']);
  });

  it('reads "Currently Active Slave: None" and a down bond as nulls and "down"', () => {
    const s = parse(
      AB.replace('Currently Active Slave: eth1', 'Currently Active Slave: None').replace(/^MII Status: up/m, 'MII Status: down'),
    );
    expect(s.activeSlave).toBeNull();
    expect(s.miiStatus).toBe('down');
  });

  it('reads a bond with no slaves at all (its last slave released: no primary, no active slave, down)', () => {
    const bare = AB.slice(0, AB.indexOf('\nSlave Interface'))
      .replace(/^Primary Slave: .*$/m, 'Primary Slave: None')
      .replace(/^Currently Active Slave: .*$/m, 'Currently Active Slave: None')
      .replace(/^MII Status: up$/m, 'MII Status: down');
    const s = parse(bare + '\n');
    expect([s.slaves, s.primary, s.activeSlave, s.miiStatus, s.miimonMs]).toEqual([[], null, null, 'down', 100]);
    // The same with both monitors off is a whole file too: nothing in it needs a slave.
    expect(parse(bare.replace('MII Polling Interval (ms): 100', 'MII Polling Interval (ms): 0') + '\n').miimonMs).toBe(0);
  });

  it('reads follow and the newer lines (Peer Notification Delay, ARP Missed Max, two ARP targets)', () => {
    const text = AB.replace('(fail_over_mac active)', '(fail_over_mac follow)').replace(
      'Down Delay (ms): 200\n',
      'Down Delay (ms): 200\nPeer Notification Delay (ms): 0\nARP Polling Interval (ms): 300\n' +
        'ARP Missed Max: 2\nARP IP target/s (n.n.n.n form): 192.168.1.1, 192.168.1.2\nNS IPv6 target/s (xx::xx form): fe80::1\n',
    );
    const s = parse(text);
    expect([s.failOverMac, s.arpIntervalMs, s.arpIpTargets]).toEqual(['follow', 300, ['192.168.1.1', '192.168.1.2']]);
  });

  it('survives an unprivileged read of an 802.3ad bond (System/actor/partner lines dropped)', () => {
    const unprivileged = LACP.split('\n')
      .filter((l) => !/^(System |Active Aggregator|\t|details | {4})/.test(l))
      .join('\n');
    expect(unprivileged).not.toContain('System MAC');
    expect(parse(unprivileged)).toEqual(parse(LACP));
  });

  it('accepts CRLF line ends, extra indentation and blank lines (a pasted file)', () => {
    const pasted = AB.split('\n')
      .map((l) => (l ? `   ${l}  ` : '\n'))
      .join('\r\n');
    expect(parse(pasted)).toEqual(parse(AB));
  });

  it('ignores unknown lines', () => {
    const s = parse(AB.replace('Slave queue ID: 0', 'Some Future Line: 42\nanother line without a colon'));
    expect(s.slaves).toHaveLength(2);
  });
});

describe('inputs that are not a bonding status file → data error (exit 65)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['binary', '\u0000\u0001ELF\u0002', /binary/],
    ['foreign text', '[Match]\nName=eth0\n', /no "Bonding Mode:" line/],
    ['empty', '', /no "Bonding Mode:" line/],
    [
      'slave lines only (insights BONDINFO_CORRUPT)',
      'Link Failure Count: 0\nPermanent HW addr: 00:16:35:5e:02:7e\nAggregator ID:\n',
      /no "Bonding Mode:"/,
    ],
    ['unknown mode', 'Bonding Mode: reverse proximity hash combination mode\nMII Status: up\n', /does not know/],
    [
      '"constructor" as the mode (an Object property, not a mode)',
      AB.replace(/Bonding Mode: .*/, 'Bonding Mode: constructor'),
      /does not know: "constructor"/,
    ],
    ['"__proto__" as the mode', AB.replace(/Bonding Mode: .*/, 'Bonding Mode: __proto__'), /does not know: "__proto__"/],
    ['"toString" as the mode', AB.replace(/Bonding Mode: .*/, 'Bonding Mode: toString'), /does not know: "toString"/],
    ['cut before the bond MII line', AB.slice(0, AB.indexOf('MII Status')), /cut short/],
    [
      'cut inside a slave',
      AB.slice(0, AB.indexOf('MII Status: up\nSpeed: 1000 Mbps\nDuplex: full\nLink Failure Count: 0\nPermanent HW addr: 08:00:27:d1')),
      /slave "eth2" has no "MII Status"/,
    ],
    ['cut in the middle of a key', AB.slice(0, AB.lastIndexOf('Slave queue') + 'Slave qu'.length), /middle of a line/],
    // Cut at a line end before the first slave: the bond's own lines show that slaves followed.
    [
      'cut before the slaves: a primary named',
      AB.slice(0, AB.indexOf('\nSlave Interface') + 1),
      /"Primary Slave" is eth1, but it lists no slave/,
    ],
    [
      'cut before the slaves: an active slave named',
      AB.slice(0, AB.indexOf('\nSlave Interface') + 1).replace(/^Primary Slave: .*$/m, 'Primary Slave: None'),
      /"Currently Active Slave" is eth1, but it lists no slave/,
    ],
    [
      'cut before the slaves of a balance-rr bond that is up',
      (readFileSync(DIR + 'insights-3.7.1-balance-rr.txt', 'utf8').split('\nSlave Interface')[0] ?? '') + '\n',
      /MII status is up, but it lists no slave/,
    ],
    [
      'cut before the ARP lines and the slaves of an ARP-monitored bond (miimon 0)',
      readFileSync(DIR + 'insights-3.7.1-active-backup-arp.txt', 'utf8').split('ARP Polling')[0] ?? '',
      /but it lists no slave/,
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    let caught: unknown;
    try {
      parse(text);
    } catch (e) {
      caught = e;
    }
    expect(isBondifyError(caught) && caught.kind).toBe('data');
    expect(isBondifyError(caught) && caught.details.file).toBe('saved.txt');
    expect(String((caught as Error).message)).toMatch(message);
  });
});

describe('linear time on long runs of blanks', () => {
  it.each([
    ['blanks before the last character', ' '.repeat(300_000) + 'x'],
    ['blanks inside the mode line', `Bonding Mode: ${' '.repeat(300_000)}x\n`],
  ])('%s: refused within a second', (_what, text) => {
    const t0 = Date.now();
    expect(() => parse(text)).toThrow();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
