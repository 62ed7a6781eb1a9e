// The shape of each bondify.ini section as zod schemas; values arrive as strings from the INI scanner.
import { z } from 'zod';
import type { ParsedIp } from './ip.js';
import { BOND_SETTINGS, type BondSettingRow, type SettingParser } from '../model/bond-settings.js';
import {
  cidrList,
  count,
  duration,
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

type Parsed<P extends SettingParser> = P extends { kind: 'duration' | 'count' }
  ? number
  : P extends { kind: 'choice'; values: readonly (infer V)[] }
    ? V
    : ParsedIp[];

/** A settings row's parser as zod: the value's shape and range, and the message and fix when it is wrong. */
function parserOf(p: SettingParser): z.ZodType<unknown, string> {
  if (p.kind === 'duration') return duration;
  if (p.kind === 'count') return count(p.min, p.max, p.why);
  if (p.kind === 'choice') return oneOf(p.values);
  return ipList;
}

type SettingsShape = { [R in BondSettingRow as R['ini']]: z.ZodOptional<z.ZodType<Parsed<R['parse']>, string>> };
// Built from the rows, so the object's type is stated: each key's parser is the one its row names (parserOf).
const settingsShape = Object.fromEntries(BOND_SETTINGS.map((r) => [r.ini, parserOf(r.parse).optional()])) as SettingsShape;

export const bondSection = z.object({
  name: interfaceName.optional(),
  slaves: interfaceList,
  primary: interfaceName.optional(),
  ...settingsShape,
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
