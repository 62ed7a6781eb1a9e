// The bond as bondify understands it, after the config is validated: plain data, no I/O.
// Times are milliseconds here; render decides how to spell them for networkd.

export type PrimaryReselect = 'always' | 'better' | 'failure';
export type FailOverMac = 'none' | 'active' | 'follow';
/** Wifi power save on a wireless slave: bondify sets it off or on at every link appearance, or leaves it alone. */
export type PowerSave = 'off' | 'on' | 'keep';
export type ArpValidate = 'none' | 'active' | 'backup' | 'all' | 'filter' | 'filter_active' | 'filter_backup';
export type ArpAllTargets = 'any' | 'all';

/** A slave's own settings under the "standard method" (one .network per link), kept for rollback. */
export interface StandardLink {
  addresses: string[];
  gateway: string | null;
  dns: string[];
}

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

export interface BondModel {
  name: string;
  mode: 'active-backup';
  /** In the config's order; the primary is one of them. */
  slaves: SlaveModel[];
  primary: string;
  miimonMs: number;
  updelayMs: number;
  downdelayMs: number;
  primaryReselect: PrimaryReselect;
  failOverMac: FailOverMac;
  gratuitousArp: number;
  arpIntervalMs: number;
  arpIpTargets: string[];
  arpValidate: ArpValidate | null;
  /** null = not written (the kernel's default, any). */
  arpAllTargets: ArpAllTargets | null;
  /** null = not written (the kernel's default, 2). */
  arpMissedMax: number | null;
  network: {
    addresses: string[];
    gateway: string | null;
    dns: string[];
  };
}
