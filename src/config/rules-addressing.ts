// How each family gets its addresses (ipv4 = static|dhcp|off, ipv6 = static|ra|off) in [network] and
// [slave.<if>]: the defaults, and the rules that tie the modes to address and gateway.
import type { Addressing, Ipv4Mode, Ipv6Mode } from '../model/bond.js';
import type { ConfigContext } from './context.js';
import type { ParsedCidr, ParsedIp } from './ip.js';

export interface Modes {
  ipv4: Ipv4Mode;
  ipv6: Ipv6Mode | null;
}

interface ModeKeys {
  address?: ParsedCidr[] | undefined;
  ipv4?: Ipv4Mode | undefined;
  ipv6?: Ipv6Mode | undefined;
}

const V4_EXAMPLE = 'address = 192.168.1.252/24';
const V6_EXAMPLE = 'address = fd00::252/64';

/**
 * The modes with their defaults: ipv4 is static when address holds an IPv4 address, else off; ipv6 is static when it
 * holds an IPv6 address, else null (not written, networkd's default), so a config without the keys renders as before.
 */
export function resolveModes(ctx: ConfigContext, section: string, keys: ModeKeys): Modes {
  const addresses = keys.address ?? [];
  const v4 = addresses.filter((a) => a.family === 4);
  const v6 = addresses.filter((a) => a.family === 6);
  const ipv4 = keys.ipv4 ?? (v4.length > 0 ? 'static' : 'off');
  const ipv6 = keys.ipv6 ?? (v6.length > 0 ? 'static' : null);
  const [first4] = v4;
  const [first6] = v6;
  if (ipv4 === 'dhcp' && first4 !== undefined)
    ctx.fail(
      section,
      'ipv4',
      `ipv4 = dhcp, but address also holds the static IPv4 address ${first4.text}: the link would carry both, and which one others use is left to chance`,
      'remove the IPv4 address from address (the DHCP server gives one), or set ipv4 = static to keep it',
      'dhcp',
    );
  if (ipv4 === 'static' && first4 === undefined)
    ctx.fail(
      section,
      'ipv4',
      'ipv4 = static, but address holds no IPv4 address',
      `add one, e.g. ${V4_EXAMPLE}, or set ipv4 = dhcp to take it from the router`,
      'static',
    );
  if (ipv4 === 'off' && first4 !== undefined)
    ctx.fail(
      section,
      'ipv4',
      `ipv4 = off, but address holds the IPv4 address ${first4.text}`,
      'remove the IPv4 address from address, or set ipv4 = static',
      'off',
    );
  if (ipv6 === 'static' && first6 === undefined)
    ctx.fail(
      section,
      'ipv6',
      'ipv6 = static, but address holds no IPv6 address',
      `add one, e.g. ${V6_EXAMPLE}, or set ipv6 = ra to take addresses from router advertisements (SLAAC)`,
      'static',
    );
  if (ipv6 === 'off' && first6 !== undefined)
    ctx.fail(
      section,
      'ipv6',
      `ipv6 = off, but address holds the IPv6 address ${first6.text}`,
      'remove the IPv6 address from address, or set ipv6 = static (or ra)',
      'off',
    );
  return { ipv4, ipv6 };
}

/** True when the section gives the link no address at all: none written, no DHCPv4, no router advertisements. */
export const addressless = (addresses: readonly unknown[], m: Modes): boolean =>
  addresses.length === 0 && m.ipv4 !== 'dhcp' && m.ipv6 !== 'ra';

/** A gateway of a family whose route the network hands out (DHCPv4, RAs) or that the link does not have. */
export function checkGatewayFamily(ctx: ConfigContext, section: string, gateway: ParsedIp | null, addresses: ParsedCidr[], m: Modes): void {
  if (gateway === null) return;
  const fail = (why: string, fix: string): never => ctx.fail(section, 'gateway', `gateway ${gateway.text} ${why}`, fix, gateway.text);
  if (gateway.family === 4 && m.ipv4 === 'dhcp')
    fail(
      'is IPv4, and ipv4 = dhcp: the DHCP server gives the default route with the lease',
      'remove gateway (the server sends the router), or set ipv4 = static with a static IPv4 address',
    );
  if (gateway.family === 4 && m.ipv4 === 'off')
    fail(
      'is IPv4, but ipv4 = off: this link has no IPv4 address to reach it from',
      `add an IPv4 address (${V4_EXAMPLE}), or remove gateway`,
    );
  // With static addresses of the other family, checkGateway says why (outside every subnet, link-local).
  if (gateway.family === 6 && m.ipv6 !== 'ra' && addresses.length === 0)
    fail(
      `is IPv6, but this link has no IPv6 address (ipv6 = ${m.ipv6 ?? 'not set'})`,
      `add an IPv6 address (${V6_EXAMPLE}), set ipv6 = ra, or use an IPv4 gateway`,
    );
}

/** The model's value of a section's addressing, canonical. */
export function addressingOf(addresses: ParsedCidr[], gateway: ParsedIp | null, dns: ParsedIp[], m: Modes): Addressing {
  return {
    addresses: addresses.map((a) => a.canonical),
    gateway: gateway?.canonical ?? null,
    dns: dns.map((d) => d.canonical),
    ipv4: m.ipv4,
    ipv6: m.ipv6,
  };
}
