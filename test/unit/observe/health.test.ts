// evaluate() directly: the rules that need no file — modes without an active slave, and how statuses rank.
import { describe, expect, it } from 'vitest';
import { evaluate, type HealthInput } from '../../../src/observe/health.js';
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

  it('ranks CRITICAL over WARNING over UNKNOWN over OK, and lists the worst first', () => {
    const warn = parseProcBonding(
      RR_DOWN.replace(/^MII Status: down/m, 'MII Status: up').replace('eth1\nMII Status: down', 'eth1\nMII Status: up'),
      { bond: 'bond0', file: 'x' },
    );
    const h = evaluate(base({ state: warn, configError: 'bad' }));
    expect([h.status, h.problems.map((p) => p.level)]).toEqual(['WARNING', ['WARNING', 'UNKNOWN']]);
    expect(evaluate(base({ stateError: 'unreadable' })).status).toBe('UNKNOWN');
  });
});
