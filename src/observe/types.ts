// The kernel's view of a bond, as read from /proc/net/bonding and sysfs: plain data, null where the kernel does not say.
import type { FailOverMac, PrimaryReselect } from '../model/bond.js';

/** The kernel's short mode names (what sysfs and `ip -d link` print). */
export type BondMode = 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';

/** A slave's MII state; "going down"/"going back" are the updelay/downdelay transitions. */
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

export interface BondState {
  bond: string;
  mode: BondMode;
  failOverMac: FailOverMac | null;
  primary: string | null;
  primaryReselect: PrimaryReselect | null;
  activeSlave: string | null;
  miiStatus: 'up' | 'down' | null;
  miimonMs: number | null;
  updelayMs: number | null;
  downdelayMs: number | null;
  /** null when ARP monitoring is off. */
  arpIntervalMs: number | null;
  arpIpTargets: string[];
  /** ARP monitoring's validation (sysfs arp_validate: none, active, backup, all, filter…); null when not shown. */
  arpValidate: string | null;
  /** any | all (sysfs arp_all_targets); null when not shown. */
  arpAllTargets: string | null;
  /** Unanswered ARP intervals before a slave is failed (/proc "ARP Missed Max", sysfs arp_missed_max; Linux 5.17+). */
  arpMissedMax: number | null;
  /** In the kernel's order (the order they were enslaved). */
  slaves: SlaveState[];
  /** The driver line as printed ("v3.7.1 (April 27, 2011)", "v6.1.0-18-amd64"), null when absent. */
  driver: string | null;
  /** Where the facts came from, and what the sources disagreed on (reconciliation notes). */
  sources: Array<'proc' | 'sysfs'>;
  notes: string[];
}

/** Exactly the `bondify status --json` shape, in this key order. */
export type StatusJson = Pick<
  BondState,
  | 'bond'
  | 'mode'
  | 'failOverMac'
  | 'primary'
  | 'primaryReselect'
  | 'activeSlave'
  | 'miiStatus'
  | 'miimonMs'
  | 'updelayMs'
  | 'downdelayMs'
  | 'arpIntervalMs'
  | 'arpIpTargets'
  | 'arpValidate'
  | 'arpAllTargets'
  | 'arpMissedMax'
> & {
  slaves: Array<Pick<SlaveState, 'name' | 'miiStatus' | 'speedMbps' | 'duplex' | 'linkFailures' | 'permHwAddr'>>;
};

export function toStatusJson(s: BondState): StatusJson {
  return {
    bond: s.bond,
    mode: s.mode,
    failOverMac: s.failOverMac,
    primary: s.primary,
    primaryReselect: s.primaryReselect,
    activeSlave: s.activeSlave,
    miiStatus: s.miiStatus,
    miimonMs: s.miimonMs,
    updelayMs: s.updelayMs,
    downdelayMs: s.downdelayMs,
    arpIntervalMs: s.arpIntervalMs,
    arpIpTargets: [...s.arpIpTargets],
    arpValidate: s.arpValidate,
    arpAllTargets: s.arpAllTargets,
    arpMissedMax: s.arpMissedMax,
    slaves: s.slaves.map((x) => ({
      name: x.name,
      miiStatus: x.miiStatus,
      speedMbps: x.speedMbps,
      duplex: x.duplex,
      linkFailures: x.linkFailures,
      permHwAddr: x.permHwAddr,
    })),
  };
}
