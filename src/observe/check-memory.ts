// What `bondify check` remembers between runs (the state file under /var/lib/bondify): the last active slave
// and link failure counts, so it can report deltas and log each failover/failback exactly once.
import type { BondState } from './types.js';
import { STATE_DIR } from '../system/paths.js';
import type { PowerSaveState } from '../system/wifi.js';
import { isoTime } from '../system/iso-time.js';
import type { AddressMemory } from './addresses.js';

export const STATE_FILE = `${STATE_DIR}/check-state.json`;

export interface CheckMemory {
  version: 1;
  bond: string;
  /** When the remembered facts last changed (an unchanged state is not rewritten: SD cards wear). */
  changedAt: string;
  /** false: the bond did not exist at the last run. */
  present: boolean;
  activeSlave: string | null;
  linkFailures: Record<string, number>;
  failoversTotal: number;
  /** The config's hash and what check derived from it (saves loading zod every minute). */
  config?: { key: string; desired: unknown };
  /** Each wireless slave's power save as iw last said it (saves a process start every minute), by current name. */
  powerSave?: Record<string, PowerSaveReading>;
  /** The bond's DHCP and RA addresses at the last run (observe/addresses.ts), to say when they changed. */
  addresses?: AddressMemory;
}

export interface PowerSaveReading {
  have: PowerSaveState;
  /** ISO time of the iw run. */
  readAt: string;
  /** The link as it was then (ifindex, carrier, link failure count): any change means a new reading. */
  link: string;
}

export interface CheckEvent {
  kind: 'failover' | 'failback' | 'no-active' | 'bond-gone' | 'bond-back';
  message: string;
}

export interface Delta {
  slave: string;
  before: number;
  after: number;
}

/** Parses the state file; anything that is not a version-1 object for this bond counts as no memory. */
export function parseMemory(text: string | null, bond: string): CheckMemory | null {
  if (text === null) return null;
  try {
    const m = JSON.parse(text) as Partial<CheckMemory>;
    if (m.version !== 1 || m.bond !== bond || typeof m.failoversTotal !== 'number' || typeof m.linkFailures !== 'object') return null;
    return m as CheckMemory;
  } catch {
    return null;
  }
}

function activeEvent(bond: string, before: string | null, after: string | null, primary: string | null): CheckEvent | null {
  if (before === after) return null;
  if (after === null) return { kind: 'no-active', message: `${bond}: no active slave any more (was ${before})` };
  if (after === primary) return { kind: 'failback', message: `${bond}: failback to primary ${after}${before ? ` from ${before}` : ''}` };
  return {
    kind: 'failover',
    message: `${bond}: failover to ${after}${before ? ` from ${before}` : ''}${primary ? ` (primary ${primary})` : ''}`,
  };
}

/** Compares this run with the last one: the events to log, the link failure counts that rose, the new memory. */
export function advance(prev: CheckMemory | null, state: BondState | null, bond: string, now: Date) {
  const events: CheckEvent[] = [];
  const rises: Delta[] = [];
  // Keyed by kernel interface names: no prototype, so a slave called __proto__ or constructor is just a name.
  const linkFailures: Record<string, number> = Object.create(null) as Record<string, number>;
  let failoversTotal = prev?.failoversTotal ?? 0;
  if (state === null) {
    if (prev?.present)
      events.push({ kind: 'bond-gone', message: `${bond}: the bond disappeared (active was ${prev.activeSlave ?? 'none'})` });
  } else {
    if (prev && !prev.present)
      events.push({ kind: 'bond-back', message: `${bond}: the bond is back, active ${state.activeSlave ?? 'none'}` });
    // The first run only sets the baseline: nothing has "changed" yet.
    const e = prev?.present ? activeEvent(bond, prev.activeSlave, state.activeSlave, state.primary) : null;
    if (e) {
      events.push(e);
      if (e.kind !== 'no-active') failoversTotal += 1;
    }
    for (const s of state.slaves) {
      if (s.linkFailures === null) continue;
      linkFailures[s.name] = s.linkFailures;
      // A bond that is back is a new bond (its counters restart, and an ARP monitor's start counts one failure):
      // its counts are a new baseline, as are a lower count's (the slave was re-enslaved), not a rise.
      const before = prev?.present && Object.hasOwn(prev.linkFailures, s.name) ? prev.linkFailures[s.name] : undefined;
      if (before !== undefined && s.linkFailures > before) rises.push({ slave: s.name, before, after: s.linkFailures });
    }
  }
  const memory: CheckMemory = {
    version: 1,
    bond,
    changedAt: isoTime(now),
    present: state !== null,
    activeSlave: state?.activeSlave ?? prev?.activeSlave ?? null,
    linkFailures: state ? linkFailures : (prev?.linkFailures ?? {}),
    failoversTotal,
    ...(prev?.config ? { config: prev.config } : {}),
    ...(prev?.powerSave ? { powerSave: prev.powerSave } : {}),
    ...(prev?.addresses ? { addresses: prev.addresses } : {}),
  };
  return { events, rises, memory };
}
