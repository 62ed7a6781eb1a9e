// How a link gets its addresses, as networkd keys: the one place that spells ipv4 = dhcp and ipv6 = ra|off for the
// bond's .network and for a slave's standard method. Keys of other sections ([DHCPv4], [IPv6AcceptRA]) belong
// here too: the templates take every section's entries from this function.
import type { Addressing } from '../model/bond.js';

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

/** The addressing keys of each section, by section name; a section absent here gets none. */
export function addressingKeys(a: Addressing, flavour: Flavour): Readonly<Record<string, readonly Entry[]>> {
  const network: Entry[] = [];
  const dhcp = dhcpValue(a, flavour);
  if (dhcp !== null) network.push(['DHCP', dhcp]);
  // systemd.network(5): IPv6AcceptRA= defaults to yes unless the host forwards; written when the config asks for RAs,
  // so a router-mode sysctl does not silently turn them off. ipv6 = off also stops the link-local address, without
  // which the link has no IPv6 at all (LinkLocalAddressing= defaults to ipv6).
  if (a.ipv6 === 'ra') network.push(['IPv6AcceptRA', 'yes']);
  if (a.ipv6 === 'off') network.push(['IPv6AcceptRA', 'no'], ['LinkLocalAddressing', 'no']);
  return { Network: network };
}
