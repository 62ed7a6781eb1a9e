// Confirm-or-revert (`apply --confirm N`): the verified change stays only if `bondify confirm` (or Enter)
// comes before the deadline. A detached timer reverts otherwise, even when the session that ran apply is gone.
import { BondifyError } from '../errors.js';
import type { Host } from '../system/host.js';
import { withLock } from '../system/lock.js';
import { readText, writeFileAtomic } from '../system/fs.js';
import { BACKUP_DIR, type Manifest } from '../store/backup.js';
import { endJournal, readJournal } from '../store/journal.js';
import { revertTimeout } from './revert.js';
import { sleep, type Report } from '../system/process.js';
import { armRevertTimer, REVERT_UNIT, stopRevertTimer } from '../networkd/revert-timer.js';
import type { Transaction } from './transaction.js';
import { takeBack, waitsForConfirm, wayBackError } from './way-back.js';
import { confirmWindow, monotonicDeadline } from './confirm-deadline.js';

const marker = (id: string) => `${BACKUP_DIR}/${id}/confirmed`;
export const isConfirmed = (root: string, id: string): boolean => readText(root, marker(id)) !== null;

const nothingWaits = () =>
  new BondifyError('unavailable', 'nothing waits for confirmation', {
    fix: "'bondify confirm' is for a change made with 'bondify apply --confirm SECONDS'",
  });

/** `bondify confirm`: stop the revert timer and keep the change. */
export async function confirmPending(host: Host, report: Report): Promise<string> {
  // Nothing waiting is known without the lock (no journal, no state folder): refused before anything is created.
  if (readJournal(host.root)?.step !== 'awaiting-confirm') throw nothingWaits();
  return withLock(host.root, 'confirm', { waitMs: 30_000 }, async () => {
    const j = readJournal(host.root);
    if (j === null || j.step !== 'awaiting-confirm') throw nothingWaits();
    // On the revert timer's clock (monotonic), not the wall clock: they must agree on "too late".
    const window = confirmWindow(host, j);
    if (window === 'passed') {
      throw new BondifyError('tempfail', `too late: the deadline passed at ${j.deadline}; the change is being reverted`, {
        fix: 'run apply again',
      });
    }
    if (window === 'rebooted') {
      throw new BondifyError(
        'tempfail',
        `too late: the system restarted during the confirmation window (deadline ${j.deadline}), which ended it`,
        {
          fix: "the unconfirmed change is still in place: 'bondify check --heal' or 'bondify rollback' reverts it; then run apply again",
        },
      );
    }
    await stopRevertTimer(host, report);
    writeFileAtomic(host.root, marker(j.backup), host.now().toISOString() + '\n', { mode: 0o600 });
    endJournal(host.root, j);
    report(`confirmed: keeping the configuration (its backup is ${j.backup})`);
    return j.backup;
  });
}

/** What the revert timer's run did: a change confirmed (or undone) before it fired is left alone. */
export type AutoRevertOutcome = 'reverted' | 'nothing-to-revert';

/** `bondify rollback --auto <backup>`, run by the timer: revert only if that change still waits. */
export async function autoRevert(host: Host, backup: string, timeoutMs: number, report: Report): Promise<AutoRevertOutcome> {
  const lock = { command: 'rollback --auto', waitMs: 60_000 };
  const r = await takeBack(host, { lock, change: { waiting: backup }, network: { timeoutMs } }, report);
  if (r.outcome === 'nothing-waits') {
    report(`nothing to revert: the change of backup ${backup} was confirmed or already undone`);
    return 'nothing-to-revert';
  }
  if (r.outcome === 'revert-failed') throw wayBackError('the change was not confirmed in time', [], r);
  report(`reverted: the change was not confirmed in time (backup ${backup} restored)`);
  return 'reverted';
}

/** After a verified apply: arm the timer, release the lock, and wait for confirm / Enter / the deadline. */
export async function awaitConfirmation(
  host: Host,
  tx: Transaction,
  seconds: number,
  opts: { self: readonly string[]; enterPressed?: () => Promise<void>; timeoutMs: number; revertTimeoutMs?: number },
  report: Report,
): Promise<boolean> {
  const m = tx.backup as Manifest;
  // Recorded before the timer is armed, so this deadline never falls after the timer's.
  const deadlineMonotonic = monotonicDeadline(host, seconds);
  const deadline = new Date(host.now().getTime() + seconds * 1000).toISOString(); // shown to people only
  tx.step('awaiting-confirm', { deadline, deadlineMonotonic, revertUnit: `${REVERT_UNIT}.timer` });
  try {
    await armRevertTimer(host, opts.self, seconds, m.id, report);
  } catch (e) {
    throw await tx.revert('cannot arm the detached revert, so the change is not kept', [e instanceof Error ? e.message : String(e)]);
  }
  tx.releaseLock(); // `bondify confirm` and the timer's revert need it now
  report(
    `keep this configuration? run 'bondify confirm'${opts.enterPressed ? ' (or press Enter here)' : ''} within ${seconds} s; otherwise it is reverted, even if this session dies`,
  );
  let enter = false;
  void opts.enterPressed?.().then(() => (enter = true));
  for (;;) {
    if (isConfirmed(host.root, m.id)) {
      report('confirmed');
      return true;
    }
    if (enter) {
      await confirmPending(host, report);
      return true;
    }
    if (!waitsForConfirm(readJournal(host.root), m.id)) {
      // `bondify confirm` may have landed between the check above and this one (marker, then journal cleared).
      if (isConfirmed(host.root, m.id)) {
        report('confirmed');
        return true;
      }
      report('the change was undone from elsewhere (bondify rollback or the revert timer)');
      return false;
    }
    if (host.monotonicMs() >= deadlineMonotonic.ms) break;
    await sleep(200);
  }
  report(`not confirmed within ${seconds} s: reverting`);
  await stopRevertTimer(host, report);
  const lock = { command: 'apply (revert)', waitMs: 120_000 };
  const r = await takeBack(host, { lock, change: { waiting: m.id }, network: { timeoutMs: revertTimeout(opts) } }, report);
  if (r.outcome === 'nothing-waits' && isConfirmed(host.root, m.id)) {
    report('confirmed just before the deadline'); // `bondify confirm` took the lock first
    return true;
  }
  if (r.outcome === 'nothing-waits') report('the revert timer already undid the change');
  else if (r.outcome === 'revert-failed') throw wayBackError('the change was not confirmed in time', [], r);
  return false;
}
