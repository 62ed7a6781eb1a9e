// Merges what /proc/net/bonding and sysfs say about one bond: proc first, sysfs fills what proc leaves out,
// and every disagreement (the two are read a few microseconds apart, a failover can fall in between) is noted.
import type { BondState, SlaveState } from './types.js';

type Scalar = string | number | null;

function pick<T extends Scalar>(what: string, proc: T, sys: T, notes: string[]): T {
  if (proc === null) return sys;
  if (sys !== null && sys !== proc) notes.push(`${what}: /proc says ${String(proc)}, sysfs says ${String(sys)}`);
  return proc;
}

function mergeSlave(p: SlaveState, s: SlaveState | undefined, notes: string[]): SlaveState {
  if (!s) return p;
  const n = (k: string) => `${p.name}.${k}`;
  return {
    name: p.name,
    miiStatus: pick(n('miiStatus'), p.miiStatus, s.miiStatus, notes),
    speedMbps: pick(n('speedMbps'), p.speedMbps, s.speedMbps, notes),
    duplex: pick(n('duplex'), p.duplex, s.duplex, notes),
    linkFailures: pick(n('linkFailures'), p.linkFailures, s.linkFailures, notes),
    permHwAddr: pick(n('permHwAddr'), p.permHwAddr, s.permHwAddr, notes),
    aggregatorId: pick(n('aggregatorId'), p.aggregatorId, s.aggregatorId, notes),
  };
}

export function reconcile(proc: BondState, sys: BondState | null): BondState {
  if (sys === null) return proc;
  const notes: string[] = [];
  const b = (k: string) => `${proc.bond}.${k}`;
  const bySys = new Map(sys.slaves.map((s) => [s.name, s]));
  const slaves = proc.slaves.map((p) => mergeSlave(p, bySys.get(p.name), notes));
  for (const s of sys.slaves) {
    if (!proc.slaves.some((p) => p.name === s.name)) {
      notes.push(`${b('slaves')}: ${s.name} is listed by sysfs only`);
      slaves.push(s);
    }
  }
  return {
    bond: proc.bond,
    mode: pick(b('mode'), proc.mode, sys.mode, notes),
    // proc leaves out fail_over_mac "none" (bondify infers it), sysfs always says it: sysfs wins here.
    failOverMac: sys.failOverMac ?? proc.failOverMac,
    primary: pick(b('primary'), proc.primary, sys.primary, notes),
    primaryReselect: pick(b('primaryReselect'), proc.primaryReselect, sys.primaryReselect, notes),
    activeSlave: pick(b('activeSlave'), proc.activeSlave, sys.activeSlave, notes),
    miiStatus: pick(b('miiStatus'), proc.miiStatus, sys.miiStatus, notes),
    miimonMs: pick(b('miimonMs'), proc.miimonMs, sys.miimonMs, notes),
    updelayMs: pick(b('updelayMs'), proc.updelayMs, sys.updelayMs, notes),
    downdelayMs: pick(b('downdelayMs'), proc.downdelayMs, sys.downdelayMs, notes),
    arpIntervalMs: pick(b('arpIntervalMs'), proc.arpIntervalMs, sys.arpIntervalMs, notes),
    arpIpTargets: proc.arpIpTargets.length > 0 ? proc.arpIpTargets : sys.arpIpTargets,
    slaves,
    driver: proc.driver,
    sources: ['proc', 'sysfs'],
    notes,
  };
}
