// What `check --heal` may fix by re-applying, pure: the kernel disagrees with an applied config in a way that
// reloading networkd repairs. A physical fault (carrier down, a slave device gone, gateway silent) is never here:
// re-applying cannot fix a cable, and bouncing the bond for it would only add an outage.
import type { Desired } from './desired.js';
import type { BondState } from './types.js';

export interface HealFacts {
  /** null: the bond link does not exist. */
  state: BondState | null;
  desired: Desired;
  /** bondify's .netdev for this bond is on disk (it was applied). */
  installed: boolean;
  /** The configured slaves whose network device exists in the kernel. */
  presentSlaves: string[];
}

/** Why re-applying would fix the kernel's state; empty when nothing is for heal to do. */
export function healReasons(f: HealFacts): string[] {
  const d = f.desired;
  if (!f.installed) return [];
  const s = f.state;
  if (s === null) return [`${d.bond} is missing while bondify's files are installed`];
  const out: string[] = [];
  if (s.mode !== d.mode) out.push(`${d.bond}.mode: desired ${d.mode}, current ${s.mode}`);
  if (s.failOverMac !== null && s.failOverMac !== d.failOverMac) out.push(`${d.bond}.failOverMac: desired ${d.failOverMac}, current ${s.failOverMac}`);
  const enslaved = new Set(s.slaves.map((x) => x.name));
  const loose = d.slaves.filter((n) => f.presentSlaves.includes(n) && !enslaved.has(n));
  for (const n of loose) out.push(`${n} exists but is not enslaved to ${d.bond}`);
  // A primary that is not enslaved is already named above; one that is enslaved but not primary is a setting.
  if (enslaved.has(d.primary) && s.primary !== null && s.primary !== d.primary) out.push(`${d.bond}.primary: desired ${d.primary}, current ${s.primary}`);
  if (enslaved.has(d.primary) && s.primary === null && s.mode === d.mode) out.push(`${d.bond}.primary: desired ${d.primary}, current none`);
  return out;
}
