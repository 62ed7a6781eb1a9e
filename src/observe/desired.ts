// What the config wants the kernel to show, and the desired-vs-current comparison
// (`bond0.primary: desired eth0, current none`). Plain data so check can cache it without zod.
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

export interface Mismatch {
  key: string;
  desired: string;
  current: string;
  /** The mode is CRITICAL; anything else the kernel shows differently is a WARNING. */
  critical: boolean;
  text: string;
}

const show = (v: string | number | null | string[]): string =>
  Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v === null ? 'none' : String(v);

export function compareDesired(state: BondState, d: Desired): Mismatch[] {
  const current = state.slaves.map((s) => s.name);
  const pairs: Array<[string, string | number | null | string[], string | number | null | string[]]> = [
    ['mode', d.mode, state.mode],
    ['primary', d.primary, state.primary],
    ['slaves', d.slaves, d.slaves.filter((s) => current.includes(s))],
    ['miimonMs', d.miimonMs, state.miimonMs],
    ['updelayMs', d.updelayMs, state.updelayMs],
    ['downdelayMs', d.downdelayMs, state.downdelayMs],
    ['failOverMac', d.failOverMac, state.failOverMac],
    ['primaryReselect', d.primaryReselect, state.primaryReselect],
    ['arpIntervalMs', d.arpIntervalMs, state.arpIntervalMs],
    ['arpIpTargets', d.arpIpTargets, state.arpIpTargets],
  ];
  const out: Mismatch[] = [];
  for (const [key, want, have] of pairs) {
    // null on the current side means the kernel did not say (an old kernel, a saved file): not a mismatch.
    if (have === null && key !== 'primary') continue;
    // A primary that is down is dropped by the kernel only in old versions; "None" is a real mismatch.
    if (key === 'primaryReselect' && state.primary === null) continue;
    const [w, h] = [show(want), show(have)];
    if (w === h) continue;
    const why = key === 'slaves' ? ' (fewer slaves than configured)' : '';
    out.push({ key, desired: w, current: h, critical: key === 'mode', text: `${state.bond}.${key}: desired ${w}, current ${h}${why}` });
  }
  return out;
}
