// What `bondify check` prints: one monitoring-plugin status line with perfdata, then details; or the same as JSON.
import type { CheckEvent } from './check-memory.js';
import { formatPerf, type Health } from './health.js';
import { toStatusJson, type BondState } from './types.js';
import type { PowerSaveFact } from './slave-links.js';
import { forTerminal } from '../terminal-text.js';
import { monitorText } from './monitor.js';
import { isoTime } from '../system/iso-time.js';

export interface CheckOutcome {
  bond: string;
  health: Health;
  state: BondState | null;
  events: CheckEvent[];
  /** Extra lines that change nothing about the status (state file not saved, sources disagreeing…). */
  notes: string[];
  /** null: no memory to count with (a saved file without --state). */
  failoversTotal: number | null;
  checkedAt: Date;
  /** Each configured wireless slave's power save, with the reading's age (a remembered one is up to 10 min old). */
  powerSave?: PowerSaveFact[];
}

/**
 * Summaries and messages carry interface names from the kernel: escaped, so each stays one line of plain text,
 * and without '|', which starts perfdata on any line of a monitoring plugin's output (a valid interface name
 * may hold one).
 */
export function pluginText(s: string): string {
  return forTerminal(s).replaceAll('|', '\\u007c');
}

export function formatCheck(o: CheckOutcome): string {
  const h = o.health;
  const lines = [`BONDIFY ${h.status} - ${pluginText(h.summary)} | ${formatPerf(h.perf)}`];
  for (const p of h.problems) lines.push(`${p.level}: ${pluginText(p.message)}`);
  for (const e of o.events) lines.push(`event: ${pluginText(e.message)}`);
  for (const n of o.notes) lines.push(`note: ${pluginText(n)}`);
  if (o.state) lines.push(`monitor: ${pluginText(monitorText(o.state))}`);
  return lines.join('\n') + '\n';
}

export function checkJson(o: CheckOutcome): unknown {
  return {
    status: o.health.status,
    bond: o.bond,
    summary: o.health.summary,
    problems: o.health.problems,
    perfdata: o.health.perf,
    events: o.events,
    failoversTotal: o.failoversTotal,
    notes: o.notes,
    checkedAt: isoTime(o.checkedAt),
    state: o.state ? toStatusJson(o.state) : null,
    monitor: o.state ? monitorText(o.state) : null,
    ...(o.powerSave && o.powerSave.length > 0 ? { powerSave: o.powerSave } : {}),
  };
}
