// Value parsers for /proc/net/bonding lines: each returns null for "None", "Unknown", empty or malformed values.
import type { FailOverMac, PrimaryReselect } from '../model/bond.js';
import { firstWord, isColonHex, isDigits, isDottedQuad, isLowerWord, isSpace, mbpsDigits, runsBetween, words } from '../text-scan.js';
import type { SlaveMii } from './types.js';

const NONE = new Set(['', 'none', 'unknown', 'n/a']);

export function text(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return NONE.has(t.toLowerCase()) ? null : t;
}

export function int(v: string | undefined): number | null {
  const t = text(v);
  return t !== null && isDigits(t) ? Number(t) : null;
}

/** "1000 Mbps" → 1000. Old kernels printed -1, 0 or 65535 for an unknown speed. */
export function speed(v: string | undefined): number | null {
  const digits = mbpsDigits(text(v) ?? '');
  const n = digits !== null ? Number(digits) : null;
  return n === null || n === 0 || n === 65535 || n >= 4294967295 ? null : n;
}

export function duplex(v: string | undefined): 'full' | 'half' | null {
  const t = text(v)?.toLowerCase();
  return t === 'full' || t === 'half' ? t : null;
}

export function bondMii(v: string | undefined): 'up' | 'down' | null {
  const t = text(v)?.toLowerCase();
  return t === 'up' || t === 'down' ? t : null;
}

export function slaveMii(v: string | undefined): SlaveMii | null {
  const w = text(v)?.toLowerCase();
  const t = w === undefined ? undefined : words(w).join(' ');
  return t === 'up' || t === 'down' || t === 'going down' || t === 'going back' ? t : null;
}

export function mac(v: string | undefined): string | null {
  const t = text(v)?.toLowerCase() ?? '';
  return isColonHex(t) ? t : null;
}

export function primaryReselect(v: string | undefined): PrimaryReselect | null {
  const w = text(v)?.toLowerCase();
  const t = w === undefined ? undefined : firstWord(w);
  return t === 'always' || t === 'better' || t === 'failure' ? t : null;
}

export function failOverMac(v: string | undefined): FailOverMac | null {
  const w = v?.trim().toLowerCase();
  const t = w === undefined ? undefined : firstWord(w);
  return t === 'none' || t === 'active' || t === 'follow' ? t : null;
}

/** The first word of a sysfs setting ("active 1" → "active"); null when absent or not a plain word. */
export function word(v: string | undefined): string | null {
  const t = firstWord(v?.trim() ?? '').toLowerCase();
  return isLowerWord(t) ? t : null;
}

/** "ARP IP target/s (n.n.n.n form): 10.0.0.1, 10.0.0.2" (proc) or "10.0.0.1 10.0.0.2" (sysfs). */
export function ipList(v: string | undefined): string[] {
  return runsBetween(v ?? '', (c) => isSpace(c) || c === 0x2c).filter(isDottedQuad);
}
