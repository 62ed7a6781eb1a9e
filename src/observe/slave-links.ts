// What `check` says about the slaves' links beyond the bond: a configured slave renamed (found by its permanent
// MAC) and a wireless slave's power save against the config. Pure: the facts are read by the check use case.
import type { Problem } from './health.js';
import type { PowerSaveReading } from './check-memory.js';
import type { PowerSaveState } from '../system/wifi.js';

/**
 * How long check trusts a power-save reading of an unchanged link. iw is a process start (and execa), and check
 * runs every minute; a manual `iw … set power_save on` goes unseen for at most this long (`check --fresh` reads now).
 */
export const POWER_SAVE_MAX_AGE_MS = 10 * 60_000;

/**
 * The remembered reading while it stands: the same link (ifindex, carrier, failures), younger than the maximum age.
 * `prev` comes from the state file, so anything not shaped like a reading is no reading.
 */
export function reusablePowerSave(prev: unknown, link: string, now: Date, fresh: boolean): PowerSaveReading | null {
  if (fresh || typeof prev !== 'object' || prev === null) return null;
  const r = prev as Partial<PowerSaveReading>;
  if (r.link !== link || typeof r.readAt !== 'string' || !(r.have === 'on' || r.have === 'off' || r.have === 'unknown')) return null;
  const age = now.getTime() - Date.parse(r.readAt);
  // A clock that went back (or a garbled time) proves nothing about the age: read again.
  return age >= 0 && age < POWER_SAVE_MAX_AGE_MS ? { have: r.have, readAt: r.readAt, link } : null;
}

const ago = (seconds: number): string => (seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`);

export interface SlaveLinkFacts {
  /** Configured slaves missing by name whose permanent MAC a link of another name shows. */
  renamed: Array<{ from: string; to: string; mac: string }>;
  /** Wireless slaves whose power save the config sets, under their current name. */
  powerSave: PowerSaveFact[];
}

export interface PowerSaveFact {
  slave: string;
  want: 'on' | 'off';
  have: PowerSaveState;
  /** When iw said it (ISO), and whether this run took the remembered reading instead of running iw. */
  readAt?: string;
  ageSeconds?: number;
  cached?: boolean;
}

export function slaveLinkReport(f: SlaveLinkFacts): { problems: Problem[]; notes: string[] } {
  const problems: Problem[] = [];
  const notes: string[] = [];
  for (const r of f.renamed) {
    problems.push({
      level: 'WARNING',
      message: `${r.from} is now ${r.to} (the link with permanent MAC ${r.mac}): rename it in bondify.ini and run 'bondify apply'`,
    });
  }
  for (const p of f.powerSave) {
    const cached = p.cached === true ? ` (read ${ago(p.ageSeconds ?? 0)} ago; 'bondify check --fresh' reads it now)` : '';
    // As configured is silent: a healthy check stays one line (monitoring plugins show the first); status shows it.
    if (p.have === 'unknown') notes.push(`${p.slave} wifi power save: unknown (iw is missing or does not know the link)${cached}`);
    else if (p.have !== p.want)
      problems.push({
        level: 'WARNING',
        message: `${p.slave} wifi power save is ${p.have}, the config wants ${p.want}${p.have === 'on' ? ' (replies are held for the next beacon: slow exactly when the backup carries traffic)' : ''}: run 'bondify apply', or iw dev ${p.slave} set power_save ${p.want}${cached}`,
      });
  }
  return { problems, notes };
}
