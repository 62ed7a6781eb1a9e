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
  /** Slaves the config names by permanent MAC (absent in a cache written before there were any). */
  slaveMacs?: Record<string, string>;
  /** Wireless slaves whose power save bondify sets (power_save on/off, not keep). */
  powerSave?: Record<string, 'on' | 'off'>;
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
    slaveMacs: Object.fromEntries(m.slaves.flatMap((s) => (s.permanentMac === null ? [] : [[s.name, s.permanentMac]]))),
    powerSave: Object.fromEntries(m.slaves.flatMap((s) => (s.wireless && s.powerSave !== 'keep' ? [[s.name, s.powerSave]] : []))),
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

type Value = string | number | null | string[];

const show = (v: Value, unit = ''): string =>
  Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v === null ? 'none' : `${v}${typeof v === 'number' ? unit : ''}`;

/** Each compared fact under the name bondify.ini gives it (`updelay`, not the model's `updelayMs`). */
function pairs(state: BondState, d: Desired): Array<[key: string, want: Value, have: Value, unit: string]> {
  return [
    ['mode', d.mode, state.mode, ''],
    ['primary', d.primary, state.primary, ''],
    ['miimon', d.miimonMs, state.miimonMs, 'ms'],
    ['updelay', d.updelayMs, state.updelayMs, 'ms'],
    ['downdelay', d.downdelayMs, state.downdelayMs, 'ms'],
    ['fail_over_mac', d.failOverMac, state.failOverMac, ''],
    ['primary_reselect', d.primaryReselect, state.primaryReselect, ''],
    ['arp_interval', d.arpIntervalMs, state.arpIntervalMs, 'ms'],
    ['arp_ip_targets', d.arpIpTargets, state.arpIpTargets, ''],
  ];
}

/** The slaves as a set: which configured ones are not enslaved, which enslaved ones the config does not name. */
function slaveMismatch(state: BondState, d: Desired): Mismatch | null {
  const current = state.slaves.map((s) => s.name);
  const missing = d.slaves.filter((s) => !current.includes(s));
  const extra = current.filter((s) => !d.slaves.includes(s));
  if (missing.length === 0 && extra.length === 0) return null;
  const why = [
    ...(missing.length ? [`${missing.join(', ')} not enslaved`] : []),
    ...(extra.length ? [`${extra.join(', ')} not in the config`] : []),
  ].join('; ');
  const [w, h] = [show(d.slaves), show(current)];
  return { key: 'slaves', desired: w, current: h, critical: false, text: `${state.bond}.slaves: desired ${w}, current ${h} (${why})` };
}

export function compareDesired(state: BondState, d: Desired): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [key, want, have, unit] of pairs(state, d)) {
    // null on the current side means the kernel did not say (an old kernel, a saved file): not a mismatch.
    if (have === null && key !== 'primary') continue;
    // A primary that is down is dropped by the kernel only in old versions; "None" is a real mismatch.
    if (key === 'primary_reselect' && state.primary === null) continue;
    const [w, h] = [show(want, unit), show(have, unit)];
    if (w === h) continue;
    out.push({ key, desired: w, current: h, critical: key === 'mode', text: `${state.bond}.${key}: desired ${w}, current ${h}` });
  }
  const slaves = slaveMismatch(state, d);
  // In the config's order: mode and primary first, then the slaves.
  if (slaves) out.splice(out.filter((m) => m.key === 'mode' || m.key === 'primary').length, 0, slaves);
  return out;
}
