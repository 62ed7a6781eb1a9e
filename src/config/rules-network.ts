// Address rules for [network] (the bond) and each [slave.<if>] (that link's own standard-method settings).
// Addresses are compared by value and written in their canonical spelling, so fd00::9 and fd00:0::9 are one.
import type { BondModel, SlaveModel, StandardLink } from '../model/bond.js';
import type { ConfigContext } from './context.js';
import type { NetworkSection, SlaveSection } from './schema.js';
import { inSubnet, isLinkLocal6, subnetEdge, subnetOf, unicastProblem, type ParsedCidr, type ParsedIp } from './ip.js';
import { addressingOf, addressless, checkGatewayFamily, resolveModes, type Modes } from './rules-addressing.js';

function checkList(ctx: ConfigContext, section: string, key: string, items: ParsedIp[]): void {
  const seen = new Map<string, string>();
  for (const ip of items) {
    const first = seen.get(ip.canonical);
    if (first !== undefined)
      ctx.fail(
        section,
        key,
        `${ip.text} is listed twice${first === ip.text ? '' : ` (as ${first} and ${ip.text}, both ${ip.canonical})`}`,
        'list each address once',
      );
    seen.set(ip.canonical, ip.text);
  }
}

/** A DNS server can be a local resolver (127.0.0.53), but not "any", a broadcast or a multicast address. */
function checkDns(ctx: ConfigContext, section: string, dns: ParsedIp[]): void {
  for (const ip of dns) {
    const p = unicastProblem(ip);
    if (p !== null && !p.includes('loopback'))
      ctx.fail(
        section,
        'dns',
        `DNS server ${ip.text} ${p}`,
        'list the unicast addresses of DNS servers, e.g. dns = 192.168.1.1, 8.8.8.8',
        ip.text,
      );
  }
}

function checkGateway(
  ctx: ConfigContext,
  section: string,
  gateway: ParsedIp | null,
  addresses: ParsedCidr[],
  inherited: boolean,
  modes: Modes,
): void {
  if (gateway === null) return;
  const key = inherited ? 'address' : 'gateway';
  const from = inherited ? ' (taken from [network])' : '';
  const fail = (why: string, fix: string): never => ctx.fail(section, key, `gateway ${gateway.text}${from} ${why}`, fix, gateway.text);
  const host = unicastProblem(gateway);
  if (host !== null) fail(host, "set gateway to the router's unicast address on this link, or leave it empty for none");
  const own = addresses.find((a) => a.family === gateway.family && a.value === gateway.value);
  if (own)
    fail(
      `is this link's own address (${own.text}): the default route would point back at itself`,
      "set gateway to the router's address, not this device's",
    );
  // With ipv6 = ra the prefixes come from the router's advertisements: the gateway cannot be checked against them.
  if (gateway.family === 6 && modes.ipv6 === 'ra') return;
  // networkd reaches an IPv6 link-local gateway on the link itself (no prefix needed); it still needs an IPv6
  // address on the link to send from.
  if (isLinkLocal6(gateway)) {
    if (addresses.some((a) => a.family === 6)) return;
    fail(
      'is IPv6 link-local, but this link has no IPv6 address to reach it from',
      'add an IPv6 address (address = …, fd00::2/64), set ipv6 = ra, or use an IPv4 gateway',
    );
  }
  const home = addresses.find((a) => inSubnet(gateway, a));
  if (home === undefined) {
    const subnets = addresses.map(subnetOf).join(', ');
    return fail(
      `is outside every address's subnet (${subnets}), so networkd could not reach it`,
      inherited ? `add gateway = <an address in ${subnets}> to [${section}]` : `use a gateway inside ${subnets}, or fix the address prefix`,
    );
  }
  const edge = subnetEdge(gateway, home);
  if (edge !== null) fail(`is the ${edge} address of ${subnetOf(home)}, not a router`, `use the router's address inside ${subnetOf(home)}`);
}

export function checkAddressing(ctx: ConfigContext, network: NetworkSection, slaves: SlaveModel[]): BondModel['network'] {
  const addresses = network.address ?? [];
  const modes = resolveModes(ctx, 'network', network);
  if (addressless(addresses, modes))
    ctx.fail(
      'network',
      'address',
      `[network] gives the bond no address (address is empty, ipv4 = ${modes.ipv4}${modes.ipv6 === null ? '' : `, ipv6 = ${modes.ipv6}`}); the bond needs an address`,
      'write one, e.g. address = 192.168.1.252/24, or take it from the router: ipv4 = dhcp (and ipv6 = ra for IPv6)',
    );
  checkList(ctx, 'network', 'address', addresses);
  const gateway = network.gateway ?? null;
  checkGatewayFamily(ctx, 'network', gateway, addresses, modes);
  checkGateway(ctx, 'network', gateway, addresses, false, modes);
  const dns = network.dns ?? [];
  checkList(ctx, 'network', 'dns', dns);
  checkDns(ctx, 'network', dns);
  // Two links holding the same address in the standard method would answer ARP for it from two MACs.
  const owner = new Map<string, string>();
  for (const s of slaves) {
    for (const a of s.standard?.addresses ?? []) {
      const ip = a.split('/')[0] ?? a; // canonical already (standardOf), so one address has one spelling
      const prev = owner.get(ip);
      if (prev !== undefined)
        ctx.fail(
          `slave.${s.name}`,
          'address',
          `${ip} is also ${prev}'s standard address`,
          'give each link its own address for the standard method',
        );
      owner.set(ip, s.name);
    }
  }
  return addressingOf(addresses, gateway, dns, modes);
}

/**
 * A slave's own standard-method settings. gateway and dns default to [network]'s when the key is absent
 * (an empty value means none; a gateway of a family the link takes from DHCP or RAs is not inherited: the router
 * sends it); without an address, DHCP or RAs there is nothing to restore.
 */
export function standardOf(
  ctx: ConfigContext,
  name: string,
  section: SlaveSection | undefined,
  network?: NetworkSection,
): StandardLink | null {
  const sec = `slave.${name}`;
  if (section === undefined) return null;
  const addresses = section.address ?? [];
  const modes = resolveModes(ctx, sec, section);
  if (addressless(addresses, modes)) {
    for (const key of ['gateway', 'dns'] as const) {
      if (section[key] !== undefined)
        ctx.fail(sec, key, `[${sec}] sets ${key} but no address`, `add address = <cidr> (or ipv4 = dhcp) to [${sec}], or remove ${key}`);
    }
    return null;
  }
  checkList(ctx, sec, 'address', addresses);
  const inherited = section.gateway === undefined;
  const parent = network?.gateway ?? null;
  const dynamic = parent !== null && (parent.family === 4 ? modes.ipv4 === 'dhcp' : modes.ipv6 === 'ra');
  const gateway = inherited ? (dynamic ? null : parent) : (section.gateway ?? null);
  if (!inherited) checkGatewayFamily(ctx, sec, gateway, addresses, modes);
  checkGateway(ctx, sec, gateway, addresses, inherited, modes);
  const dns = section.dns ?? network?.dns ?? [];
  checkList(ctx, sec, 'dns', dns);
  checkDns(ctx, sec, dns);
  return addressingOf(addresses, gateway, dns, modes);
}
