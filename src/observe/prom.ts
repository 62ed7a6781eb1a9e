// node_exporter textfile-collector metrics for one check run (Prometheus text exposition format 0.0.4).
import { CHECK_EXIT } from './check-status.js';
import type { Health } from './health.js';
import type { BondState } from './types.js';

export interface PromInput {
  bond: string;
  state: BondState | null;
  health: Health;
  /** null: no memory to count with (left out, not 0). */
  failoversTotal: number | null;
  /** The state could not be read (a foreign file): whether the bond is up is unknown, not 0. */
  stateError?: boolean;
  now: Date;
  /** With ipv4 = dhcp or ipv6 = ra: the lease, what is left of it, whether an address changed since the last run. */
  addresses?: { lease: boolean; leaseRemainingS: number | null; changed: 0 | 1 | null };
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function metric(
  lines: string[],
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  samples: Array<[Record<string, string>, number]>,
): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [labels, value] of samples) {
    const l = Object.entries(labels)
      .map(([k, v]) => `${k}="${esc(v)}"`)
      .join(',');
    lines.push(`${name}{${l}} ${value}`);
  }
}

export function renderProm(p: PromInput): string {
  const b = { bond: p.bond };
  const slaves = p.state?.slaves ?? [];
  const lines: string[] = [];
  // A value bondify does not know is left out (an absent sample), never written as a made-up 0.
  metric(
    lines,
    'bondify_up',
    'gauge',
    'The bond exists and its MII status is up (1) or not (0).',
    p.stateError ? [] : [[b, p.state?.miiStatus === 'up' ? 1 : 0]],
  );
  const aip = p.health.perf.active_is_primary;
  metric(
    lines,
    'bondify_active_is_primary',
    'gauge',
    'The active slave is the configured primary.',
    aip === null || aip === undefined ? [] : [[b, aip]],
  );
  metric(
    lines,
    'bondify_slave_up',
    'gauge',
    "A slave's MII status is up.",
    slaves.map((s) => [{ ...b, slave: s.name }, s.miiStatus === 'up' ? 1 : 0]),
  );
  metric(
    lines,
    'bondify_slave_link_failures_total',
    'counter',
    "The kernel's link failure count of a slave.",
    slaves.filter((s) => s.linkFailures !== null).map((s) => [{ ...b, slave: s.name }, s.linkFailures ?? 0]),
  );
  metric(
    lines,
    'bondify_failovers_total',
    'counter',
    'Changes of the active slave seen by bondify check.',
    p.failoversTotal === null ? [] : [[b, p.failoversTotal]],
  );
  const a = p.addresses;
  if (a !== undefined) {
    metric(lines, 'bondify_dhcp_lease', 'gauge', 'The bond holds a DHCPv4 lease (1) or not (0).', [[b, a.lease ? 1 : 0]]);
    metric(
      lines,
      'bondify_dhcp_lease_remaining_seconds',
      'gauge',
      "What is left of the bond's DHCPv4 lease.",
      a.leaseRemainingS === null ? [] : [[b, a.leaseRemainingS]],
    );
    metric(
      lines,
      'bondify_address_changed',
      'gauge',
      "The bond's DHCP or RA address differs from the last check's (1) or not (0).",
      a.changed === null ? [] : [[b, a.changed]],
    );
  }
  metric(lines, 'bondify_check_status', 'gauge', 'The check result: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.', [
    [b, CHECK_EXIT[p.health.status]],
  ]);
  metric(lines, 'bondify_check_timestamp_seconds', 'gauge', 'When bondify check last ran (Unix time).', [
    [b, Math.floor(p.now.getTime() / 1000)],
  ]);
  return lines.join('\n') + '\n';
}
