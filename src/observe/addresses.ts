// The bond's dynamic addresses and where each came from, from files only (check's cold path runs no process):
// networkd's DHCPv4 lease (/run/systemd/netif/leases/<ifindex>) and the kernel's IPv6 list (/proc/net/if_inet6).
import type { Host } from '../system/host.js';
import { readKernelFile, kernelFileMtimeMs } from '../system/kernel-read.js';

export interface LeaseFacts {
  address: string;
  /** The lease's length as the server gave it (s); null when the file does not say. */
  lifetimeS: number | null;
  /** What is left of it now (s), from the file's time (networkd rewrites it at each acquire and renew). */
  remainingS: number | null;
  server: string | null;
}

export interface Ipv6Fact {
  address: string;
  prefixLen: number;
  /** static: the kernel's PERMANENT flag (an Address= line); ra: with lifetimes, from a router advertisement. */
  origin: 'static' | 'ra';
}

export interface AddressFacts {
  lease: LeaseFacts | null;
  ipv6: Ipv6Fact[];
}

/** networkd's lease file: KEY=value lines ("This is private data. Do not parse." — only the stable keys are read). */
export function parseLease(text: string): Omit<LeaseFacts, 'remainingS'> | null {
  const v: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0 && !line.startsWith('#')) v[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  const address = v.ADDRESS;
  if (address === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return null;
  const lifetime = v.LIFETIME !== undefined && /^\d+$/.test(v.LIFETIME) ? Number(v.LIFETIME) : null;
  return { address, lifetimeS: lifetime, server: v.SERVER_ADDRESS ?? null };
}

const IFA_F_PERMANENT = 0x80;

/** Global IPv6 addresses of `ifname` in /proc/net/if_inet6 ("addr32hex ifindex plen scope flags name"). */
export function parseIfInet6(text: string, ifname: string): Ipv6Fact[] {
  const out: Ipv6Fact[] = [];
  for (const line of text.split('\n')) {
    const [hex, , plen, scope, flags, name] = line.trim().split(/\s+/);
    if (name !== ifname || scope !== '00' || hex === undefined || plen === undefined || flags === undefined) continue;
    if (!/^[0-9a-f]{32}$/.test(hex)) continue;
    const groups = (hex.match(/.{4}/g) ?? []).map((g) => g.replace(/^0+(?=.)/, ''));
    out.push({
      address: compressIpv6(groups),
      prefixLen: parseInt(plen, 16),
      origin: parseInt(flags, 16) & IFA_F_PERMANENT ? 'static' : 'ra',
    });
  }
  return out;
}

/** RFC 5952 text: the longest run of two or more zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > len && j - i >= 2) [best, len] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + len).join(':')}`;
}

/** The bond's lease and IPv6 addresses now; a missing bond or file reads as none. */
export function readAddressFacts(host: Host, bond: string): AddressFacts {
  const ifindex = readKernelFile(host.kernelRoot, `/sys/class/net/${bond}/ifindex`)?.trim() ?? null;
  let lease: LeaseFacts | null = null;
  if (ifindex !== null && /^\d+$/.test(ifindex)) {
    const p = `/run/systemd/netif/leases/${ifindex}`;
    const parsed = parseLease(readKernelFile(host.kernelRoot, p) ?? '');
    if (parsed !== null) {
      const mtime = kernelFileMtimeMs(host.kernelRoot, p);
      const age = mtime === null ? null : Math.max(0, Math.round((host.now().getTime() - mtime) / 1000));
      const remainingS = parsed.lifetimeS === null || age === null ? null : Math.max(0, parsed.lifetimeS - age);
      lease = { ...parsed, remainingS };
    }
  }
  return { lease, ipv6: parseIfInet6(readKernelFile(host.kernelRoot, '/proc/net/if_inet6') ?? '', bond) };
}

/**
 * The IAID of a link's DHCPv4 client, from its networkd lease (CLIENTID=ff<IAID, 4 bytes><DUID>, RFC 4361); null
 * without a lease or with another kind of client identifier (01<MAC>). init writes it as the bond's dhcp_iaid: with
 * the same DUID (the machine's) the bond is then the client the router gave the ethernet's address to.
 */
export function leaseIaid(host: Host, ifname: string): number | null {
  const ifindex = readKernelFile(host.kernelRoot, `/sys/class/net/${ifname}/ifindex`)?.trim() ?? '';
  if (!/^\d+$/.test(ifindex)) return null;
  const text = readKernelFile(host.kernelRoot, `/run/systemd/netif/leases/${ifindex}`) ?? '';
  const id = /^CLIENTID=ff([0-9a-f]{8})[0-9a-f]{4,}$/im.exec(text)?.[1];
  return id === undefined ? null : parseInt(id, 16);
}

/** What check remembers of the addresses, to say when they changed. */
export interface AddressMemory {
  v4: string | null;
  v6: string[];
}

export interface AddressReport {
  problems: Array<{ level: 'WARNING'; message: string }>;
  memory: AddressMemory;
  /** 1 when an address changed since the last run, 0 when not, null with nothing to compare. */
  changed: 0 | 1 | null;
}

function isMemory(v: unknown): v is AddressMemory {
  const m = v as Partial<AddressMemory> | null;
  return typeof m === 'object' && m !== null && (m.v4 === null || typeof m.v4 === 'string') && Array.isArray(m.v6);
}

/**
 * Judges the dynamic addresses against the config's families: no lease with ipv4 = dhcp, no RA address with
 * ipv6 = ra, and an address other than the last run's (a renew on the backup can bring another one: services
 * bound to the old address are never told). `prev` comes from the state file, so anything malformed is no memory.
 */
export function addressReport(
  bond: string,
  want: { ipv4?: string; ipv6?: string | null },
  facts: AddressFacts,
  prev: unknown,
): AddressReport {
  const problems: AddressReport['problems'] = [];
  // Every global IPv6 address counts: the lab (networkd 252, dnsmasq's RAs with infinite lifetimes) showed the
  // SLAAC address with the kernel's PERMANENT flag, like a static one.
  const ra = facts.ipv6.map((a) => a.address);
  const memory: AddressMemory = { v4: facts.lease?.address ?? null, v6: ra };
  if (want.ipv4 === 'dhcp' && facts.lease === null)
    problems.push({
      level: 'WARNING',
      message: `${bond} holds no DHCP lease (ipv4 = dhcp): no IPv4 address from the router; see 'networkctl status ${bond}'`,
    });
  if (want.ipv6 === 'ra' && ra.length === 0)
    problems.push({ level: 'WARNING', message: `${bond} has no IPv6 address from a router advertisement (ipv6 = ra)` });
  let changed: AddressReport['changed'] = null;
  if (isMemory(prev)) {
    const v4 = prev.v4 !== null && memory.v4 !== null && prev.v4 !== memory.v4;
    // SLAAC may add an address beside the old one; a change is an old one gone while another is there.
    const gone = memory.v6.length > 0 ? prev.v6.filter((a) => !memory.v6.includes(a)) : [];
    changed = v4 || gone.length > 0 ? 1 : 0;
    if (v4)
      problems.push({
        level: 'WARNING',
        message: `${bond}'s DHCP address changed since the last check: ${prev.v4} → ${memory.v4} (connections to ${prev.v4} are lost)`,
      });
    if (gone.length > 0)
      problems.push({
        level: 'WARNING',
        message: `${bond}'s IPv6 address changed since the last check: ${gone.join(', ')} → ${memory.v6.join(', ')}`,
      });
  }
  return { problems, memory, changed };
}
