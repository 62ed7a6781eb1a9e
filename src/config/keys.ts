// The sections and keys bondify.ini may contain, and "did you mean" suggestions for the ones it may not.

import { BOND_SETTINGS, type SettingKey } from '../model/bond-settings.js';

// The bond's identity and members, then one key per row of the settings table.
export const BOND_KEYS: ReadonlyArray<'name' | 'slaves' | 'primary' | SettingKey> = [
  'name',
  'slaves',
  'primary',
  ...BOND_SETTINGS.map((r) => r.ini),
];
export const NETWORK_KEYS = ['address', 'gateway', 'dns', 'ipv4', 'ipv6', 'dhcp_identity', 'dhcp_iaid'] as const;
export const SLAVE_KEYS = ['address', 'gateway', 'dns', 'ipv4', 'ipv6', 'wireless', 'power_save', 'mac'] as const;

export const SLAVE_PREFIX = 'slave.';

export function keysOf(section: string): readonly string[] | null {
  if (section === 'bond') return BOND_KEYS;
  if (section === 'network') return NETWORK_KEYS;
  if (section.startsWith(SLAVE_PREFIX)) return SLAVE_KEYS;
  return null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest candidate when it is close enough to be a typo (or a different spelling of the same word). */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: { c: string; d: number } | null = null;
  for (const c of candidates) {
    const d = norm(word) === norm(c) ? 0 : distance(word.toLowerCase(), c);
    if (best === null || d < best.d) best = { c, d };
  }
  if (best === null) return null;
  return best.d <= Math.max(2, Math.floor(best.c.length / 3)) ? best.c : null;
}

/** Where a key belongs when it was put in the wrong section, e.g. miimon under [network]. */
export function homeOf(key: string): string | null {
  if ((BOND_KEYS as readonly string[]).includes(key)) return 'bond';
  if ((NETWORK_KEYS as readonly string[]).includes(key)) return 'network';
  if (key === 'wireless' || key === 'power_save' || key === 'mac') return 'slave.<interface>';
  return null;
}
