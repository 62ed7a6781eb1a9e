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
  /** null: not set in the config, the kernel's default is not judged. Absent in a state cached by an older bondify. */
  arpValidate?: string | null;
  arpAllTargets?: string | null;
  arpMissedMax?: number | null;
  gateway: string | null;
  /** Slaves the config names by permanent MAC (absent in a cache written before there were any). */
  slaveMacs?: Record<string, string>;
  /** Wireless slaves whose power save bondify sets (power_save on/off, not keep). */
  powerSave?: Record<string, 'on' | 'off'>;
  /** The bond's address families ([network] ipv4/ipv6); absent in a cache written before they existed (= static). */
  ipv4?: 'static' | 'dhcp' | 'off';
  ipv6?: 'static' | 'ra' | 'off' | null;
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
    arpValidate: m.arpIntervalMs > 0 ? m.arpValidate : null,
    arpAllTargets: m.arpIntervalMs > 0 ? m.arpAllTargets : null,
    arpMissedMax: m.arpIntervalMs > 0 ? m.arpMissedMax : null,
    gateway: m.network.gateway,
    slaveMacs: Object.fromEntries(m.slaves.flatMap((s) => (s.permanentMac === null ? [] : [[s.name, s.permanentMac]]))),
    powerSave: Object.fromEntries(m.slaves.flatMap((s) => (s.wireless && s.powerSave !== 'keep' ? [[s.name, s.powerSave]] : []))),
    ipv4: m.network.ipv4,
    ipv6: m.network.ipv6,
  };
}
