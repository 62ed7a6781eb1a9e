// Strict IP and CIDR parsing with subnet math, for addresses that end up verbatim in networkd files.
import { isIPv6 } from 'node:net';

export interface ParsedIp {
  family: 4 | 6;
  /** The address as an integer (32 or 128 bits). */
  value: bigint;
  text: string;
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

export function parseIp(text: string): ParsedIp | null {
  const v4 = parseV4(text);
  if (v4 !== null) return { family: 4, value: v4, text };
  const v6 = parseV6(text);
  if (v6 !== null) return { family: 6, value: v6, text };
  return null;
}

export type CidrProblem = 'syntax' | 'address' | 'prefix' | 'network' | 'broadcast';

export function parseCidr(text: string): ParsedCidr | CidrProblem {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m?.[1] || !m[2]) return 'syntax';
  const ip = parseIp(m[1]);
  if (!ip) return 'address';
  const prefix = Number(m[2]);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix < 1 || prefix > bits || (m[2].length > 1 && m[2].startsWith('0'))) return 'prefix';
  // A host address equal to the network (or the IPv4 broadcast) address is almost always a typo.
  const hostBits = BigInt(bits - prefix);
  const hostPart = ip.value & ((1n << hostBits) - 1n);
  if (ip.family === 4 && prefix <= 30 && hostPart === 0n) return 'network';
  if (ip.family === 4 && prefix <= 30 && hostPart === (1n << hostBits) - 1n) return 'broadcast';
  return { ...ip, text, prefix };
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
  if (cidr.family === 4) {
    return `${[24n, 16n, 8n, 0n].map((s) => ((net >> s) & 0xffn).toString()).join('.')}/${cidr.prefix}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((net >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${cidr.prefix}`;
}
