// The human status report: colours only through Paint, and down slaves / the active slave painted as such.
import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/observe/status-report.js';
import { parseProcBonding } from '../../../src/observe/proc-parser.js';
import { plain, type Paint } from '../../../src/observe/paint.js';
import { procText, REF_LINKS } from '../../support/kernel-tree.js';

const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
const marking: Paint = { bold: tag('b'), green: tag('g'), red: tag('r'), yellow: tag('y'), dim: tag('d') };

describe('formatStatus', () => {
  const links = { ...REF_LINKS(), eth0: { mii: 'down' as const, failures: 1, mac: 'b8:27:eb:00:00:01' } };
  const state = parseProcBonding(procText({ active: 'wlan0', links }), { bond: 'bond0', file: 'x' });

  it('paints a down slave red and the active one green and bold', () => {
    const out = formatStatus(state, marking).split('\n');
    expect(out.find((l) => /eth0\s+down/.test(l))).toMatch(/^<r> {2}eth0 .*primary<\/r>$/);
    expect(out.find((l) => /wlan0\s+up/.test(l))).toMatch(/^<g><b>▶ wlan0 .*active<\/b><\/g>$/);
  });

  it('aligns columns without escape codes counting', () => {
    const lines = formatStatus(state, plain)
      .split('\n')
      .filter((l) => /eth0|wlan0|SLAVE/.test(l) && !l.includes('primary eth0'));
    const col = lines.map((l) => (l.indexOf('MII') >= 0 ? l.indexOf('MII') : l.search(/\b(up|down)\b/)));
    expect(new Set(col).size).toBe(1);
  });

  it('says so when the bond has no slaves', () => {
    const empty = parseProcBonding(
      'Bonding Mode: fault-tolerance (active-backup)\nCurrently Active Slave: None\nMII Status: down\nMII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\n',
      { bond: 'bond0', file: 'x' },
    );
    expect(formatStatus(empty, plain)).toContain('  no slaves');
  });
});

describe('formatStatus for modes without an active slave', () => {
  it('leaves out the primary/active line for balance-rr', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../fixtures/proc-bonding/insights-3.7.1-balance-rr.txt', import.meta.url), 'utf8');
    const out = formatStatus(parseProcBonding(text, { bond: 'bond0', file: 'x' }), plain);
    expect(out.split('\n').slice(0, 4)).toEqual([
      'bond0  balance-rr  MII up',
      '  miimon 100 ms, updelay 0 ms, downdelay 0 ms',
      '  monitor: MII (carrier) every 100 ms: a dead path with the carrier up goes unseen (check --ping probes it)',
      '',
    ]);
  });

  it('under ARP monitoring names the targets, the settings sysfs adds, and the ARP verdict per slave (real lab capture)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../fixtures/proc-bonding/lab-6.1-arp-active-backup-both-up.txt', import.meta.url), 'utf8');
    const state = { ...parseProcBonding(text, { bond: 'bond0', file: 'x' }), arpValidate: 'active', arpAllTargets: 'any' };
    const out = formatStatus(state, plain).split('\n');
    expect(out.slice(0, 3)).toEqual([
      'bond0  active-backup  MII up',
      '  fail_over_mac active, miimon 0 ms, updelay 0 ms, downdelay 0 ms',
      '  monitor: ARP (path) every 100 ms to 192.168.1.1 (validate active, all_targets any, missed_max 2); ARP verdict: wlan0 up, eth0 up',
    ]);
    expect(out.find((l) => l.includes('SLAVE'))).toMatch(/^ {2}SLAVE {2}ARP /);
  });
});
