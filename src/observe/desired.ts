// What the config wants the kernel to show (compare.ts holds it against the kernel's state). Plain data, so check
// can cache it in its state file and judge without loading zod.
import type { BondModel } from '../model/bond.js';
import { expectedSettings, type KernelSettings } from '../model/bond-settings.js';
import type { BondState } from './types.js';

/** The settings in the kernel's own type (model/bond-settings.ts KernelSettings); null there: not judged. */
export interface Desired extends KernelSettings {
  bond: string;
  mode: BondState['mode'];
  primary: string;
  slaves: string[];
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
    ...expectedSettings(m),
    gateway: m.network.gateway,
    slaveMacs: Object.fromEntries(m.slaves.flatMap((s) => (s.permanentMac === null ? [] : [[s.name, s.permanentMac]]))),
    powerSave: Object.fromEntries(m.slaves.flatMap((s) => (s.wireless && s.powerSave !== 'keep' ? [[s.name, s.powerSave]] : []))),
    ipv4: m.network.ipv4,
    ipv6: m.network.ipv6,
  };
}
