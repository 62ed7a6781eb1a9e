// The one desired-vs-actual comparison, pure: what the config wants (Desired) against what the kernel shows
// (BondState), as typed mismatches under bondify.ini's own key names. Apply's verify, `check` and `check --heal`
// all judge by it: `bond0.primary: desired eth0, current wlan0`.
import { READ_SETTINGS, type ReadRow } from '../model/bond-settings.js';
import type { Desired } from './desired.js';
import type { BondState } from './types.js';

// In the order problems are listed: the bond's make and members, then the settings in the table's order. `mode`
// has no key in the file (bondify always makes active-backup).
export type CompareKey = 'name' | 'mode' | 'primary' | 'slaves' | ReadRow['ini'];

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

const same = (a: Value, b: Value): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

function mismatch(
  bond: string,
  key: CompareKey,
  want: Value,
  have: Value,
  unit: string,
  kind: MismatchKind,
  repairable: boolean,
): Mismatch {
  const [w, h] = [show(want, unit), show(have, unit)];
  return { key, desired: w, actual: h, kind, repairable, text: `${bond}.${key}: desired ${w}, current ${h}` };
}

/** One setting: null on either side is not judged (the config leaves it to the kernel, or the kernel did not say:
 * an old kernel, a saved file, a mode without it). */
function setting(row: ReadRow, d: Desired, a: BondState): Mismatch | null {
  // `?? null`: a field a cached Desired lacks is not judged either.
  const want: Value = d[row.field] ?? null;
  const have: Value = a[row.field];
  if (want === null || have === null || same(want, have)) return null;
  // Without a primary the kernel has no reselect policy to show.
  if (row.field === 'primaryReselect' && a.primary === null) return null;
  // A link mismatch (the link was made another way) is what a re-apply's recreate repairs.
  return mismatch(a.bond, row.ini, want, have, row.parse.kind === 'duration' ? 'ms' : '', row.kind, row.kind === 'link');
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
  const out: Mismatch[] = [];
  if (d.mode !== a.mode) out.push(mismatch(a.bond, 'mode', d.mode, a.mode, '', 'link', true));
  // "None" is the kernel saying it has no primary. One that is not enslaved is the slaves mismatch's to repair (or
  // a device that is gone).
  if (d.primary !== a.primary)
    out.push(
      mismatch(
        a.bond,
        'primary',
        d.primary,
        a.primary,
        '',
        'membership',
        a.slaves.some((s) => s.name === d.primary),
      ),
    );
  const loose = slaves(d, a, present);
  if (loose) out.push(loose);
  for (const row of READ_SETTINGS) {
    const m = setting(row, d, a);
    if (m) out.push(m);
  }
  return out;
}
