// What `check` says about the slaves' links beyond the bond: a configured slave renamed (found by its permanent
// MAC) and a wireless slave's power save against the config. Pure: the facts are read by the check use case.
import type { Problem } from './health.js';
import type { PowerSaveState } from '../system/wifi.js';

export interface SlaveLinkFacts {
  /** Configured slaves missing by name whose permanent MAC a link of another name shows. */
  renamed: Array<{ from: string; to: string; mac: string }>;
  /** Wireless slaves whose power save the config sets, under their current name. */
  powerSave: Array<{ slave: string; want: 'on' | 'off'; have: PowerSaveState }>;
}

export function slaveLinkReport(f: SlaveLinkFacts): { problems: Problem[]; notes: string[] } {
  const problems: Problem[] = [];
  const notes: string[] = [];
  for (const r of f.renamed) {
    problems.push({ level: 'WARNING', message: `${r.from} is now ${r.to} (the link with permanent MAC ${r.mac}): rename it in bondify.ini and run 'bondify apply'` });
  }
  for (const p of f.powerSave) {
    // As configured is silent: a healthy check stays one line (monitoring plugins show the first); status shows it.
    if (p.have === 'unknown') notes.push(`${p.slave} wifi power save: unknown (iw is missing or does not know the link)`);
    else if (p.have !== p.want) problems.push({ level: 'WARNING', message: `${p.slave} wifi power save is ${p.have}, the config wants ${p.want}${p.have === 'on' ? ' (replies are held for the next beacon: slow exactly when the backup carries traffic)' : ''}: run 'bondify apply', or iw dev ${p.slave} set power_save ${p.want}` });
  }
  return { problems, notes };
}
