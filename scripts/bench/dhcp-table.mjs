// The DHCP rows of `npm run bench:failover`: the lab's DHCP scenario (test/lab/dhcp-scenario.mjs, one boot: the stock
// Arch Linux ARM files, init, apply, eth0 cut, a renew on the wifi, failback) under both router kinds, as a table.
import { fileURLToPath } from 'node:url';
import { runScenario } from '../lab/harness.mjs';

const SCENARIO = fileURLToPath(new URL('../../test/lab/dhcp-scenario.mjs', import.meta.url));

const COLUMNS = [
  ['pool', 'pool router: dhcp_identity = stable (default)'],
  ['reservation', "reservation for eth0's MAC: ethernet-mac"],
];

/** 'yes' when every step kept the address the bond had at apply; else the steps that did not. */
function kept(c, family) {
  const first = c.applied?.[family]?.[0];
  if (first === undefined) return 'no address';
  const lost = ['failover', 'renew', 'failback'].filter((s) => !(c[s]?.[family] ?? []).includes(first));
  return lost.length === 0 ? 'yes' : `no (${lost.join(', ')})`;
}

const ROWS = [
  [
    "address at apply = eth0's before (v4)",
    (c) => (c.applied?.v4?.[0] === c.stockLease?.[0]?.split('/')[0] ? 'yes' : `no (${c.stockLease?.[0]} → ${c.applied?.v4?.[0]})`),
  ],
  ['v4 address kept: failover, renew on wifi, failback', (c) => kept(c, 'v4')],
  ['v6 address kept: failover, renew on wifi, failback', (c) => kept(c, 'v6')],
  ['inbound v4 gw → bond: longest gap ms', (c) => String(c.ping4?.maxGapMs ?? 'n/a')],
  ['inbound v4: pings lost / sent (20 ms)', (c) => (c.ping4 ? `${c.ping4.lost} / ${c.ping4.sent}` : 'n/a')],
  ['inbound v6 gw → bond: longest gap ms', (c) => String(c.ping6?.maxGapMs ?? 'n/a')],
  ['inbound v6: pings lost / sent (20 ms)', (c) => (c.ping6 ? `${c.ping6.lost} / ${c.ping6.sent}` : 'n/a')],
];

export function dhcpTable(results) {
  const w = 52;
  const lines = [
    '\nDHCP bond, eth0 cut (one run per router kind; the cycle spans failover, a renew on the wifi and failback)',
    `${'measure'.padEnd(w)} ${COLUMNS.map(([, label]) => label.padEnd(46)).join(' ')}`,
  ];
  for (const [label, f] of ROWS)
    lines.push(`${label.padEnd(w)} ${COLUMNS.map(([k]) => String(results[k] ? f(results[k]) : '-').padEnd(46)).join(' ')}`);
  return lines.join('\n');
}

/** One boot of the DHCP scenario; resolves { results, durationMs, exitCode, error, transcript }. */
export function runDhcp(onConsole) {
  return runScenario(SCENARIO, { timeoutMs: 1_500_000, onConsole });
}
