// The bond's settings as one table: a row says everything bondify knows about one [bond] key, from bondify.ini to
// the kernel's answer. The config schema, the model's fields, the [Bond] section of the .netdev, what check expects,
// the sysfs and /proc reads, compare's keys and the recorded model's shape are all built from these rows.
// Plain data and small functions: check loads this on every run, so no zod here (config/schema.ts adds it).

/** How bondify.ini spells a value; config/schema.ts turns each into its zod parser (same messages and fixes). */
export type SettingParser =
  /** "100ms", "1s", or a bare number meaning milliseconds; at most 600s. */
  | { readonly kind: 'duration' }
  /** A whole number in [min, max]; `why` ends the fix ("use a whole number 0-255 (why)"). */
  | { readonly kind: 'count'; readonly min: number; readonly max: number; readonly why: string }
  | { readonly kind: 'choice'; readonly values: readonly [string, ...string[]] }
  /** Comma-separated IP addresses. */
  | { readonly kind: 'ip-list' };

/**
 * Who applies a changed value to an existing bond: networkd's reload (networkd 257+ re-applies a changed .netdev),
 * or only deleting and creating the link again (networkd/control.ts mustRecreate).
 */
export type AppliedBy = 'reload' | 'recreate';

/**
 * What sort of difference a mismatch of this setting is (observe/compare.ts): `link` when the link was made another
 * way (a re-apply recreates it), `setting` when networkd sets it only when it creates the link.
 */
export type SettingKind = 'link' | 'setting';

export interface SettingRow {
  /** The bondify.ini key, in [bond]. */
  readonly ini: string;
  /** The model's field (and the kernel state's, and check's): times in milliseconds. */
  readonly field: string;
  readonly parse: SettingParser;
  /**
   * The value when bondify.ini leaves the key out: a value, null (= not written, the kernel's own default), or
   * 'derived' when config/rules.ts works it out from other keys (`derived` says how).
   */
  readonly default: string | number | null | 'derived';
  readonly derived?: string;
  /**
   * A monitor setting counts only while its monitor runs (bonding.rst: the MII and ARP monitors exclude each
   * other): not written otherwise; an 'arp' one is not read back or judged either (the kernel keeps its default).
   */
  readonly monitor?: 'mii' | 'arp';
  /** A value that means "off": the key is then left out of the .netdev (networkd's default is off). */
  readonly off?: number;
  /** The [Bond] key in systemd.netdev(5); a duration is written with "ms" (a bare number means seconds there). */
  readonly networkd: string;
  /** Why the key is written as it is (kept beside the key, as the templates kept it). */
  readonly why?: string;
  /**
   * Where the kernel shows it: the file in /sys/class/net/<bond>/bonding/, and the /proc/net/bonding/<bond> line
   * when there is one (null: proc has none, or the line needs its own parsing in observe/proc-parser.ts). null for
   * a setting bondify does not read back.
   */
  readonly kernel: { readonly sysfs: string; readonly proc: string | null } | null;
  readonly kind: SettingKind;
  readonly appliedBy: AppliedBy;
}

// In the order the [Bond] section writes them; `mode` comes first, from the model.
export const BOND_SETTINGS = [
  {
    ini: 'primary_reselect',
    field: 'primaryReselect',
    parse: { kind: 'choice', values: ['always', 'better', 'failure'] },
    default: 'always',
    networkd: 'PrimaryReselectPolicy',
    kernel: { sysfs: 'primary_reselect', proc: null },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'miimon',
    field: 'miimonMs',
    parse: { kind: 'duration' },
    default: 'derived',
    derived: '100ms, or 0 (off) when arp_interval is set',
    monitor: 'mii',
    off: 0,
    networkd: 'MIIMonitorSec',
    why: 'omitted when 0: ARP monitoring is used instead (bonding.rst: the two monitors exclude each other)',
    kernel: { sysfs: 'miimon', proc: 'MII Polling Interval (ms)' },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'updelay',
    field: 'updelayMs',
    parse: { kind: 'duration' },
    default: 'derived',
    derived: '2 × miimon',
    monitor: 'mii',
    networkd: 'UpDelaySec',
    why: 'only with MII monitoring (bonding.rst: updelay is a multiple of miimon)',
    kernel: { sysfs: 'updelay', proc: 'Up Delay (ms)' },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'downdelay',
    field: 'downdelayMs',
    parse: { kind: 'duration' },
    default: 0,
    monitor: 'mii',
    networkd: 'DownDelaySec',
    why: 'only with MII monitoring',
    kernel: { sysfs: 'downdelay', proc: 'Down Delay (ms)' },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'fail_over_mac',
    field: 'failOverMac',
    parse: { kind: 'choice', values: ['none', 'active', 'follow'] },
    default: 'derived',
    derived: 'active with a wireless slave, else none',
    networkd: 'FailOverMACPolicy',
    why: "active for wifi slaves: a station cannot take the bond's MAC",
    kernel: { sysfs: 'fail_over_mac', proc: null },
    kind: 'link',
    appliedBy: 'recreate',
  },
  {
    ini: 'gratuitous_arp',
    field: 'gratuitousArp',
    parse: { kind: 'count', min: 0, max: 255, why: 'how many gratuitous ARPs after a failover; 3 is plenty' },
    default: 3,
    networkd: 'GratuitousARP',
    why: 'peer notifications after a failover so the gateway learns the moved MAC',
    // Not read back: check has never judged it (sysfs num_grat_arp), and the lab has no assertion on it.
    kernel: null,
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'arp_interval',
    field: 'arpIntervalMs',
    parse: { kind: 'duration' },
    default: 0,
    off: 0,
    networkd: 'ARPIntervalSec',
    // /proc prints the line only while ARP monitoring runs: its absence is 0.
    kernel: { sysfs: 'arp_interval', proc: 'ARP Polling Interval (ms)' },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'arp_ip_targets',
    field: 'arpIpTargets',
    parse: { kind: 'ip-list' },
    default: 'derived',
    derived: 'the gateway, when arp_interval is set; else none',
    monitor: 'arp',
    networkd: 'ARPIPTargets',
    why: 'systemd.netdev(5): multiple addresses are separated by whitespace',
    kernel: { sysfs: 'arp_ip_target', proc: 'ARP IP target/s (n.n.n.n form)' },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'arp_validate',
    field: 'arpValidate',
    // networkd before v254 knows only these four; the filter* values would make it ignore the key.
    parse: { kind: 'choice', values: ['none', 'active', 'backup', 'all'] },
    default: 'derived',
    derived: 'active when arp_interval is set',
    monitor: 'arp',
    networkd: 'ARPValidate',
    why: 'active: the active slave counts only ARP replies from the targets, while a backup (the wifi) counts any traffic it hears; see the README, What bondify can and cannot see',
    kernel: { sysfs: 'arp_validate', proc: null },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'arp_all_targets',
    field: 'arpAllTargets',
    parse: { kind: 'choice', values: ['any', 'all'] },
    default: null,
    monitor: 'arp',
    networkd: 'ARPAllTargets',
    kernel: { sysfs: 'arp_all_targets', proc: null },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'arp_missed_max',
    field: 'arpMissedMax',
    parse: { kind: 'count', min: 1, max: 255, why: 'ARP intervals without a reply before a slave is failed; the kernel default is 2' },
    default: null,
    monitor: 'arp',
    networkd: 'ARPMissedMax',
    why: 'systemd.netdev(5): since networkd 256; older networkd ignores the key, so preflight refuses it there',
    kernel: { sysfs: 'arp_missed_max', proc: 'ARP Missed Max' },
    kind: 'setting',
    appliedBy: 'reload',
  },
  {
    ini: 'resend_igmp',
    field: 'resendIgmp',
    parse: { kind: 'count', min: 0, max: 255, why: 'IGMP reports sent after a failover; the kernel default is 1' },
    default: null,
    networkd: 'ResendIGMP',
    kernel: { sysfs: 'resend_igmp', proc: null },
    kind: 'setting',
    appliedBy: 'reload',
  },
] as const satisfies readonly SettingRow[];

export type BondSettingRow = (typeof BOND_SETTINGS)[number];
export type SettingKey = BondSettingRow['ini'];
export type SettingField = BondSettingRow['field'];

type ValueOf<P> = P extends { kind: 'duration' | 'count' }
  ? number
  : P extends { kind: 'choice'; values: readonly (infer V)[] }
    ? V
    : P extends { kind: 'ip-list' }
      ? string[]
      : never;

/** A row's value in the model: null where it is not written (default null; an ARP word without ARP monitoring). */
type ModelValue<R extends BondSettingRow> = R extends { default: null } | { monitor: 'arp'; parse: { kind: 'choice' } }
  ? ValueOf<R['parse']> | null
  : ValueOf<R['parse']>;

/** The settings part of the model (model/bond.ts BondModel). */
export type BondSettings = { [R in BondSettingRow as R['field']]: ModelValue<R> };

export type ReadRow = Extract<BondSettingRow, { kernel: object }>;
export type ReadField = ReadRow['field'];

/**
 * The settings as the kernel shows them, and as check expects them: the same type on both sides. Off is spelled
 * as the kernel spells it (0); null is "not said" on the kernel's side and "not judged" on the config's. A word is
 * any word (the kernel may show one bondify.ini does not offer, e.g. arp_validate filter).
 */
export type KernelSettings = {
  [R in ReadRow as R['field']]: R['parse'] extends { kind: 'ip-list' }
    ? string[]
    : R['parse'] extends { kind: 'choice' }
      ? string | null
      : number | null;
};

export const READ_SETTINGS: ReadonlyArray<ReadRow & SettingRow> = BOND_SETTINGS.filter((r): r is ReadRow => r.kernel !== null);

/** Whether the row's monitor runs in this model (a row without one always counts). */
export function monitorRuns(row: SettingRow, m: { miimonMs: number; arpIntervalMs: number }): boolean {
  return row.monitor === undefined || (row.monitor === 'mii' ? m.miimonMs > 0 : m.arpIntervalMs > 0);
}

type Value = string | number | readonly string[] | null;

/** The [Bond] lines of the settings, in the table's order: key and value as systemd.netdev(5) reads them. */
export function networkdEntries(m: BondSettings): Array<readonly [key: string, value: string]> {
  return BOND_SETTINGS.flatMap((row): Array<readonly [string, string]> => {
    const v: Value = m[row.field];
    if (!monitorRuns(row, m) || v === null || ('off' in row && v === row.off)) return [];
    if (Array.isArray(v)) return v.length === 0 ? [] : [[row.networkd, v.join(' ')]];
    return [[row.networkd, row.parse.kind === 'duration' ? `${String(v)}ms` : String(v)]];
  });
}

/** What check expects the kernel to show for the model's settings (null: not judged). */
export function expectedSettings(m: BondSettings): KernelSettings {
  const out: Record<string, Value> = {};
  for (const row of READ_SETTINGS)
    out[row.field] = row.monitor === 'arp' && m.arpIntervalMs === 0 ? (row.parse.kind === 'ip-list' ? [] : null) : m[row.field];
  return out as KernelSettings;
}

/** The bondify.ini text of one value ("100ms", "eth0, wlan0"), as modelIni writes it back. */
export function iniValue(row: SettingRow, v: Value): string {
  if (Array.isArray(v)) return v.join(', ');
  return row.parse.kind === 'duration' ? `${String(v)}ms` : String(v);
}
