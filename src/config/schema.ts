// The shape of each bondify.ini section as zod schemas; values arrive as strings from the INI scanner.
import { z } from 'zod';
import {
  arpMissedMax,
  cidrList,
  duration,
  gratuitousArp,
  interfaceList,
  interfaceName,
  ipList,
  ipv4Mode,
  ipv6Mode,
  dhcpIdentity,
  dhcpIaid,
  macAddress,
  oneOf,
  optionalIp,
  powerSave,
  wirelessSetting,
} from './values.js';

export const bondSection = z.object({
  name: interfaceName.optional(),
  slaves: interfaceList,
  primary: interfaceName.optional(),
  miimon: duration.optional(),
  updelay: duration.optional(),
  downdelay: duration.optional(),
  primary_reselect: oneOf(['always', 'better', 'failure']).optional(),
  fail_over_mac: oneOf(['none', 'active', 'follow']).optional(),
  gratuitous_arp: gratuitousArp.optional(),
  arp_interval: duration.optional(),
  arp_ip_targets: ipList.optional(),
  // networkd before v254 knows only these four; the filter* values would make it ignore the key.
  arp_validate: oneOf(['none', 'active', 'backup', 'all']).optional(),
  arp_all_targets: oneOf(['any', 'all']).optional(),
  arp_missed_max: arpMissedMax.optional(),
});

// address is optional: a bond (or a slave's standard method) may take its address from DHCP or RAs instead.
export const networkSection = z.object({
  address: cidrList.optional(),
  gateway: optionalIp.optional(),
  dns: ipList.optional(),
  ipv4: ipv4Mode.optional(),
  ipv6: ipv6Mode.optional(),
  dhcp_identity: dhcpIdentity.optional(),
  dhcp_iaid: dhcpIaid.optional(),
});

export const slaveSection = z.object({
  address: cidrList.optional(),
  gateway: optionalIp.optional(),
  dns: ipList.optional(),
  ipv4: ipv4Mode.optional(),
  ipv6: ipv6Mode.optional(),
  wireless: wirelessSetting.optional(),
  power_save: powerSave.optional(),
  mac: macAddress.optional(),
});

export type BondSection = z.output<typeof bondSection>;
export type NetworkSection = z.output<typeof networkSection>;
export type SlaveSection = z.output<typeof slaveSection>;

/** What a key holds, for "is required" messages. */
export const REQUIRED_FIX: Record<string, string> = {
  slaves: 'list the bond members, e.g. slaves = eth0, wlan0',
  address: 'give the bond its address, e.g. address = 192.168.1.252/24, or take one from the router: ipv4 = dhcp',
};
