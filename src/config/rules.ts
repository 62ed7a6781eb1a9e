// Cross-field rules and defaults: the parsed sections become a BondModel, or a config error says which rule broke.
import type { BondModel, FailOverMac, SlaveModel } from '../model/bond.js';
import { BOND_SETTINGS, type BondSettingRow, type BondSettings } from '../model/bond-settings.js';
import type { ConfigContext } from './context.js';
import type { BondSection, NetworkSection, SlaveSection } from './schema.js';
import type { WirelessProbe, ValidatedConfig } from './validated.js';
import { didYouMean } from './keys.js';
import { MAX_ARP_TARGETS, MAX_TIME_MS } from './values.js';
import { unicastProblem } from './ip.js';
import { checkAddressing, checkArpTargets, standardOf } from './rules-network.js';
import { checkIdentity, failOverMacOf, type Identity } from './rules-identity.js';

export interface ParsedSections {
  bond: BondSection;
  network: NetworkSection;
  slaves: Map<string, SlaveSection>;
}

export const DEFAULT_MIIMON_MS = 100;
export const DEFAULT_ARP_VALIDATE = 'active';

function checkSlaves(ctx: ConfigContext, bond: BondSection, name: string): string {
  const slaves = bond.slaves;
  const dup = slaves.find((s, i) => slaves.indexOf(s) !== i);
  if (dup !== undefined) ctx.fail('bond', 'slaves', `${dup} is listed twice`, 'list each interface once');
  if (slaves.length < 2)
    ctx.fail(
      'bond',
      'slaves',
      `an active-backup bond needs at least two slaves, got ${slaves.length}`,
      'list a primary and a backup, e.g. slaves = eth0, wlan0',
    );
  if (slaves.includes(name))
    ctx.fail(
      'bond',
      'slaves',
      `the bond ${name} cannot be one of its own slaves`,
      'use a different bond name (name = bond0) or slave list',
    );
  const primary = bond.primary ?? slaves[0] ?? '';
  if (!slaves.includes(primary)) {
    const guess = didYouMean(primary, slaves);
    ctx.fail(
      'bond',
      'primary',
      `primary ${primary} is not one of the slaves (${slaves.join(', ')})${guess ? `; did you mean ${guess}?` : ''}`,
      `set primary to one of: ${slaves.join(', ')}`,
    );
  }
  return primary;
}

function checkMonitors(ctx: ConfigContext, bond: BondSection, network: NetworkSection) {
  const arpIntervalMs = bond.arp_interval ?? 0;
  const miimonMs = bond.miimon ?? (arpIntervalMs > 0 ? 0 : DEFAULT_MIIMON_MS);
  if (miimonMs > 0 && arpIntervalMs > 0) {
    ctx.fail(
      'bond',
      'arp_interval',
      'both MII monitoring (miimon) and ARP monitoring (arp_interval) are on; the kernel runs only one and switches MII off',
      'choose one: set miimon = 0 to use ARP monitoring, or remove arp_interval',
    );
  }
  if (miimonMs === 0 && arpIntervalMs === 0) {
    ctx.fail(
      'bond',
      'miimon',
      'miimon = 0 turns MII monitoring off, and no arp_interval is set: the bond would never notice a dead link',
      'keep miimon = 100ms, or set arp_interval and arp_ip_targets for ARP monitoring',
    );
  }
  // Without arp_ip_targets ARP monitoring probes the gateway: the one host every outside path goes through.
  const gateway = network.gateway?.family === 4 ? network.gateway : null;
  const listed = bond.arp_ip_targets ?? (arpIntervalMs > 0 && gateway !== null ? [gateway] : []);
  const targets = listed.map((t) => t.canonical);
  if (arpIntervalMs > 0 && targets.length === 0)
    ctx.fail(
      'bond',
      'arp_interval',
      `ARP monitoring needs addresses to probe, but arp_ip_targets is empty${bond.arp_ip_targets === undefined ? ' and [network] has no IPv4 gateway to default to' : ''}`,
      'add arp_ip_targets = <gateway address>, e.g. 192.168.1.1',
    );
  if (arpIntervalMs === 0 && targets.length > 0)
    ctx.fail(
      'bond',
      'arp_ip_targets',
      'arp_ip_targets is set but arp_interval is not, so no ARP probes are sent',
      'set arp_interval (e.g. 200ms) and miimon = 0, or remove arp_ip_targets',
    );
  const v6 = (bond.arp_ip_targets ?? []).find((t) => t.family !== 4);
  if (v6)
    ctx.fail(
      'bond',
      'arp_ip_targets',
      `${v6.text} is not IPv4; ARP monitoring probes IPv4 addresses only`,
      'list IPv4 addresses, e.g. 192.168.1.1',
    );
  // The driver refuses 0.0.0.0/8 and 255.255.255.255 as targets; loopback and multicast never answer an ARP.
  for (const t of bond.arp_ip_targets ?? []) {
    const p = unicastProblem(t);
    if (p !== null)
      ctx.fail(
        'bond',
        'arp_ip_targets',
        `ARP target ${t.text} ${p}: no host would answer the probes`,
        'list the unicast IPv4 addresses of hosts on this link, e.g. the gateway 192.168.1.1',
      );
  }
  if (targets.length > MAX_ARP_TARGETS)
    ctx.fail(
      'bond',
      'arp_ip_targets',
      `${targets.length} targets; the bonding driver keeps at most ${MAX_ARP_TARGETS}`,
      `list at most ${MAX_ARP_TARGETS} addresses`,
    );
  if (new Set(targets).size !== targets.length) ctx.fail('bond', 'arp_ip_targets', 'an address is listed twice', 'list each address once');
  for (const key of ['arp_validate', 'arp_all_targets', 'arp_missed_max'] as const) {
    if (bond[key] !== undefined && arpIntervalMs === 0)
      ctx.fail(
        'bond',
        key,
        `${key} only applies to ARP monitoring, and arp_interval is not set`,
        `remove ${key}, or set arp_interval (and miimon = 0) for ARP monitoring`,
      );
  }
  // With a wifi backup and fail_over_mac = active, `active` is the mode that works without the access point relaying
  // the active slave's ARP broadcasts (README, "What bondify can and cannot see"): the default under ARP monitoring.
  const arpValidate = bond.arp_validate ?? (arpIntervalMs > 0 ? DEFAULT_ARP_VALIDATE : null);
  // bonding.rst: arp_all_targets only counts for slaves whose ARP replies are validated.
  if (bond.arp_all_targets !== undefined && arpValidate === 'none') {
    ctx.fail(
      'bond',
      'arp_all_targets',
      `arp_all_targets = ${bond.arp_all_targets} has no effect with arp_validate = none: the kernel only weighs targets for validated slaves`,
      'set arp_validate = active (or remove arp_all_targets)',
    );
  }
  // The driver counts updelay/downdelay in whole miimon ticks and silently rounds down anything else.
  const updelayMs = bond.updelay ?? 2 * miimonMs;
  // A derived default obeys the same limit as a value written in the file.
  if (bond.updelay === undefined && updelayMs > MAX_TIME_MS) {
    ctx.fail(
      'bond',
      'miimon',
      `updelay is not set, and its default 2 × miimon = ${updelayMs / 1000}s is longer than the ${MAX_TIME_MS / 1000}s every time value is held to`,
      `set updelay explicitly (a multiple of miimon, at most ${MAX_TIME_MS / 1000}s), or use miimon of at most ${MAX_TIME_MS / 2000}s`,
    );
  }
  const downdelayMs = bond.downdelay ?? 0;
  for (const [key, ms] of [
    ['updelay', updelayMs],
    ['downdelay', downdelayMs],
  ] as const) {
    if (miimonMs === 0 && ms > 0)
      ctx.fail(
        'bond',
        key,
        `${key} only works with MII monitoring, and miimon is 0`,
        `remove ${key} (or set it to 0) when using ARP monitoring`,
      );
    if (miimonMs > 0 && ms % miimonMs !== 0) {
      const lower = Math.floor(ms / miimonMs) * miimonMs;
      ctx.fail(
        'bond',
        key,
        `${key} ${ms}ms is not a multiple of miimon ${miimonMs}ms; the kernel would round it down to ${lower}ms`,
        `use a multiple of miimon, e.g. ${key} = ${Math.max(lower, miimonMs)}ms`,
      );
    }
  }
  return { miimonMs, arpIntervalMs, updelayMs, downdelayMs, arpIpTargets: targets, arpValidate };
}

function resolveSlaves(ctx: ConfigContext, parsed: ParsedSections, probe: WirelessProbe, warnings: string[]): SlaveModel[] {
  for (const name of parsed.slaves.keys()) {
    if (!parsed.bond.slaves.includes(name)) {
      const guess = didYouMean(name, parsed.bond.slaves);
      ctx.fail(
        `slave.${name}`,
        undefined,
        `[slave.${name}] describes ${name}, which is not in [bond] slaves${guess ? ` (did you mean [slave.${guess}]?)` : ''}`,
        `add ${name} to slaves, or rename the section to one of: ${parsed.bond.slaves.map((s) => `[slave.${s}]`).join(' ')}`,
      );
    }
  }
  return parsed.bond.slaves.map((name) => {
    const section = parsed.slaves.get(name);
    const setting = section?.wireless ?? 'auto';
    let wireless = setting === 'auto' ? probe(name) : setting;
    if (wireless === null) {
      // Not present on this host (an offline --root, or planning elsewhere): fall back to the naming convention.
      wireless = /^(wlan|wl)/.test(name);
      warnings.push(
        `${name} is not present here; assuming it is ${wireless ? '' : 'not '}wireless from its name (set wireless = yes|no in [slave.${name}] to be explicit)`,
      );
    }
    if (section?.power_save !== undefined && !wireless) {
      ctx.fail(
        `slave.${name}`,
        'power_save',
        `power_save is a wifi setting, and ${name} is not wireless`,
        `remove power_save from [slave.${name}], or set wireless = yes if ${name} is a wifi link`,
      );
    }
    const powerSave = wireless ? (section?.power_save ?? 'off') : 'keep';
    return { name, wireless, powerSave, permanentMac: section?.mac ?? null, standard: standardOf(ctx, name, section, parsed.network) };
  });
}

/** One permanent MAC per link: two slaves with the same one would both match the same files. */
function checkMacs(ctx: ConfigContext, slaves: SlaveModel[]): void {
  const seen = new Map<string, string>();
  for (const s of slaves) {
    if (s.permanentMac === null) continue;
    const first = seen.get(s.permanentMac);
    if (first !== undefined)
      ctx.fail(
        `slave.${s.name}`,
        'mac',
        `${s.permanentMac} is also ${first}'s permanent MAC`,
        'give each slave the permanent MAC of its own link (ethtool -P <if>)',
      );
    seen.set(s.permanentMac, s.name);
  }
}

function checkMac(ctx: ConfigContext, bond: BondSection, slaves: SlaveModel[], identity: Identity): FailOverMac {
  const wifi = slaves.filter((s) => s.wireless).map((s) => s.name);
  const policy = failOverMacOf(identity, bond, wifi.length > 0);
  // ethernet-mac's none is the one a wifi backup was measured to work with: the bond gives the wifi the ethernet's
  // MAC at enslave and wpa_supplicant associates under it (docs/dhcp-identity.md). A bond MAC left to chance is not.
  if (policy !== 'active' && wifi.length > 0 && identity.macAddress === null) {
    ctx.fail(
      'bond',
      'fail_over_mac',
      `fail_over_mac = ${policy} with the wireless slave ${wifi.join(', ')}: ${policy === 'none' ? 'the bond gives every slave the same MAC' : 'the bond moves its MAC onto the slave that becomes active'}, but a wifi station is associated with the access point under its own MAC and cannot take another, so traffic through ${wifi[0]} would be dropped`,
      'use fail_over_mac = active (the bond takes the MAC of whichever slave is active)',
    );
  }
  return policy;
}

type DerivedField = Extract<BondSettingRow, { default: 'derived' }>['field'];

/** The settings whose default is the table's own (no other key decides them): bondify.ini's value, or that default. */
function plainSettings(bond: BondSection): Omit<BondSettings, DerivedField> {
  const rows = BOND_SETTINGS.filter((r) => r.default !== 'derived');
  // One entry per row that is not derived: exactly the fields of the stated type.
  return Object.fromEntries(rows.map((r) => [r.field, bond[r.ini] ?? r.default])) as Omit<BondSettings, DerivedField>;
}

export function buildModel(ctx: ConfigContext, parsed: ParsedSections, probe: WirelessProbe): ValidatedConfig {
  const warnings: string[] = [];
  const { bond } = parsed;
  const name = bond.name ?? 'bond0';
  const primary = checkSlaves(ctx, bond, name);
  const monitors = checkMonitors(ctx, bond, parsed.network);
  const slaves = resolveSlaves(ctx, parsed, probe, warnings);
  checkMacs(ctx, slaves);
  const network = checkAddressing(ctx, parsed.network, slaves);
  const identity = checkIdentity(ctx, parsed.network, bond, slaves, primary, network);
  const failOverMac = checkMac(ctx, bond, slaves, identity);
  checkArpTargets(ctx, bond.arp_ip_targets ?? [], parsed.network.address ?? [], parsed.network.gateway ?? null);
  const bare = slaves.filter((x) => x.standard === null).map((x) => x.name);
  if (bare.length > 0) {
    warnings.push(
      `no [slave.<if>] address for ${bare.join(', ')}: 'rollback --to standard' cannot give ${bare.length === 1 ? 'it' : 'them'} their own configuration back`,
    );
  }
  const model: BondModel = {
    name,
    mode: 'active-backup',
    slaves,
    primary,
    ...plainSettings(bond),
    ...monitors,
    failOverMac,
    network,
    ...identity,
  };
  return { model, warnings };
}
