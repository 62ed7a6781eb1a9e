// Merges what /proc/net/bonding and sysfs say about one bond: proc first, sysfs fills what proc leaves out,
// and every disagreement (the two are read a few microseconds apart, a failover can fall in between) is noted.
import { READ_SETTINGS } from '../model/bond-settings.js';
import type { BondState, SlaveState } from './types.js';

type Scalar = string | number | null;

// The scalar fields merged the same way: proc's value, or sysfs's where proc is silent, noting disagreements.
const SLAVE_FIELDS = ['miiStatus', 'speedMbps', 'duplex', 'linkFailures', 'permHwAddr', 'aggregatorId'] as const;
// The settings /proc prints a line of its own for are proc's first; for the others (fail_over_mac, which proc
// leaves out when "none", and what proc never prints) sysfs speaks first.
const PROC_FIRST = READ_SETTINGS.filter((r) => r.kernel.proc !== null && r.parse.kind !== 'ip-list').map((r) => r.field);
const SYSFS_FIRST = READ_SETTINGS.filter((r) => r.kernel.proc === null).map((r) => r.field);
const BOND_FIELDS = ['mode', 'primary', 'activeSlave', 'miiStatus', ...PROC_FIRST] as const;

function merge<T, K extends keyof T>(label: string, keys: readonly K[], proc: T, sys: T, notes: string[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) {
    const p = proc[k] as Scalar;
    const s = sys[k] as Scalar;
    if (p !== null && s !== null && s !== p) notes.push(`${label}.${String(k)}: /proc says ${String(p)}, sysfs says ${String(s)}`);
    out[k] = p === null ? sys[k] : proc[k];
  }
  return out;
}

function mergeSlave(p: SlaveState, s: SlaveState | undefined, notes: string[]): SlaveState {
  return s ? { name: p.name, ...merge(p.name, SLAVE_FIELDS, p, s, notes) } : p;
}

export function reconcile(proc: BondState, sys: BondState | null): BondState {
  if (sys === null) return proc;
  const notes: string[] = [];
  const bySys = new Map(sys.slaves.map((s) => [s.name, s]));
  const slaves = proc.slaves.map((p) => mergeSlave(p, bySys.get(p.name), notes));
  for (const s of sys.slaves) {
    if (!proc.slaves.some((p) => p.name === s.name)) {
      notes.push(`${proc.bond}.slaves: ${s.name} is listed by sysfs only`);
      slaves.push(s);
    }
  }
  const scalars = merge(proc.bond, BOND_FIELDS, proc, sys, notes);
  const sysFirst = Object.fromEntries(SYSFS_FIRST.map((k) => [k, sys[k] ?? proc[k]]));
  return {
    ...proc,
    ...scalars,
    ...sysFirst,
    arpIpTargets: proc.arpIpTargets.length > 0 ? proc.arpIpTargets : sys.arpIpTargets,
    slaves,
    driver: proc.driver,
    sources: ['proc', 'sysfs'],
    notes,
  };
}
