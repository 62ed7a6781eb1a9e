// Value parsers for /proc/net/bonding lines: each returns null for "None", "Unknown", empty or malformed values.
import type { FailOverMac, PrimaryReselect } from '../model/bond.js';
import type { SlaveMii } from './types.js';

const NONE = new Set(['', 'none', 'unknown', 'n/a']);

export function text(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return NONE.has(t.toLowerCase()) ? null : t;
}

export function int(v: string | undefined): number | null {
  const t = text(v);
  return t !== null && /^\d+$/.test(t) ? Number(t) : null;
}

/** "1000 Mbps" → 1000. Old kernels printed -1, 0 or 65535 for an unknown speed. */
export function speed(v: string | undefined): number | null {
  const m = /^(\d+)\s*Mbps$/i.exec(text(v) ?? '');
  const n = m ? Number(m[1]) : null;
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
  const t = text(v)?.toLowerCase().replace(/\s+/g, ' ');
  return t === 'up' || t === 'down' || t === 'going down' || t === 'going back' ? t : null;
}

export function mac(v: string | undefined): string | null {
  const t = text(v)?.toLowerCase() ?? '';
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5,19}$/.test(t) ? t : null;
}

export function primaryReselect(v: string | undefined): PrimaryReselect | null {
  const t = text(v)?.toLowerCase().split(/\s+/)[0];
  return t === 'always' || t === 'better' || t === 'failure' ? t : null;
}

export function failOverMac(v: string | undefined): FailOverMac | null {
  const t = v?.trim().toLowerCase().split(/\s+/)[0];
  return t === 'none' || t === 'active' || t === 'follow' ? t : null;
}

/** The first word of a sysfs setting ("active 1" → "active"); null when absent or not a plain word. */
export function word(v: string | undefined): string | null {
  const t = v?.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return /^[a-z_]{1,20}$/.test(t) ? t : null;
}

/** "ARP IP target/s (n.n.n.n form): 10.0.0.1, 10.0.0.2" (proc) or "10.0.0.1 10.0.0.2" (sysfs). */
export function ipList(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s));
}
