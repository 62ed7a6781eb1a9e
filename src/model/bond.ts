// The bond as bondify understands it, after the config is validated: plain data, no I/O.
// Times are milliseconds here; render decides how to spell them for networkd.

import type { BondSettings } from './bond-settings.js';

export type PrimaryReselect = BondSettings['primaryReselect'];
export type FailOverMac = BondSettings['failOverMac'];
/** Wifi power save on a wireless slave: bondify sets it off or on at every link appearance, or leaves it alone. */
export type PowerSave = 'off' | 'on' | 'keep';

/** IPv4: static addresses only, a DHCPv4 lease, or none. */
export type Ipv4Mode = 'static' | 'dhcp' | 'off';
/** IPv6: static addresses only, router advertisements (SLAAC, and DHCPv6 when the RA asks for it), or none. */
export type Ipv6Mode = 'static' | 'ra' | 'off';

/**
 * How the bond's dynamic addresses survive a failover, where the bond's MAC follows the active slave
 * (fail_over_mac = active). 'stable': a DHCP client identifier that does not follow the MAC (a fixed IAID), the lease
 * kept while the client restarts on the MAC change (KeepConfiguration=dhcp, SendRelease=no), and IPv6 addresses
 * not derived from the MAC (stable-privacy, Token=prefixstable). 'networkd': none of it, networkd's defaults (the
 * IAID and EUI-64 follow the MAC: the lab measured another lease at failover). 'ethernet-mac': 'stable', and the
 * bond keeps the primary's permanent MAC whichever slave is active (MACAddress=, fail_over_mac = none; the wifi
 * takes that MAC too): for a router that reserves the address for the ethernet's MAC, which refuses it to any other
 * MAC. docs/dhcp-identity.md has the figures.
 */
export type DhcpIdentity = 'stable' | 'ethernet-mac' | 'networkd';

/** How a link gets its addresses: the bond's [network], or a slave's own standard method. */
export interface Addressing {
  /** Static addresses (canonical CIDRs); may be empty when an address comes from DHCP or RAs. */
  addresses: string[];
  gateway: string | null;
  dns: string[];
  ipv4: Ipv4Mode;
  /** null = not written: networkd's own default (RAs accepted unless the host forwards). */
  ipv6: Ipv6Mode | null;
}

/** A slave's own settings under the "standard method" (one .network per link), kept for rollback. */
export type StandardLink = Addressing;

export interface SlaveModel {
  name: string;
  wireless: boolean;
  /** 'keep' for a wired slave: bondify touches power save only on wifi. */
  powerSave: PowerSave;
  /** The link's permanent MAC (lower case, colons), when the config names it: the slave's files match by it, so
   * the link stays a slave after a rename. */
  permanentMac: string | null;
  /** What this link had before the bond (or should get back on `rollback --to standard`). */
  standard: StandardLink | null;
}

/** The settings (timers, policies, ARP monitoring) are the rows of model/bond-settings.ts. */
export interface BondModel extends BondSettings {
  name: string;
  mode: 'active-backup';
  /** In the config's order; the primary is one of them. */
  slaves: SlaveModel[];
  primary: string;
  network: Addressing;
  /** Only written when a family is dynamic (ipv4 = dhcp, ipv6 = ra). */
  dhcpIdentity: DhcpIdentity;
  /** The bond's DHCPv4 IAID ([network] dhcp_iaid: init reads the primary's from its lease, so the router sees the
   * client it gave the ethernet's address to); null = one derived from the bond's name. Not with 'networkd'. */
  dhcpIaid: number | null;
  /** The MAC the bond keeps (MACAddress=): the primary's permanent MAC with dhcp_identity = ethernet-mac, else null
   * (the bond's MAC follows the active slave, fail_over_mac = active). */
  macAddress: string | null;
}
