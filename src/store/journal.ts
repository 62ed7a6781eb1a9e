// The transaction journal: which step a running apply or rollback has reached, rewritten atomically at each
// step. A journal still present when the next bondify starts means that run was interrupted.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { readText, removeFile, writeFileAtomic } from '../system/fs.js';
import { STATE_DIR } from '../system/paths.js';
import { modelProblems } from './recorded-model.js';

export const JOURNAL_FILE = `${STATE_DIR}/journal.json`;

export type Step =
  | 'backed-up' // the backup is complete, nothing else changed yet
  | 'writing' // files are being written / moved aside
  | 'reloading' // files are in place, networkd is being told
  | 'verifying'
  | 'reverting' // verification failed (or was not confirmed); the backup is being restored
  | 'awaiting-confirm'; // verified; kept only if `bondify confirm` runs before the deadline

export interface Journal {
  version: 1;
  command: 'apply' | 'rollback';
  /** The backup that undoes this transaction. */
  backup: string;
  step: Step;
  pid: number;
  startedAt: string;
  updatedAt: string;
  /** For awaiting-confirm: when the detached revert fires, in wall-clock time (shown to people, never compared). */
  deadline?: string;
  /**
   * For awaiting-confirm: the same deadline on CLOCK_MONOTONIC, the revert timer's clock, with the boot it counts
   * from. This is what `bondify confirm`, apply's own wait and heal compare (src/usecases/confirm-deadline.ts).
   */
  deadlineMonotonic?: { bootId: string | null; ms: number };
  /** For awaiting-confirm: the transient unit that reverts, stopped by `bondify confirm`. */
  revertUnit?: string;
  /** The bond being applied: a detached revert needs its links and gateway without reading the config. */
  model: BondModel;
}

export function readJournal(root: string): Journal | null {
  const text = readText(root, JOURNAL_FILE);
  if (text === null) return null;
  try {
    const j = JSON.parse(text) as Journal;
    if (j.version !== 1 || typeof j.backup !== 'string') throw new Error('unknown journal version');
    // A revert acts on the recorded bond as root (ip link delete <name>): it is checked as a config would be.
    const bad = modelProblems(j.model);
    if (bad.length > 0)
      throw new Error(
        `it records a bond bondify will not act on:${bad
          .slice(0, 8)
          .map((p) => `\n    ${p}`)
          .join('')}`,
      );
    return j;
  } catch (e) {
    throw new BondifyError('data', `the transaction journal is unreadable: ${(e as Error).message}`, {
      file: JOURNAL_FILE,
      cause: e,
      fix: `run 'bondify backups', restore the newest backup with 'bondify rollback', then remove ${JOURNAL_FILE}`,
    });
  }
}

export function writeJournal(root: string, j: Journal): void {
  writeFileAtomic(root, JOURNAL_FILE, JSON.stringify(j, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
}

/**
 * The journal's state machine, in one table: the steps each step may move to. 'ended' is the journal removed:
 * the change is kept (offline once written, unverified once reloaded, verified, confirmed) or the old set is back.
 * Any step may move to 'reverting' and may end once restored: a failure, a kill or a lost confirmation can come at
 * any point, and the backup (complete before the journal exists) undoes every one of them.
 */
export const TRANSITIONS: Readonly<Record<Step, readonly (Step | 'ended')[]>> = {
  'backed-up': ['writing', 'reverting', 'ended'],
  writing: ['reloading', 'reverting', 'ended'],
  reloading: ['verifying', 'reverting', 'ended'],
  verifying: ['awaiting-confirm', 'reverting', 'ended'],
  'awaiting-confirm': ['reverting', 'ended'],
  reverting: ['reverting', 'ended'],
};

function allowed(j: Journal, to: Step | 'ended'): void {
  if (TRANSITIONS[j.step].includes(to)) return;
  throw new BondifyError('software', `the transaction journal cannot move from ${j.step} to ${to}`, { file: JOURNAL_FILE });
}

/** Moves the journal to the next step (and records when); refuses a move the table above does not allow. */
export function moveJournal(root: string, j: Journal, step: Step, now: Date, extra: Partial<Journal> = {}): Journal {
  allowed(j, step);
  const next = { ...j, ...extra, step, updatedAt: now.toISOString() };
  writeJournal(root, next);
  return next;
}

/** Ends the transaction `j` (kept, or its backup restored): removes the journal. */
export function endJournal(root: string, j: Journal): boolean {
  allowed(j, 'ended');
  return removeFile(root, JOURNAL_FILE);
}

/** Removes whatever journal is on disk: for a restore that may run without one (its write failed on a full disk). */
export const dropJournal = (root: string): boolean => removeFile(root, JOURNAL_FILE);
