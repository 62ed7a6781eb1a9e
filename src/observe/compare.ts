// The one desired-vs-actual comparison, pure: what the config wants (Desired) against what the kernel shows
// (BondState), as typed mismatches under bondify.ini's own key names. Apply's verify, `check` and `check --heal`
// all judge by it: `bond0.primary: desired eth0, current wlan0`.
import type * as Keys from '../config/keys.js';
import type { Desired } from './desired.js';
import type { BondState } from './types.js';

type BondKey = (typeof Keys.BOND_KEYS)[number];

// In the order problems are listed; `mode` has no key in the file (bondify always makes active-backup).
// `satisfies` makes a key bondify.ini does not spell this way a compile error.
const COMPARED = [
  'mode',
  'primary',
  'slaves',
  'miimon',
  'updelay',
  'downdelay',
  'fail_over_mac',
  'primary_reselect',
  'arp_interval',
  'arp_ip_targets',
  'arp_validate',
  'arp_all_targets',
  'arp_missed_max',
] as const satisfies ReadonlyArray<BondKey | 'mode'>;

/** A compared key; `name` stands for the bond itself when it does not exist. */
export type CompareKey = (typeof COMPARED)[number] | 'name';

/**
 * What sort of difference, which decides who can repair it:
 * - absent: the bond does not exist; applying the installed files creates it.
 * - link: the link was made another way (mode, fail_over_mac); apply recreates the bond when it sees one.
 * - membership: which links are enslaved, which is primary; networkd sets them when it re-reads the files.
 * - setting: a timer or ARP value; networkd sets it when it creates the link, and a re-apply of unchanged files
 *   does not recreate it (networkd before 257 never re-applies a .netdev to an existing link).
 */
export type MismatchKind = 'absent' | 'link' | 'membership' | 'setting';

export interface Mismatch {
  key: CompareKey;
  /** As printed: `active-backup`, `100ms`, `eth0, wlan0`, `none`. */
  desired: string;
  actual: string;
  kind: MismatchKind;
  /**
   * Re-applying the installed configuration repairs it (what `check --heal` acts on). Never a physical fault: a
   * configured slave whose device does not exist is not enslaved by any re-apply.
   */
  repairable: boolean;
  /** `bond0.mode: desired active-backup, current balance-rr`. */
  text: string;
}

type Value = string | number | null | readonly string[];

const show = (v: Value, unit: string): string =>
  Array.isArray(v) ? (v.length > 0 ? v.join(', ') : 'none') : v === null ? 'none' : `${String(v)}${typeof v === 'number' ? unit : ''}`;

type Scalar = Exclude<(typeof COMPARED)[number], 'slaves'>;

/** Each compared value, desired then actual, with its unit and kind. */
function scalars(d: Desired, a: BondState): Record<Scalar, [want: Value, have: Value, unit: string, kind: MismatchKind]> {
  return {
    mode: [d.mode, a.mode, '', 'link'],
    primary: [d.primary, a.primary, '', 'membership'],
    miimon: [d.miimonMs, a.miimonMs, 'ms', 'setting'],
    updelay: [d.updelayMs, a.updelayMs, 'ms', 'setting'],
    downdelay: [d.downdelayMs, a.downdelayMs, 'ms', 'setting'],
    fail_over_mac: [d.failOverMac, a.failOverMac, '', 'link'],
    primary_reselect: [d.primaryReselect, a.primaryReselect, '', 'setting'],
    arp_interval: [d.arpIntervalMs, a.arpIntervalMs, 'ms', 'setting'],
    arp_ip_targets: [d.arpIpTargets, a.arpIpTargets, '', 'setting'],
    arp_validate: [d.arpValidate ?? null, a.arpValidate, '', 'setting'],
    arp_all_targets: [d.arpAllTargets ?? null, a.arpAllTargets, '', 'setting'],
    arp_missed_max: [d.arpMissedMax ?? null, a.arpMissedMax, '', 'setting'],
  };
}

/** The slaves as a set: configured ones not enslaved, enslaved ones the config does not name. */
function slaves(d: Desired, a: BondState, present: readonly string[] | undefined): Mismatch | null {
  const current = a.slaves.map((s) => s.name);
  const missing = d.slaves.filter((s) => !current.includes(s));
  const extra = current.filter((s) => !d.slaves.includes(s));
  if (missing.length === 0 && extra.length === 0) return null;
  const why = [
    ...(missing.length > 0 ? [`${missing.join(', ')} not enslaved`] : []),
    ...(extra.length > 0 ? [`${extra.join(', ')} not in the config`] : []),
  ].join('; ');
  const [w, h] = [show(d.slaves, ''), show(current, '')];
  // Only a configured link that exists and is loose is networkd's to enslave again; an extra slave comes from
  // someone else's file, which a re-apply leaves alone.
  const repairable = present !== undefined && missing.some((s) => present.includes(s));
  return {
    key: 'slaves',
    desired: w,
    actual: h,
    kind: 'membership',
    repairable,
    text: `${a.bond}.slaves: desired ${w}, current ${h} (${why})`,
  };
}

/**
 * Every way the kernel's bond differs from the config; [] when it matches. `present`: the configured slaves whose
 * network device exists (decides whether a loose slave is repairable); left out, no slave counts as repairable.
 */
export function compare(d: Desired, a: BondState | null, present?: readonly string[]): Mismatch[] {
  if (a === null) {
    return [
      {
        key: 'name',
        desired: 'present',
        actual: 'absent',
        kind: 'absent',
        repairable: true,
        text: `${d.bond}: desired present, current absent`,
      },
    ];
  }
  const values = scalars(d, a);
  const out: Mismatch[] = [];
  for (const key of COMPARED) {
    if (key === 'slaves') {
      const m = slaves(d, a, present);
      if (m) out.push(m);
      continue;
    }
    const [want, have, unit, kind] = values[key];
    // null on the actual side: the kernel did not say (an old kernel, a saved file, a mode without it). Not so
    // for the primary ("None" is the kernel saying it has none) nor for arp_interval (printed only when it is on).
    if (have === null && key !== 'primary' && key !== 'arp_interval') continue;
    // The config leaves these to the kernel's default: nothing to judge.
    if (want === null && (key === 'arp_validate' || key === 'arp_all_targets' || key === 'arp_missed_max')) continue;
    // Without a primary the kernel has no reselect policy to show.
    if (key === 'primary_reselect' && a.primary === null) continue;
    const [w, h] = [show(want, unit), show(have, unit)];
    if (w === h) continue;
    // A primary that is not enslaved is the slaves mismatch's to repair (or a device that is gone).
    const repairable = kind === 'link' || (key === 'primary' && a.slaves.some((s) => s.name === d.primary));
    out.push({ key, desired: w, actual: h, kind, repairable, text: `${a.bond}.${key}: desired ${w}, current ${h}` });
  }
  return out;
}
