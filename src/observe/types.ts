// The kernel's view of a bond, as read from /proc/net/bonding and sysfs: plain data, null where the kernel does not say.
import { READ_SETTINGS, type KernelSettings, type ReadField } from '../model/bond-settings.js';

/** The kernel's short mode names (what sysfs and `ip -d link` print). */
export type BondMode = 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';

/** A slave's MII state; "going down"/"going back" are the up and down delays running. */
export type SlaveMii = 'up' | 'down' | 'going down' | 'going back';

export interface SlaveState {
  name: string;
  miiStatus: SlaveMii | null;
  speedMbps: number | null;
  duplex: 'full' | 'half' | null;
  linkFailures: number | null;
  permHwAddr: string | null;
  /** 802.3ad only. */
  aggregatorId: number | null;
}

/** The settings (model/bond-settings.ts KernelSettings) as read, and what else the kernel shows of the bond. */
export interface BondState extends KernelSettings {
  bond: string;
  mode: BondMode;
  primary: string | null;
  activeSlave: string | null;
  miiStatus: 'up' | 'down' | null;
  /** In the kernel's order (the order they were enslaved). */
  slaves: SlaveState[];
  /** The driver line as printed ("v3.7.1 (April 27, 2011)", "v6.1.0-18-amd64"), null when absent. */
  driver: string | null;
  /** Where the facts came from, and what the sources disagreed on (reconciliation notes). */
  sources: Array<'proc' | 'sysfs'>;
  notes: string[];
}

/** Exactly the `bondify status --json` shape: the README's key order, then any setting added since in the table's. */
export type StatusJson = Pick<BondState, 'bond' | 'mode' | 'primary' | 'activeSlave' | 'miiStatus' | ReadField> & {
  slaves: Array<Pick<SlaveState, 'name' | 'miiStatus' | 'speedMbps' | 'duplex' | 'linkFailures' | 'permHwAddr'>>;
};

/** The settings alone, in the table's order (a copy: arrays are not shared with the state). */
export function settingsOf(s: KernelSettings): KernelSettings {
  const out: Record<string, unknown> = {};
  for (const row of READ_SETTINGS) {
    const v = s[row.field];
    out[row.field] = Array.isArray(v) ? [...v] : v;
  }
  // One entry per read row: exactly KernelSettings' fields.
  return out as KernelSettings;
}

export function toStatusJson(s: BondState): StatusJson {
  // failOverMac and primaryReselect first, where the README has them; settingsOf sets them again in place.
  const head = { bond: s.bond, mode: s.mode, failOverMac: s.failOverMac, primary: s.primary, primaryReselect: s.primaryReselect };
  return Object.assign(head, { activeSlave: s.activeSlave, miiStatus: s.miiStatus }, settingsOf(s), {
    slaves: s.slaves.map((x) => ({
      name: x.name,
      miiStatus: x.miiStatus,
      speedMbps: x.speedMbps,
      duplex: x.duplex,
      linkFailures: x.linkFailures,
      permHwAddr: x.permHwAddr,
    })),
  });
}
