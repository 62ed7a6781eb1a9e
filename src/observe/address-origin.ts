// `bondify status`: the bond's addresses and where each came from, from `ip -j addr` (dynamic = given by a
// server with a lifetime: DHCP for IPv4, a router advertisement for IPv6; a /128 from DHCPv6), and the time left.
import { forTerminal } from '../terminal-text.js';

export interface AddressRow {
  address: string;
  prefixLen: number;
  origin: 'static' | 'DHCP' | 'SLAAC' | 'DHCPv6';
  /** Seconds of validity left (the DHCP lease's remaining time, an RA address's valid lifetime); null: forever. */
  validS: number | null;
}

interface IpAddrInfo {
  family?: string;
  local?: string;
  prefixlen?: number;
  scope?: string;
  dynamic?: boolean;
  valid_life_time?: number;
}

const FOREVER = 4294967295;

/**
 * Global addresses of the first link in `ip -j addr show dev X` output; [] for anything else. Dynamic = ip's flag or
 * a finite lifetime (iproute2 6.1's JSON showed no flag in the lab), or the address of networkd's lease (`lease`:
 * with KeepConfiguration=dhcp networkd adds it without a lifetime; its remaining time then comes from the lease).
 */
/** What the config says of the bond's addresses: its static ones (no prefix length) and the families' modes. */
export interface ConfiguredAddressing {
  statics: string[];
  ipv4: 'static' | 'dhcp' | 'off';
  ipv6: 'static' | 'ra' | 'off' | null;
}

export function addressRows(
  ipJson: string,
  lease: { address: string; remainingS: number | null } | null = null,
  config: ConfiguredAddressing | null = null,
): AddressRow[] {
  let links: unknown;
  try {
    links = JSON.parse(ipJson);
  } catch {
    return [];
  }
  const first = Array.isArray(links) ? (links[0] as { addr_info?: IpAddrInfo[] } | undefined) : undefined;
  const rows: AddressRow[] = [];
  for (const a of first?.addr_info ?? []) {
    if (a.scope !== 'global' || typeof a.local !== 'string' || typeof a.prefixlen !== 'number') continue;
    const v6 = a.family === 'inet6';
    const life = typeof a.valid_life_time === 'number' && a.valid_life_time !== FOREVER ? a.valid_life_time : null;
    const leased = !v6 && lease !== null && lease.address === a.local;
    // An RA with infinite lifetimes gives a SLAAC address ip shows like a static one (the lab's dnsmasq did): one the
    // config does not list, on a family it leaves to the router, came from the router.
    const fromRouter = config !== null && !config.statics.includes(a.local) && (v6 ? config.ipv6 === 'ra' : config.ipv4 === 'dhcp');
    const dynamic = a.dynamic === true || life !== null || leased || fromRouter;
    const origin = !dynamic ? 'static' : !v6 ? 'DHCP' : a.prefixlen === 128 ? 'DHCPv6' : 'SLAAC';
    rows.push({ address: a.local, prefixLen: a.prefixlen, origin, validS: leased ? (lease?.remainingS ?? life) : life });
  }
  return rows;
}

const left = (s: number): string => (s < 120 ? `${s} s` : s < 7200 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h`);

/** "  addresses: 192.168.1.153/24 (DHCP, lease 1 min left), fd00:1::5/64 (SLAAC)" or a line saying there is none. */
export function formatAddresses(rows: AddressRow[]): string {
  if (rows.length === 0) return '  addresses: none\n';
  const shown = rows.map((r) => {
    const what = r.origin === 'DHCP' && r.validS !== null ? `DHCP, lease ${left(r.validS)} left` : r.origin;
    return `${forTerminal(r.address)}/${r.prefixLen} (${what})`;
  });
  return `  addresses: ${shown.join(', ')}\n`;
}
