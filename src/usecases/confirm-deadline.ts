// When an `apply --confirm` window ends, judged on the revert timer's clock. The timer (systemd-run --on-active)
// counts CLOCK_MONOTONIC, so the deadline is recorded on it too: a wall clock stepped by NTP (a Pi has no RTC)
// must not make `bondify confirm` say "too late" while the timer still runs, nor accept a confirm after it fired.
// CLOCK_MONOTONIC counts from boot, so the recorded value is tied to its boot id: a reboot cancels the transient
// timer, and the journal (on disk) then outlives the window it describes; a window of another boot is over.
import type { Host } from '../system/host.js';
import { bootId } from '../system/lock.js';
import type { Journal } from '../store/journal.js';

/** The deadline `seconds` from now on the monotonic clock, for the journal. */
export const monotonicDeadline = (host: Host, seconds: number): NonNullable<Journal['deadlineMonotonic']> => ({
  bootId: bootId(),
  ms: host.monotonicMs() + seconds * 1000,
});

/** Where an awaiting-confirm journal's window stands: open, passed (the timer fired or is firing), or ended by a reboot. */
export function confirmWindow(host: Host, j: Journal): 'open' | 'passed' | 'rebooted' {
  const d = j.deadlineMonotonic;
  if (typeof d === 'object' && d !== null && typeof d.ms === 'number') {
    const boot = bootId();
    // Another boot: the timer died with it; the window cannot be still open.
    if (d.bootId !== null && boot !== null && d.bootId !== boot) return 'rebooted';
    return host.monotonicMs() >= d.ms ? 'passed' : 'open';
  }
  // A journal written by a bondify before the monotonic deadline: only the wall-clock one is there.
  return j.deadline !== undefined && host.now().getTime() >= Date.parse(j.deadline) ? 'passed' : 'open';
}

export const confirmWindowOver = (host: Host, j: Journal): boolean => confirmWindow(host, j) !== 'open';
