// The detached revert for `apply --confirm`: a transient systemd timer that runs `bondify rollback --auto`
// when the deadline passes, whatever happened to the session that started apply. `bondify confirm` stops it.
import type { Host } from '../system/host.js';
import { mustRun, tryRun, type Report } from '../system/process.js';

export const REVERT_UNIT = 'bondify-revert';

/** argv of a transient timer that runs `command` once, `seconds` from now, whatever happens to the caller. */
export function transientTimerArgv(unit: string, seconds: number, description: string, command: readonly string[]): string[] {
  return [
    'systemd-run',
    `--unit=${unit}`,
    `--on-active=${seconds}s`,
    '--timer-property=AccuracySec=100ms',
    '--collect',
    `--description=${description}`,
    '--',
    ...command,
  ];
}

/** argv of the detached revert; `self` is how to run this bondify (node + its main script). */
export const revertArgv = (self: readonly string[], seconds: number, backup: string, root: string): string[] =>
  transientTimerArgv(REVERT_UNIT, seconds, 'bondify: revert an unconfirmed apply', [
    ...self,
    'rollback',
    '--auto',
    backup,
    ...(root === '/' ? [] : ['--root', root]),
  ]);

/** Clears a leftover unit of the same name (a failed run stays loaded), then starts the transient timer `argv` makes. */
export async function armTransientTimer(host: Host, unit: string, argv: readonly string[], what: string, report: Report): Promise<void> {
  await tryRun(host, ['systemctl', 'stop', `${unit}.timer`]);
  await tryRun(host, ['systemctl', 'reset-failed', `${unit}.service`, `${unit}.timer`]);
  await mustRun(host, argv, what, report);
}

export const armRevertTimer = (host: Host, self: readonly string[], seconds: number, backup: string, report: Report): Promise<void> =>
  armTransientTimer(host, REVERT_UNIT, revertArgv(self, seconds, backup, host.root), 'arming the revert timer', report);

export async function revertTimerActive(host: Host): Promise<boolean> {
  return (await tryRun(host, ['systemctl', 'is-active', `${REVERT_UNIT}.timer`])).stdout.trim() === 'active';
}

export async function stopRevertTimer(host: Host, report: Report): Promise<void> {
  report(`  $ systemctl stop ${REVERT_UNIT}.timer`);
  await tryRun(host, ['systemctl', 'stop', `${REVERT_UNIT}.timer`]);
}
