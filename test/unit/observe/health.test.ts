// evaluate() directly: the rules that need no file — modes without an active slave, and how statuses rank.
import { describe, expect, it } from 'vitest';
import { evaluate, type HealthInput } from '../../../src/observe/health.js';
import { readFileSync } from 'node:fs';
import { parseProcBonding } from '../../../src/observe/proc-parser.js';

const RR_DOWN =
  'Bonding Mode: load balancing (round-robin)\nMII Status: down\nMII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\n\nSlave Interface: eth0\nMII Status: down\nLink Failure Count: 0\nPermanent HW addr: 00:00:00:00:00:01\n\nSlave Interface: eth1\nMII Status: down\nLink Failure Count: 0\nPermanent HW addr: 00:00:00:00:00:02\n';
const base = (over: Partial<HealthInput>): HealthInput => ({
  bond: 'bond0',
  state: null,
  desired: null,
  stateError: null,
  configError: null,
  rises: [],
  ping: null,
  ...over,
});

describe('evaluate', () => {
  it('a balance-rr bond with no slave up is CRITICAL (it has no "active slave" to miss)', () => {
    const h = evaluate(base({ state: parseProcBonding(RR_DOWN, { bond: 'bond0', file: 'x' }) }));
    expect(h.status).toBe('CRITICAL');
    expect(h.problems.map((p) => p.message)).toEqual([
      'bond0 MII status is down: no slave carries traffic',
      'bond0 has no slave up',
      'slave eth0 is down',
      'slave eth1 is down',
    ]);
  });

  it('a bond with no slave is CRITICAL for that, and one that monitors no link is a WARNING (real 3.7.1 capture)', () => {
    const fixture = (f: string) =>
      parseProcBonding(readFileSync(new URL(`../../fixtures/proc-bonding/${f}`, import.meta.url), 'utf8'), { bond: 'bond0', file: f });
    const bare = evaluate(base({ state: fixture('procfs-3.7.1-balance-rr-no-slave.txt') }));
    expect([bare.status, bare.summary]).toEqual(['CRITICAL', 'bond0 balance-rr: no slaves']);
    expect(bare.problems.map((p) => `${p.level}: ${p.message}`)).toEqual([
      'CRITICAL: bond0 MII status is down: no slave carries traffic',
      'CRITICAL: bond0 has no slave: nothing can carry its traffic',
      'WARNING: bond0 monitors no link: miimon is 0 and ARP monitoring is off, so it never notices a dead slave',
    ]);
    // Slaves up but nothing watching them (OpenWrt, miimon 0, no ARP): a WARNING alone.
    const unwatched = evaluate(base({ state: fixture('openwrt-6.6.83-active-backup-speed-unknown.txt') }));
    expect([unwatched.status, unwatched.problems.map((p) => p.message)]).toEqual([
      'WARNING',
      ['bond0 monitors no link: miimon is 0 and ARP monitoring is off, so it never notices a dead slave'],
    ]);
    // ARP monitoring with miimon 0 is a monitor.
    expect(evaluate(base({ state: fixture('insights-3.7.1-active-backup-arp.txt') })).problems.map((p) => p.message)).not.toContain(
      expect.stringContaining('monitors no link'),
    );
  });

  it('ranks CRITICAL over WARNING over UNKNOWN over OK, and lists the worst first', () => {
    const warn = parseProcBonding(
      RR_DOWN.replace(/^MII Status: down/m, 'MII Status: up').replace('eth1\nMII Status: down', 'eth1\nMII Status: up'),
      { bond: 'bond0', file: 'x' },
    );
    const h = evaluate(base({ state: warn, configError: 'bad' }));
    expect([h.status, h.problems.map((p) => p.level)]).toEqual(['WARNING', ['WARNING', 'UNKNOWN']]);
    expect(evaluate(base({ stateError: 'unreadable' })).status).toBe('UNKNOWN');
  });

  it('summarizes the slaves in one order whatever the kernel lists: the primary, the config, then the others', () => {
    const three = RR_DOWN.replace('Slave Interface: eth1', 'Slave Interface: wlan0')
      .replace('Slave Interface: eth0', 'Slave Interface: usb0')
      .concat('\nSlave Interface: eth0\nMII Status: down\nLink Failure Count: 0\nPermanent HW addr: 00:00:00:00:00:03\n');
    const state = parseProcBonding(three, { bond: 'bond0', file: 'x' });
    expect(state.slaves.map((x) => x.name)).toEqual(['usb0', 'wlan0', 'eth0']);
    const desired = { bond: 'bond0', primary: 'eth0', slaves: ['eth0', 'wlan0'] } as HealthInput['desired'];
    expect(evaluate(base({ state, desired })).summary).toBe('bond0 balance-rr: eth0 down (primary), wlan0 down, usb0 down');
    // Without a config: the kernel's order, its own primary (none in balance-rr) first.
    expect(evaluate(base({ state })).summary).toBe('bond0 balance-rr: usb0 down, wlan0 down, eth0 down');
  });
});
