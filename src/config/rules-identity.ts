// [network] dhcp_identity and dhcp_iaid: how the bond's dynamic addresses survive a failover (docs/dhcp-identity.md
// has the lab's figures), and the MAC policy that follows from it.
import type { Addressing, DhcpIdentity, FailOverMac, SlaveModel } from '../model/bond.js';
import type { ConfigContext } from './context.js';
import type { BondSection, NetworkSection } from './schema.js';

export interface Identity {
  dhcpIdentity: DhcpIdentity;
  dhcpIaid: number | null;
  macAddress: string | null;
}

/**
 * dhcp_identity = ethernet-mac keeps the primary's permanent MAC on the bond: the one MAC a router's reservation
 * knows. It needs that MAC written in the config ([slave.<primary>] mac, which `bondify init` records), and it is
 * fail_over_mac = none by definition, so an explicit other policy contradicts it.
 */
export function checkIdentity(
  ctx: ConfigContext,
  network: NetworkSection,
  bond: BondSection,
  slaves: SlaveModel[],
  primary: string,
  addressing: Addressing,
): Identity {
  const dhcpIdentity = network.dhcp_identity ?? 'stable';
  const dhcpIaid = network.dhcp_iaid ?? null;
  if (dhcpIaid !== null && addressing.ipv4 !== 'dhcp')
    ctx.fail(
      'network',
      'dhcp_iaid',
      `dhcp_iaid is the DHCPv4 client's IAID, and the bond's ipv4 is ${addressing.ipv4}`,
      'remove dhcp_iaid, or set ipv4 = dhcp',
    );
  if (dhcpIaid !== null && dhcpIdentity === 'networkd')
    ctx.fail(
      'network',
      'dhcp_iaid',
      "dhcp_identity = networkd leaves the IAID to networkd (made from the bond's MAC, which changes at failover)",
      'remove dhcp_iaid, or use dhcp_identity = stable',
    );
  if (dhcpIdentity !== 'ethernet-mac') return { dhcpIdentity, dhcpIaid, macAddress: null };
  if (bond.fail_over_mac !== undefined && bond.fail_over_mac !== 'none')
    ctx.fail(
      'bond',
      'fail_over_mac',
      `fail_over_mac = ${bond.fail_over_mac}, but dhcp_identity = ethernet-mac keeps one MAC on the bond (fail_over_mac = none)`,
      'remove fail_over_mac (dhcp_identity = ethernet-mac sets it), or choose another dhcp_identity',
    );
  const mac = slaves.find((s) => s.name === primary)?.permanentMac ?? null;
  if (mac === null)
    ctx.fail(
      `slave.${primary}`,
      'mac',
      `dhcp_identity = ethernet-mac gives the bond ${primary}'s permanent MAC, and [slave.${primary}] has no mac`,
      `add mac = <the MAC \`ethtool -P ${primary}\` prints> to [slave.${primary}] (bondify init records it)`,
    );
  return { dhcpIdentity, dhcpIaid, macAddress: mac };
}

/** The MAC policy: ethernet-mac's own (none), the config's, or the default (active with a wifi slave). */
export function failOverMacOf(identity: Identity, bond: BondSection, wifi: boolean): FailOverMac {
  if (identity.macAddress !== null) return 'none';
  return bond.fail_over_mac ?? (wifi ? 'active' : 'none');
}
