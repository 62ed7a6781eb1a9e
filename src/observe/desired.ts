// What the config wants the kernel to show (compare.ts holds it against the kernel's state). Plain data, so check
// can cache it in its state file and judge without loading zod.
import type { BondModel } from '../model/bond.js';
import type { BondState } from './types.js';

export interface Desired {
  bond: string;
  mode: BondState['mode'];
  primary: string;
  slaves: string[];
  miimonMs: number | null;
  updelayMs: number;
  downdelayMs: number;
  failOverMac: BondState['failOverMac'];
  primaryReselect: BondState['primaryReselect'];
  arpIntervalMs: number | null;
  arpIpTargets: string[];
  gateway: string | null;
}

export function desiredFromModel(m: BondModel): Desired {
  return {
    bond: m.name,
    mode: m.mode,
    primary: m.primary,
    slaves: m.slaves.map((s) => s.name),
    // With ARP monitoring the kernel shows miimon 0; the state reads 0 too, so compare like with like.
    miimonMs: m.miimonMs,
    updelayMs: m.updelayMs,
    downdelayMs: m.downdelayMs,
    failOverMac: m.failOverMac,
    primaryReselect: m.primaryReselect,
    arpIntervalMs: m.arpIntervalMs > 0 ? m.arpIntervalMs : null,
    arpIpTargets: [...m.arpIpTargets],
    gateway: m.network.gateway,
  };
}
