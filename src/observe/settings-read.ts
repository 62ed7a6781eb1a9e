// The bond's settings as the kernel prints them, read row by row from the settings table: one reader for sysfs
// and /proc alike, so a new row is read in both places without code here.
import { READ_SETTINGS, type KernelSettings, type ReadRow } from '../model/bond-settings.js';
import * as v from './proc-values.js';

/**
 * `text` gives a row's printed value (undefined when the source does not show it). An ARP-only row is null while
 * ARP monitoring is off: the kernel keeps its default there, which is nobody's setting.
 */
export function readSettings(text: (row: ReadRow) => string | undefined): KernelSettings {
  const out: Record<string, string | number | string[] | null> = {};
  const arpInterval = READ_SETTINGS.find((r) => r.field === 'arpIntervalMs');
  const arpOff = arpInterval !== undefined && v.int(text(arpInterval)) === 0;
  for (const row of READ_SETTINGS) {
    const t = text(row);
    if (row.parse.kind === 'ip-list') out[row.field] = v.ipList(t);
    else if (arpOff && 'monitor' in row && row.monitor === 'arp') out[row.field] = null;
    // sysfs prints a word setting with its number ("active 1", "any 0"): the word is the setting.
    else out[row.field] = row.parse.kind === 'choice' ? v.word(t) : v.int(t);
  }
  // One entry per read row: exactly KernelSettings' fields.
  return out as KernelSettings;
}
