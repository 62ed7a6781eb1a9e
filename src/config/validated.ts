// What validation hands on: the model and the warnings. Its own file so the rules (rules.ts) and the validator
// that calls them (validate.ts) both name it without importing each other.
import type { BondModel } from '../model/bond.js';

/** True/false when the host can tell whether an interface is wireless, null when it cannot (not present). */
export type WirelessProbe = (ifname: string) => boolean | null;

export interface ValidatedConfig {
  model: BondModel;
  warnings: string[];
}
