// Address rules for [network] (the bond) and each [slave.<if>] (that link's own standard-method settings).
import type { BondModel, SlaveModel, StandardLink } from '../model/bond.js';
import type { ConfigContext } from './context.js';
import type { NetworkSection, SlaveSection } from './schema.js';
import { inSubnet, subnetOf, type ParsedCidr, type ParsedIp } from './ip.js';

function checkList(ctx: ConfigContext, section: string, key: string, items: ParsedIp[]): void {
  const seen = new Set<string>();
  for (const ip of items) {
    const id = `${ip.family}:${ip.value}`;
    if (seen.has(id)) ctx.fail(section, key, `${ip.text} is listed twice`, 'list each address once');
    seen.add(id);
  }
}

function checkGateway(ctx: ConfigContext, section: string, gateway: ParsedIp | null, addresses: ParsedCidr[], inherited: boolean): void {
  if (gateway === null) return;
  if (addresses.some((a) => inSubnet(gateway, a))) return;
  const subnets = addresses.map(subnetOf).join(', ');
  ctx.fail(
    section,
    inherited ? 'address' : 'gateway',
    `gateway ${gateway.text}${inherited ? ' (taken from [network])' : ''} is outside every address's subnet (${subnets}), so networkd could not reach it`,
    inherited ? `add gateway = <an address in ${subnets}> to [${section}]` : `use a gateway inside ${subnets}, or fix the address prefix`,
    gateway.text,
  );
}

export function checkAddressing(ctx: ConfigContext, network: NetworkSection, slaves: SlaveModel[]): BondModel['network'] {
  if (network.address.length === 0) ctx.fail('network', 'address', '[network] address is empty; the bond needs an address', 'e.g. address = 192.168.1.252/24 (DHCP is not supported)');
  checkList(ctx, 'network', 'address', network.address);
  const gateway = network.gateway ?? null;
  checkGateway(ctx, 'network', gateway, network.address, false);
  const dns = network.dns ?? [];
  checkList(ctx, 'network', 'dns', dns);
  // Two links holding the same address in the standard method would answer ARP for it from two MACs.
  const owner = new Map<string, string>();
  for (const s of slaves) {
    for (const a of s.standard?.addresses ?? []) {
      const ip = a.split('/')[0] ?? a;
      const prev = owner.get(ip);
      if (prev !== undefined) ctx.fail(`slave.${s.name}`, 'address', `${ip} is also ${prev}'s standard address`, 'give each link its own address for the standard method');
      owner.set(ip, s.name);
    }
  }
  return { addresses: network.address.map((a) => a.text), gateway: gateway?.text ?? null, dns: dns.map((d) => d.text) };
}

/**
 * A slave's own standard-method settings. gateway and dns default to [network]'s when the key is absent
 * (an empty value means none); without an address there is nothing to restore.
 */
export function standardOf(ctx: ConfigContext, name: string, section: SlaveSection | undefined, network?: NetworkSection): StandardLink | null {
  const sec = `slave.${name}`;
  if (section === undefined) return null;
  const addresses = section.address ?? [];
  if (addresses.length === 0) {
    for (const key of ['gateway', 'dns'] as const) {
      if (section[key] !== undefined) ctx.fail(sec, key, `[${sec}] sets ${key} but no address`, `add address = <cidr> to [${sec}], or remove ${key}`);
    }
    return null;
  }
  checkList(ctx, sec, 'address', addresses);
  const inherited = section.gateway === undefined;
  const gateway = inherited ? (network?.gateway ?? null) : section.gateway ?? null;
  checkGateway(ctx, sec, gateway, addresses, inherited);
  const dns = section.dns ?? network?.dns ?? [];
  checkList(ctx, sec, 'dns', dns);
  return { addresses: addresses.map((a) => a.text), gateway: gateway?.text ?? null, dns: dns.map((d) => d.text) };
}
