// Which link monitor a bond runs, as status and check say it: MII watches each slave's carrier, ARP the path to
// the targets. Under ARP monitoring the kernel's per-slave "MII Status" is the ARP monitor's verdict; Linux 6.1
// prints no per-slave time of the last ARP reply (neither /proc nor sysfs), so the verdict is what is shown.
import type { BondState } from './types.js';

export type Monitor = 'mii' | 'arp' | 'none';

export function monitorOf(s: BondState): Monitor {
  if ((s.arpIntervalMs ?? 0) > 0) return 'arp';
  return (s.miimonMs ?? 0) > 0 ? 'mii' : 'none';
}

/** One line of plain text (names unescaped: the caller escapes for its output). */
export function monitorText(s: BondState): string {
  const kind = monitorOf(s);
  if (kind === 'arp') {
    const opts = [
      s.arpValidate && `validate ${s.arpValidate}`,
      s.arpAllTargets && `all_targets ${s.arpAllTargets}`,
      s.arpMissedMax !== null && `missed_max ${s.arpMissedMax}`,
    ].filter(Boolean);
    const verdict = s.slaves.map((x) => `${x.name} ${x.miiStatus ?? 'unknown'}`).join(', ') || 'no slaves';
    return `ARP (path) every ${s.arpIntervalMs} ms to ${s.arpIpTargets.join(', ') || 'no targets'}${opts.length ? ` (${opts.join(', ')})` : ''}; ARP verdict: ${verdict}`;
  }
  if (kind === 'mii') return `MII (carrier) every ${s.miimonMs} ms: a dead path with the carrier up goes unseen (check --ping probes it)`;
  return 'none: miimon is 0 and ARP monitoring is off, so the bond never notices a dead link';
}
