// The health rules of `bondify check` (monitoring-plugin conventions), pure: facts in, status and reasons out.
import type { CheckStatus } from '../cli/exit.js';
import { compareDesired, type Desired } from './desired.js';
import type { Delta } from './check-memory.js';
import { usesPrimary } from './modes.js';
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

export interface Health {
  status: CheckStatus;
  summary: string;
  problems: Problem[];
  perf: { active_is_primary: number; slaves_up: number; link_failures: number };
}

const RANK: Record<CheckStatus, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

function summarize(s: BondState, primary: string | null): string {
  const slaves = s.slaves.map((x) => {
    const role = x.name === s.activeSlave ? 'active' : x.miiStatus ?? 'unknown';
    return `${x.name} ${role}${x.name === primary ? ' (primary)' : ''}`;
  });
  return `${s.bond} ${s.mode}: ${slaves.join(', ') || 'no slaves'}`;
}

function stateProblems(s: BondState, primary: string | null, add: (l: Problem['level'], m: string) => void): void {
  if (s.miiStatus === 'down') add('CRITICAL', `${s.bond} MII status is down: no slave carries traffic`);
  if (usesPrimary(s.mode) && s.activeSlave === null) add('CRITICAL', `${s.bond} has no active slave`);
  if (!usesPrimary(s.mode) && !s.slaves.some((x) => x.miiStatus === 'up')) add('CRITICAL', `${s.bond} has no slave up`);
  if (usesPrimary(s.mode) && s.activeSlave !== null && primary !== null && s.activeSlave !== primary) {
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
    stateProblems(s, primary, add);
    if (i.desired) {
      for (const m of compareDesired(s, i.desired)) add(m.critical ? 'CRITICAL' : 'WARNING', m.text);
    }
    for (const r of i.rises) add('WARNING', `slave ${r.slave} link failures rose ${r.before} → ${r.after} since the previous check`);
  }
  if (i.ping && !i.ping.ok) add('CRITICAL', `gateway ${i.ping.gateway} unreachable through ${i.bond}: ${i.ping.detail}`);
  const status = problems.reduce<CheckStatus>((worst, p) => (RANK[p.level] > RANK[worst] ? p.level : worst), 'OK');
  problems.sort((a, b) => RANK[b.level] - RANK[a.level]);
  return {
    status,
    summary: s ? summarize(s, primary) : `bond ${i.bond} ${i.stateError === null ? 'does not exist' : 'unreadable'}`,
    problems,
    perf: {
      active_is_primary: s && primary !== null && s.activeSlave === primary ? 1 : 0,
      slaves_up: s ? s.slaves.filter((x) => x.miiStatus === 'up').length : 0,
      link_failures: s ? s.slaves.reduce((n, x) => n + (x.linkFailures ?? 0), 0) : 0,
    },
  };
}
