// The drill's guard: a transient systemd timer, armed before the backup is made active, that puts the primary back
// with `ip` (no bondify start-up on the way) if the drill dies — SIGKILL, a lost session. The drill stops it at the end.
import type { Host } from '../system/host.js';
import { tryRun, type Report } from '../system/process.js';
import { armTransientTimer, transientTimerArgv } from './revert-timer.js';

export const GUARD_UNIT = 'bondify-drill-guard';

/** The kernel's switch of the active slave (IFLA_BOND_ACTIVE_SLAVE): the drill's mechanism and the guard's. */
export const activeSlaveArgv = (bond: string, slave: string): string[] => [
  'ip',
  'link',
  'set',
  'dev',
  bond,
  'type',
  'bond',
  'active_slave',
  slave,
];

export const guardArgv = (bond: string, primary: string, seconds: number): string[] =>
  transientTimerArgv(
    GUARD_UNIT,
    seconds,
    `bondify: put ${bond} back on its primary ${primary} after a drill`,
    activeSlaveArgv(bond, primary),
  );

export const armDrillGuard = (host: Host, bond: string, primary: string, seconds: number, report: Report): Promise<void> =>
  armTransientTimer(host, GUARD_UNIT, guardArgv(bond, primary, seconds), 'arming the drill guard', report);

export async function disarmDrillGuard(host: Host, report: Report): Promise<void> {
  report(`  $ systemctl stop ${GUARD_UNIT}.timer`);
  await tryRun(host, ['systemctl', 'stop', `${GUARD_UNIT}.timer`]);
}
