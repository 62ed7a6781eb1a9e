// The one wrapper every change to the network files runs in, in the spirit of netplan's `try` and nmstate's
// checkpoint: take the lock, finish whatever an interrupted run left, back up everything the change touches before
// the journal names that backup, record each step, and on an error before the change is kept put the backup back.
// The lock is released however the body ends. The body (apply, rollback) says only what it does: it writes with
// the store's writers, which order every file boot-safe (store/order.ts), reloads, verifies and keeps.
// Every way back, on an error and when the transaction opens on a killed run's journal, is way-back.ts's takeBack.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import type { LockHandle } from '../system/lock.js';
import { BACKUP_DIR, createBackup, removeBackup, type Manifest, type Touch } from '../store/backup.js';
import { ownFiles } from '../store/changes.js';
import { endJournal, moveJournal, readJournal, writeJournal, type Journal, type Step } from '../store/journal.js';
import type { Report } from '../system/process.js';
import { clearLeftovers, takeBack, takeLock, wayBackError } from './way-back.js';
import { revertTimerActive, stopRevertTimer } from '../networkd/revert-timer.js';
import { autoPrune } from './prune.js';

export interface TransactionSpec {
  command: 'apply' | 'rollback';
  /** The lock: taken here (waiting up to waitMs) and released however the body ends; or held by the caller
   * (check --heal decides and acts under one lock), which releases it itself: the transaction never lets it go. */
  lock: { waitMs: number } | { held: LockHandle };
  /**
   * What an error does once files may have changed. Given: the backup is restored and verified (within timeoutMs)
   * at once, and the error says how that went (apply: the device must not stay on a change that failed). null: the
   * journal stays, so the next run restores the backup before anything else, exactly as after a kill (rollback).
   */
  revert: { timeoutMs: number } | null;
  /** Keeping the change also prunes old backups (apply; the rule spares what rollback needs, prune.ts). */
  pruneOnKeep: boolean;
}

/** What the body works with. Each step of the change is recorded through it; the moves allowed are journal.ts's table. */
export interface Transaction {
  /** The interrupted transaction undone on opening (its files restored, networkd not told yet), if any. */
  readonly recovered: Journal | null;
  /** The backup that undoes this change; null until begin. */
  readonly backup: Manifest | null;
  /** Backs up every path the change touches (complete once its manifest is written), then starts the journal. */
  begin(touched: Touch[], model: BondModel): Manifest;
  /** Records the step about to start; without a backup (a rollback with no file to change) there is no journal. */
  step(step: Exclude<Step, 'backed-up' | 'reverting'>, extra?: Partial<Journal>): void;
  /** The change stays: the journal ends (and old backups are pruned when the spec says so). */
  keep(): void;
  /** Restores the backup now, verified on a live system, and returns the error that says what failed and how the
   * way back went (a tempfail either way: try again once the cause is fixed). */
  revert(what: string, problems: string[]): Promise<BondifyError>;
  /** Lets go of the lock early: `bondify confirm` and the revert timer need it while apply waits for them (only a
   * lock the transaction took itself). */
  releaseLock(): void;
}

/** Runs `body` as one transaction (see the top of this file) and returns what it returns. */
export async function transaction<T>(host: Host, spec: TransactionSpec, report: Report, body: (tx: Transaction) => Promise<T>): Promise<T> {
  const ours = 'waitMs' in spec.lock;
  const lock = 'held' in spec.lock ? spec.lock.held : await takeLock(host, spec.command, spec.lock.waitMs, report);
  try {
    // A rollback handles a change that waits for confirmation itself; an apply refuses while its timer runs.
    const recovered = await recoverInterrupted(host, report, spec.command === 'rollback');
    let journal: Journal | null = null;
    let backup: Manifest | null = null;
    let state: 'open' | 'kept' | 'reverted' = 'open';
    const tx: Transaction = {
      recovered,
      get backup() {
        return backup;
      },
      begin(touched, m) {
        const now = host.now();
        const bondifyPresent = ownFiles(host.root).length > 0;
        const taken = createBackup(host.root, now, spec.command, bondifyPresent, touched, spec.command === 'apply' ? m : undefined);
        report(`  backup: ${BACKUP_DIR}/${taken.id} (${taken.entries.length} path(s))`);
        const first: Journal = {
          version: 1,
          command: spec.command,
          backup: taken.id,
          step: 'backed-up',
          pid: lock.owner.pid,
          startedAt: now.toISOString(),
          updatedAt: now.toISOString(),
          model: m,
        };
        try {
          writeJournal(host.root, first);
        } catch (e) {
          // No journal, no change: a kill after the first write could not be undone, so nothing is written. The
          // change counts as begun (backup set, revert possible) only once the journal names its backup.
          discardBackup(taken.id);
          throw e;
        }
        backup = taken;
        journal = first;
        return taken;
      },
      step(step, extra) {
        if (journal !== null) journal = moveJournal(host.root, journal, step, host.now(), extra);
      },
      keep() {
        if (journal !== null) endJournal(host.root, journal);
        state = 'kept';
        if (spec.pruneOnKeep) autoPrune(host.root, report);
      },
      async revert(what, problems) {
        if (backup === null || journal === null || spec.revert === null)
          throw new BondifyError('software', `${what}, and this ${spec.command} has no backup to revert to`);
        state = 'reverted';
        const change = { own: journal, backup };
        const r = await takeBack(host, { lock: 'held', change, network: { timeoutMs: spec.revert.timeoutMs } }, report);
        if (r.outcome === 'nothing-waits') throw new BondifyError('software', `${what}, and its journal is gone`);
        return wayBackError(what, problems, r);
      },
      releaseLock() {
        if (!ours) throw new BondifyError('software', `this ${spec.command} runs under its caller's lock and cannot let it go`);
        lock.release();
      },
    };
    /** Removes the backup of a change that never started: it would undo nothing, and on a full disk it holds the
     * space the journal lacked. A backup that cannot go is left (complete, harmless) and said so. */
    const discardBackup = (id: string): void => {
      try {
        removeBackup(host.root, id);
        report(`  ✗ the journal could not be written: nothing was changed, backup ${id} removed`);
      } catch (e) {
        report(
          `  ✗ the journal could not be written: nothing was changed; backup ${id} stays (${e instanceof Error ? e.message : String(e)})`,
        );
      }
    };
    try {
      return await body(tx);
    } catch (e) {
      // A tempfail reports a revert already done, or a change whose revert belongs to the timer (confirm too late).
      const revertNow =
        spec.revert !== null && backup !== null && state === 'open' && !(e instanceof BondifyError && e.kind === 'tempfail');
      if (!revertNow) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      report(`  ✗ ${msg}`);
      throw await tx.revert(`${spec.command} failed part way`, [msg]);
    }
  } finally {
    if (ours) lock.release();
  }
}

/**
 * Opens a transaction on whatever a killed run left: its leftovers go, and its journal's backup goes back (files
 * only: the body tells networkd once it knows what it does). Returns the journal undone, if any. `pendingOk`: the
 * caller handles a change that waits for confirmation itself (rollback); otherwise (apply) one whose revert timer
 * still runs is refused.
 */
async function recoverInterrupted(host: Host, report: Report, pendingOk: boolean): Promise<Journal | null> {
  clearLeftovers(host, report);
  const j = readJournal(host.root);
  if (j === null) return null;
  if (j.step === 'awaiting-confirm') {
    const live = host.live && (await revertTimerActive(host));
    if (live && !pendingOk) {
      throw new BondifyError('tempfail', `the last apply waits for confirmation until ${j.deadline ?? '?'}`, {
        fix: "run 'bondify confirm' to keep it or 'bondify rollback' to undo it, then run this again",
      });
    }
    if (live) await stopRevertTimer(host, report);
    report(`unconfirmed apply (backup ${j.backup}): undoing it`);
  } else {
    report(`found an interrupted ${j.command} (pid ${j.pid}, started ${j.startedAt}, step ${j.step}): undoing it`);
  }
  await takeBack(host, { lock: 'held', network: 'files-only' }, report);
  return j;
}
