// Opening a transaction: take the lock, finish whatever an interrupted run left, and once the changes are
// known, back up everything they touch and start the journal. The lock is what makes all of this one at a time.
import type { BondModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import { acquireLock, LOCK_FILE, type LockHandle } from '../system/lock.js';
import { BACKUP_DIR, createBackup, type Manifest, type Touch } from '../store/backup.js';
import { ownFiles } from '../store/changes.js';
import { writeJournal, type Journal } from '../store/journal.js';
import { recoverInterrupted } from './recover.js';
import type { Report } from '../system/process.js';

export interface Opened {
  lock: LockHandle;
  /** The interrupted transaction this run undid first (its files restored, networkd not told yet), if any. */
  recovered: Journal | null;
}

/** `held`: a lock the caller already took (check --heal decides and acts under one lock); released like our own. */
export async function openTransaction(host: Host, command: 'apply' | 'rollback', waitMs: number, report: Report, held?: LockHandle): Promise<Opened> {
  const lock = held ?? await acquireLock(host.root, command, {
    waitMs,
    now: () => host.now(),
    onWait: (h) => report(`waiting for another bondify ${h.command} (pid ${h.pid}) to finish (lock ${LOCK_FILE})`),
  });
  let recovered: Journal | null;
  try {
    recovered = (await recoverInterrupted(host, report, command === 'rollback')).undone;
  } catch (e) {
    lock.release();
    throw e;
  }
  return { lock, recovered };
}

export interface Begun {
  manifest: Manifest;
  journal: Journal;
}

/** Backup first (complete once its manifest is written), then the journal that names it. */
export function begin(host: Host, opened: Opened, command: 'apply' | 'rollback', touched: Touch[], model: BondModel, report: Report): Begun {
  const now = host.now();
  const bondifyPresent = ownFiles(host.root).length > 0;
  const manifest = createBackup(host.root, now, command, bondifyPresent, touched, command === 'apply' ? model : undefined);
  report(`  backup: ${BACKUP_DIR}/${manifest.id} (${manifest.entries.length} path(s))`);
  const journal: Journal = { version: 1, command, backup: manifest.id, step: 'backed-up', pid: opened.lock.owner.pid, startedAt: now.toISOString(), updatedAt: now.toISOString(), model };
  writeJournal(host.root, journal);
  return { manifest, journal };
}
