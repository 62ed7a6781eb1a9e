// The health rules of `bondify check` (monitoring-plugin conventions), pure: facts in, status and reasons out.
import type { CheckStatus } from './check-status.js';
import { compare } from './compare.js';
import type { Desired } from './desired.js';
import type { Delta } from './check-memory.js';
import { usesPrimary } from './modes.js';
import { monitorOf } from './monitor.js';
import type { BondState } from './types.js';

export interface Problem {
  level: Exclude<CheckStatus, 'OK'>;
  message: string;
}

export interface HealthInput {
  bond: string;
  /** null: the bond does not exist. */
  state: BondState | null;
  desired: Desired | null;
  /** Why the state could not be read (a foreign file, a permission error): UNKNOWN. */
  stateError: string | null;
  /** Why the config could not be read or is invalid: UNKNOWN unless something is CRITICAL anyway. */
  configError: string | null;
  rises: Delta[];
  /** The result of `--ping`, when asked. */
  ping: { gateway: string; ok: boolean; detail: string } | null;
}

/**
 * Perfdata: null is a value bondify cannot know (printed `U`, never a made-up 0); a key left out does not apply
 * (active_is_primary when no primary is configured or the mode has none).
 */
export interface Perf {
  active_is_primary?: number | null;
  slaves_up: number | null;
  link_failures: number | null;
}

/** Perfdata units (monitoring-plugin guidelines): counters carry `c`. */
export const PERF_UNITS: Record<keyof Perf, string> = { active_is_primary: '', slaves_up: '', link_failures: 'c' };

export interface Health {
  status: CheckStatus;
  summary: string;
  problems: Problem[];
  perf: Perf;
}

const RANK: Record<CheckStatus, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

/**
 * The primary first, then the config's order, then any other slave in the kernel's: the same line every minute,
 * whatever order the links were enslaved in (wlan0 re-associating after eth0 lists it first in /proc).
 */
function summarize(s: BondState, primary: string | null, configured: readonly string[] | null): string {
  const order = [...(primary === null ? [] : [primary]), ...(configured ?? [])];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const ordered = [...s.slaves].sort((a, b) => rank(a.name) - rank(b.name));
  const slaves = ordered.map((x) => {
    const role = x.name === s.activeSlave ? 'active' : (x.miiStatus ?? 'unknown');
    return `${x.name} ${role}${x.name === primary ? ' (primary)' : ''}`;
  });
  return `${s.bond} ${s.mode}: ${slaves.join(', ') || 'no slaves'}`;
}

function stateProblems(
  s: BondState,
  primary: string | null,
  configured: string[] | null,
  add: (l: Problem['level'], m: string) => void,
): void {
  if (s.miiStatus === 'down') add('CRITICAL', `${s.bond} MII status is down: no slave carries traffic`);
  // No slave at all says more than "none active" or "none up", which it implies.
  if (s.slaves.length === 0) add('CRITICAL', `${s.bond} has no slave: nothing can carry its traffic`);
  else if (usesPrimary(s.mode) && s.activeSlave === null) add('CRITICAL', `${s.bond} has no active slave`);
  else if (!usesPrimary(s.mode) && !s.slaves.some((x) => x.miiStatus === 'up')) add('CRITICAL', `${s.bond} has no slave up`);
  // miimon 0 and no ARP interval: the driver never checks a link, so a dead slave keeps its share of the traffic.
  if (s.miimonMs === 0 && monitorOf(s) === 'none')
    add('WARNING', `${s.bond} monitors no link: miimon is 0 and ARP monitoring is off, so it never notices a dead slave`);
  // An active slave the config does not name is not its "backup": the slaves mismatch reports it instead.
  const backup = s.activeSlave !== null && (configured === null || configured.includes(s.activeSlave));
  if (usesPrimary(s.mode) && backup && primary !== null && s.activeSlave !== primary) {
    add('WARNING', `running on backup slave ${s.activeSlave}, not the primary ${primary}`);
  }
  for (const x of s.slaves) {
    if (x.miiStatus !== 'up') add('WARNING', `slave ${x.name} is ${x.miiStatus ?? 'in an unknown state'}`);
  }
}

export function evaluate(i: HealthInput): Health {
  const problems: Problem[] = [];
  const add = (level: Problem['level'], message: string) => problems.push({ level, message });
  if (i.stateError !== null) add('UNKNOWN', `cannot read the state of ${i.bond}: ${i.stateError}`);
  if (i.configError !== null) add('UNKNOWN', `cannot read the config: ${i.configError}`);
  const s = i.state;
  // The configured primary is what "on backup" means; without a config, the kernel's own.
  const primary = i.desired?.primary ?? s?.primary ?? null;
  if (s === null && i.stateError === null) add('CRITICAL', `bond ${i.bond} does not exist`);
  if (s !== null) {
    stateProblems(s, primary, i.desired?.slaves ?? null, add);
    if (i.desired) {
      // Another mode is CRITICAL (the bond does not fail over as configured); any other difference is a WARNING.
      for (const m of compare(i.desired, s)) add(m.key === 'mode' ? 'CRITICAL' : 'WARNING', m.text);
    }
    for (const r of i.rises) add('WARNING', `slave ${r.slave} link failures rose ${r.before} → ${r.after} since the previous check`);
  }
  if (i.ping && !i.ping.ok) add('CRITICAL', `gateway ${i.ping.gateway} unreachable through ${i.bond}: ${i.ping.detail}`);
  const status = problems.reduce<CheckStatus>((worst, p) => (RANK[p.level] > RANK[worst] ? p.level : worst), 'OK');
  problems.sort((a, b) => RANK[b.level] - RANK[a.level]);
  return {
    status,
    summary: s
      ? summarize(s, primary, i.desired?.slaves ?? null)
      : `bond ${i.bond} ${i.stateError === null ? 'does not exist' : 'unreadable'}`,
    problems,
    perf: perfdata(s, primary),
  };
}

function perfdata(s: BondState | null, primary: string | null): Perf {
  // No state (a missing bond, an unreadable file): nothing is known, so nothing is reported as 0.
  if (s === null) return { active_is_primary: null, slaves_up: null, link_failures: null };
  const counts = s.slaves.map((x) => x.linkFailures);
  const perf: Perf = {
    slaves_up: s.slaves.filter((x) => x.miiStatus === 'up').length,
    link_failures: counts.includes(null) ? null : counts.reduce<number>((n, c) => n + (c ?? 0), 0),
  };
  if (!usesPrimary(s.mode) || primary === null) return perf;
  return { active_is_primary: s.activeSlave === primary ? 1 : 0, ...perf };
}

/** The perfdata as printed after `|`: `active_is_primary=1 slaves_up=2 link_failures=0c`. */
export function formatPerf(perf: Perf): string {
  return (Object.keys(PERF_UNITS) as Array<keyof Perf>)
    .filter((k) => k in perf)
    .map((k) => `${k}=${perf[k] === null || perf[k] === undefined ? 'U' : `${perf[k]}${PERF_UNITS[k]}`}`)
    .join(' ');
}

/** The health with one more problem, the status raised to it when worse. */
export function withProblem(h: Health, level: Problem['level'], message: string): Health {
  const problems = [...h.problems, { level, message }].sort((a, b) => RANK[b.level] - RANK[a.level]);
  return { ...h, problems, status: RANK[level] > RANK[h.status] ? level : h.status };
}
