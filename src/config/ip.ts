// Strict IP and CIDR parsing with subnet math, for addresses that end up verbatim in networkd files.
import { isIPv6 } from 'node:net';

export interface ParsedIp {
  family: 4 | 6;
  /** The address as an integer (32 or 128 bits). */
  value: bigint;
  /** As written in the config (for messages). */
  text: string;
  /** One spelling per address (RFC 5952 for IPv6, as `ip` prints it): what files and comparisons use. */
  canonical: string;
}

export interface ParsedCidr extends ParsedIp {
  prefix: number;
}

const V4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_OCTET.test(p))) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseV6(text: string): bigint | null {
  // Zone ids (fe80::1%eth0) mean nothing in a .network Address= and would carry an interface name along.
  if (!isIPv6(text) || text.includes('%')) return null;
  let t = text;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4Tail?.[1] !== undefined) {
    const v4 = parseV4(v4Tail[1]);
    if (v4 === null) return null;
    t = t.slice(0, -v4Tail[1].length) + ((v4 >> 16n) & 0xffffn).toString(16) + ':' + (v4 & 0xffffn).toString(16);
  }
  const [head = '', tail] = t.split('::');
  const h = head === '' ? [] : head.split(':');
  const tl = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - h.length - tl.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...tl];
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function v4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 0xffn).toString()).join('.');
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first of equals) as ::. */
function v6Text(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // IPv4-mapped addresses are printed with their IPv4 tail, as inet_ntop does.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${v4Text(v & 0xffffffffn)}`;
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let len = 0;
    while (i + len < 8 && groups[i + len] === 0) len++;
    if (len > best.len) best = { at: i, len };
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best.at < 0) return hex(groups);
  return `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.len))}`;
}

export function parseIp(text: string): ParsedIp | null {
  const v4 = parseV4(text);
  if (v4 !== null) return { family: 4, value: v4, text, canonical: v4Text(v4) };
  const v6 = parseV6(text);
  if (v6 !== null) return { family: 6, value: v6, text, canonical: v6Text(v6) };
  return null;
}

/** "FD00:0::9/64" → "fd00::9/64" (as `ip` prints it); text that is not address/prefix comes back unchanged. */
export function canonicalCidr(text: string): string {
  const slash = text.lastIndexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  return ip === null ? text : ip.canonical + (slash < 0 ? '' : text.slice(slash));
}

const inRange = (ip: ParsedIp, base: bigint, prefix: number): boolean => {
  const shift = BigInt((ip.family === 4 ? 32 : 128) - prefix);
  return ip.value >> shift === base >> shift;
};

/** Why an address cannot be a unicast host's (a link's address, a gateway, an ARP target), or null. */
export function unicastProblem(ip: ParsedIp): string | null {
  if (ip.family === 4) {
    if (ip.value === 0xffffffffn) return 'is the limited broadcast address, not a host';
    if (inRange(ip, 0n, 8))
      return `is in 0.0.0.0/8 ("this network", RFC 1122), not a host address${ip.value === 0n ? '; networkd reads 0.0.0.0 as "pick an address from a pool"' : ''}`;
    if (inRange(ip, 0x7f000000n, 8)) return 'is a loopback address (127.0.0.0/8), which only lo carries';
    if (inRange(ip, 0xe0000000n, 4)) return 'is a multicast address (224.0.0.0/4), not a host address';
    return null;
  }
  if (ip.value === 0n) return 'is the unspecified address ::, not a host address; networkd reads it as "pick an address from a pool"';
  if (ip.value === 1n) return 'is the loopback address ::1, which only lo carries';
  if (inRange(ip, 0xffn << 120n, 8)) return 'is a multicast address (ff00::/8), not a host address';
  return null;
}

/** True for fe80::/10, which networkd reaches on the link itself whatever the link's prefixes. */
export function isLinkLocal6(ip: ParsedIp): boolean {
  return ip.family === 6 && inRange(ip, 0xfe80n << 112n, 10);
}

/** IPv4 network or broadcast address of cidr's subnet ('network' | 'broadcast'), null otherwise or for /31, /32. */
export function subnetEdge(ip: ParsedIp, cidr: ParsedCidr): 'network' | 'broadcast' | null {
  if (ip.family !== 4 || cidr.family !== 4 || cidr.prefix > 30 || !inSubnet(ip, cidr)) return null;
  const hostBits = BigInt(32 - cidr.prefix);
  const hostPart = ip.value & ((1n << hostBits) - 1n);
  if (hostPart === 0n) return 'network';
  return hostPart === (1n << hostBits) - 1n ? 'broadcast' : null;
}

export type CidrProblem = 'syntax' | 'address' | 'prefix' | 'network' | 'broadcast' | { host: string };

export function parseCidr(text: string): ParsedCidr | CidrProblem {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m?.[1] || !m[2]) return 'syntax';
  const ip = parseIp(m[1]);
  if (!ip) return 'address';
  const prefix = Number(m[2]);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix < 1 || prefix > bits || (m[2].length > 1 && m[2].startsWith('0'))) return 'prefix';
  const host = unicastProblem(ip);
  if (host !== null) return { host };
  const cidr = { ...ip, text, prefix, canonical: `${ip.canonical}/${prefix}` };
  // The network (or IPv4 broadcast) address of its own subnet; /31 and /32 have neither (RFC 3021).
  return subnetEdge(ip, cidr) ?? cidr;
}

/** True when ip lies inside cidr's subnet (same family). */
export function inSubnet(ip: ParsedIp, cidr: ParsedCidr): boolean {
  if (ip.family !== cidr.family) return false;
  const bits = BigInt(cidr.family === 4 ? 32 : 128);
  const shift = bits - BigInt(cidr.prefix);
  return ip.value >> shift === cidr.value >> shift;
}

/** The subnet in CIDR notation, for messages ("192.168.1.0/24"). */
export function subnetOf(cidr: ParsedCidr): string {
  const bits = cidr.family === 4 ? 32 : 128;
  const shift = BigInt(bits - cidr.prefix);
  const net = (cidr.value >> shift) << shift;
  return `${cidr.family === 4 ? v4Text(net) : v6Text(net)}/${cidr.prefix}`;
}
