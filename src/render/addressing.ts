// How a link gets its addresses, as networkd keys: the one place that spells ipv4 = dhcp and ipv6 = ra|off for the
// bond's .network and for a slave's standard method. Keys of other sections ([DHCPv4], [IPv6AcceptRA]) belong
// here too: the templates take every section's entries from this function.
import type { Addressing, DhcpIdentity } from '../model/bond.js';

export type Entry = readonly [key: string, value: string];

/**
 * 'bond': bondify's own spelling, DHCP=ipv4 plus IPv6AcceptRA=yes, so DHCPv6 runs only when the router's RA asks for
 * it (its M/O flags; networkd's [IPv6AcceptRA] DHCPv6Client= default), and nothing is written for a static config.
 * 'standard': the distributions' spelling, as the stock files write it: DHCP= always (no, ipv4, or yes when both
 * families are dynamic), so a static standard method stays byte-identical to the reference guide.
 */
export type Flavour = 'bond' | 'standard';

function dhcpValue(a: Addressing, flavour: Flavour): string | null {
  if (flavour === 'bond') return a.ipv4 === 'dhcp' ? 'ipv4' : null;
  if (a.ipv4 === 'dhcp') return a.ipv6 === 'ra' ? 'yes' : 'ipv4';
  return 'no';
}

/** The bond's identity for its DHCP client and SLAAC ([network] dhcp_identity; the bond only). */
export interface Identity {
  mode: DhcpIdentity;
  bond: string;
  /** [network] dhcp_iaid (init reads the ethernet's own from its lease); null: bondIaid(bond). */
  iaid: number | null;
}

/**
 * A fixed IAID for the bond's DHCPv4 client identifier (DUID + IAID). networkd derives the IAID of a link without a
 * udev name (a bond) from its MAC, which follows the active slave: the lab saw the client identifier change at
 * failover and the pool hand out another address. FNV-1a of the bond's name: the same on every run and host.
 */
export function bondIaid(bond: string): number {
  let h = 0x811c9dc5;
  for (const c of `bondify:${bond}`) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return h;
}

/** The addressing keys of each section, by section name; a section absent here gets none. */
export function addressingKeys(a: Addressing, flavour: Flavour, identity?: Identity): Readonly<Record<string, readonly Entry[]>> {
  const network: Entry[] = [];
  const dhcpv4: Entry[] = [];
  const ra: Entry[] = [];
  const dhcp = dhcpValue(a, flavour);
  if (dhcp !== null) network.push(['DHCP', dhcp]);
  // systemd.network(5): IPv6AcceptRA= defaults to yes unless the host forwards; written when the config asks for RAs,
  // so a router-mode sysctl does not silently turn them off. ipv6 = off also stops the link-local address, without
  // which the link has no IPv6 at all (LinkLocalAddressing= defaults to ipv6).
  if (a.ipv6 === 'ra') network.push(['IPv6AcceptRA', 'yes']);
  if (a.ipv6 === 'off') network.push(['IPv6AcceptRA', 'no'], ['LinkLocalAddressing', 'no']);
  // dhcp_identity = stable (docs/dhcp-identity.md has the lab's figures). On the MAC change of a failover networkd
  // restarts the DHCP client: KeepConfiguration=dhcp keeps the leased address meanwhile (1 ping of 765 lost
  // instead of 45 of 653) and SendRelease=no keeps the router from freeing it.
  // ethernet-mac: the same, on a bond whose MAC does not change (its netdev's MACAddress=): the IAID still makes the
  // client identifier the ethernet's, and nothing of it is lost when a failover restarts nothing.
  if (identity !== undefined && identity.mode !== 'networkd' && flavour === 'bond') {
    if (a.ipv4 === 'dhcp') {
      network.push(['KeepConfiguration', 'dhcp']);
      dhcpv4.push(['IAID', String(identity.iaid ?? bondIaid(identity.bond))], ['SendRelease', 'no']);
    }
    // Addresses from a hash of the prefix and the link, not EUI-64 of the MAC: the one made on eth0 stays.
    if (a.ipv6 === 'ra') {
      network.push(['IPv6LinkLocalAddressGenerationMode', 'stable-privacy']);
      ra.push(['Token', 'prefixstable']);
    }
  }
  return { Network: network, DHCPv4: dhcpv4, IPv6AcceptRA: ra };
}
