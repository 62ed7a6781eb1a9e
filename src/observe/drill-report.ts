// The drill's verdict and report, pure: the measured facts in; the result, the human table, JSON and metrics out.
import type { HoldStats } from './drill-probe.js';
import type { WifiLink } from '../system/wifi.js';
import { metric } from './prom.js';

/** passed, passed slowly, the backup carried nothing, refused (an unhealthy bond), could not run (cannot tell). */
export type DrillResult = 'passed' | 'slow' | 'failed' | 'unhealthy' | 'unknown';

/** A switch slower than this passes slowly: TCP's first retransmission waits 1 s, so a longer silence is felt. */
export const SLOW_MS = 1000;

export interface DrillFacts {
  bond: string;
  primary: string;
  backup: string;
  gateway: string;
  /** Wall clock of the start, for people and the metrics. */
  startedAt: Date;
  baseline: { sent: number; received: number };
  /** Silence from the switch to the first answer through the backup; null: none within the limit. */
  failoverMs: number | null;
  hold: (HoldStats & { seconds: number; activeAtEnd: string | null }) | null;
  wifi: WifiLink | null;
  /** Silence from the switch back to the first answer through the primary; null: none within the limit. */
  failbackMs: number | null;
  activeAtEnd: string | null;
  /** Likely causes with their fixes, when the backup carried nothing. */
  causes: string[];
  slowMs: number;
}

export function verdict(f: DrillFacts): 'passed' | 'slow' | 'failed' {
  if (f.failoverMs === null) return 'failed';
  if (f.hold !== null && f.hold.received === 0) return 'failed';
  if (f.failbackMs === null || f.activeAtEnd !== f.primary) return 'slow';
  return f.failoverMs > f.slowMs || f.failbackMs > f.slowMs ? 'slow' : 'passed';
}

const ms = (v: number | null) => (v === null ? 'no answer' : `${v} ms`);

const SUMMARY: Record<DrillResult, string> = {
  passed: 'passed',
  slow: 'passed slowly',
  failed: 'FAILED: the backup carried nothing',
  unhealthy: 'refused: the bond is not healthy',
  unknown: 'could not run',
};

/** One line for a drill refused before anything changed. */
export const formatRefusal = (result: DrillResult, reason: string): string => `drill ${SUMMARY[result]}: ${reason}\n`;

export function formatDrill(f: DrillFacts): string {
  const r = verdict(f);
  const rows: Array<[string, string]> = [
    ['bond', `${f.bond}: primary ${f.primary}, backup ${f.backup}, gateway ${f.gateway}`],
    ['baseline', `${f.baseline.received}/${f.baseline.sent} answers through ${f.primary}`],
    ['failover', `${ms(f.failoverMs)} of silence until the gateway answered through ${f.backup}`],
  ];
  if (f.hold !== null)
    rows.push([
      'on backup',
      `${f.hold.seconds} s: ${f.hold.received}/${f.hold.sent} answers, ${f.hold.lossPct}% lost, longest gap ${f.hold.longestGapMs} ms`,
    ]);
  if (f.wifi !== null)
    rows.push([
      'wifi',
      `${f.wifi.associated ? `associated${f.wifi.ssid ? ` to ${f.wifi.ssid}` : ''}` : 'not associated'}, signal ${f.wifi.signalDbm ?? '?'} dBm, tx bitrate ${f.wifi.txBitrateMbps ?? '?'} MBit/s`,
    ]);
  rows.push(['failback', `${ms(f.failbackMs)} of silence until the gateway answered through ${f.primary}`]);
  rows.push(['active now', f.activeAtEnd ?? 'none']);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`drill ${SUMMARY[r]} (slow above ${f.slowMs} ms)`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
  if (f.causes.length > 0) lines.push(`${f.backup} carried nothing; likely causes:`, ...f.causes.map((c) => `  - ${c}`));
  return lines.join('\n') + '\n';
}

export function drillJson(f: DrillFacts): Record<string, unknown> {
  return {
    result: verdict(f),
    bond: f.bond,
    primary: f.primary,
    backup: f.backup,
    gateway: f.gateway,
    startedAt: f.startedAt.toISOString(),
    slowMs: f.slowMs,
    baseline: f.baseline,
    failoverMs: f.failoverMs,
    hold: f.hold,
    wifi: f.wifi,
    failbackMs: f.failbackMs,
    activeAtEnd: f.activeAtEnd,
    causes: f.causes,
  };
}

/** Monitoring-plugin codes, defined with the results (cli/exit.ts maps them); also the metric's value. */
export const DRILL_EXIT: Record<DrillResult, number> = { passed: 0, slow: 1, failed: 2, unhealthy: 2, unknown: 3 };

/** node_exporter textfile metrics (silences in seconds, as Prometheus names units); a silence that never ended is
 * left out, not written as a made-up number. */
export function drillProm(bond: string, result: DrillResult, at: Date, failoverMs: number | null, failbackMs: number | null): string {
  const b = { bond };
  const lines: string[] = [];
  metric(lines, 'bondify_drill_last_run_timestamp_seconds', 'gauge', 'When the last drill started (Unix time).', [
    [b, Math.floor(at.getTime() / 1000)],
  ]);
  metric(
    lines,
    'bondify_drill_result',
    'gauge',
    'The last drill: 0 passed, 1 passed slowly, 2 the backup carried nothing, 3 could not run.',
    [[b, DRILL_EXIT[result]]],
  );
  metric(
    lines,
    'bondify_drill_failover_seconds',
    'gauge',
    'Silence until the gateway answered through the backup.',
    failoverMs === null ? [] : [[b, failoverMs / 1000]],
  );
  metric(
    lines,
    'bondify_drill_failback_seconds',
    'gauge',
    'Silence until the gateway answered through the primary again.',
    failbackMs === null ? [] : [[b, failbackMs / 1000]],
  );
  return lines.join('\n') + '\n';
}

/** What the configuration says could make the backup carry nothing, each with its fix; facts first, then the AP. */
export function likelyCauses(i: {
  backup: string;
  failOverMac: string | null;
  powerSave: 'on' | 'off' | 'unknown';
  wifi: WifiLink | null;
  wpaMacSetting: string | null;
}): string[] {
  const out: string[] = [];
  if (i.failOverMac !== null && i.failOverMac !== 'active')
    out.push(
      `fail_over_mac is ${i.failOverMac}: the access point drops frames from a MAC that did not associate; set fail_over_mac = active in [bond] (FailOverMACPolicy=active) and apply`,
    );
  if (i.wifi !== null && !i.wifi.associated)
    out.push(
      `${i.backup} lost its association during the drill: see \`journalctl -u wpa_supplicant@${i.backup}\` and the wpa_supplicant config`,
    );
  if (i.wpaMacSetting !== null)
    out.push(
      `the wpa_supplicant config sets ${i.wpaMacSetting}: a random or changed MAC is not the one the bond uses; remove it (or set mac_addr=0)`,
    );
  if (i.powerSave === 'on')
    out.push(
      `wifi power save is on for ${i.backup}: frames are buffered or lost while it sleeps; set power_save = off in [slave.${i.backup}] and apply`,
    );
  if (i.wifi === null || i.wifi.associated)
    out.push(
      `${i.backup} is associated but nothing reached the gateway: the access point isolates its clients (AP/client isolation) or its radio is not bridged to the LAN; turn isolation off in the router's wifi settings`,
    );
  return out;
}
