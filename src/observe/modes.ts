// The bonding modes: the long names /proc/net/bonding prints, mapped to the short names sysfs and iproute2 use.
import type { BondMode } from './types.js';

// Unchanged since 2.6 (bond_mode_name() in drivers/net/bonding/bond_main.c).
// A Map, not an object literal: the key comes from the kernel file, and "constructor" must not find Object.
const LONG_NAMES = new Map<string, BondMode>([
  ['load balancing (round-robin)', 'balance-rr'],
  ['fault-tolerance (active-backup)', 'active-backup'],
  ['load balancing (xor)', 'balance-xor'],
  ['fault-tolerance (broadcast)', 'broadcast'],
  ['ieee 802.3ad dynamic link aggregation', '802.3ad'],
  ['transmit load balancing', 'balance-tlb'],
  ['adaptive load balancing', 'balance-alb'],
]);

export const BOND_MODES: readonly BondMode[] = [...LONG_NAMES.values()];

/** "fault-tolerance (active-backup)", "active-backup" or sysfs's "active-backup 1" → "active-backup"; null if unknown. */
export function shortModeName(text: string): BondMode | null {
  const t = text.trim().toLowerCase();
  const long = LONG_NAMES.get(t);
  if (long) return long;
  const first = t.split(/\s+/)[0] ?? '';
  return (BOND_MODES as readonly string[]).includes(first) ? (first as BondMode) : null;
}

/** Modes with an active slave and a primary (bond_uses_primary()). */
export function usesPrimary(mode: BondMode): boolean {
  return mode === 'active-backup' || mode === 'balance-tlb' || mode === 'balance-alb';
}
