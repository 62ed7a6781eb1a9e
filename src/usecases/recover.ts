// Finishing what an interrupted run left: a journal still on disk means apply or rollback was killed part way.
// Its backup is complete (the journal is written only after it), so the safe answer is to restore it: the
// files are then exactly the old set again, and the command that found it carries on from there.
import { BondifyError } from '../errors.js';
import { NETWORK_DIR } from '../model/planned-file.js';
import type { Host } from '../system/host.js';
import { cleanTemps } from '../system/fs.js';
import { readManifest, removeIncomplete, type Manifest } from '../store/backup.js';
import { JOURNAL_FILE, readJournal, type Journal } from '../store/journal.js';
import { STATE_DIR } from '../system/paths.js';
import type { Report } from '../system/process.js';
import { revertTimerActive, stopRevertTimer } from '../networkd/revert-timer.js';
import { restoreJournaled } from './revert.js';

export interface Recovery {
  /** The interrupted transaction that was undone, if any. */
  undone: Journal | null;
}

/** The backup the journal names; a journal whose backup is gone cannot be undone by bondify. */
export function journalBackup(host: Host, j: Journal): Manifest {
  const m = readManifest(host.root, j.backup);
  if (m !== null) return m;
  throw new BondifyError('data', `the journal names backup ${j.backup}, which is missing`, {
    fix: `check 'bondify backups'; restore the files by hand, then remove ${host.root === '/' ? '' : host.root}${JOURNAL_FILE}`,
  });
}

/** Removes what a killed run leaves besides its journal: temp files of the atomic writer and an incomplete backup.
 * Only under the lock: then no live run is writing them. */
export function clearLeftovers(host: Host, report: Report): void {
  for (const dir of [NETWORK_DIR, '/etc/modprobe.d', STATE_DIR]) {
    for (const t of cleanTemps(host.root, dir)) report(`  removed a temp file left by a killed run: ${dir}/${t}`);
  }
  for (const id of removeIncomplete(host.root)) report(`  removed the incomplete backup ${id} of a killed run`);
}

/** Restores the journal's backup (files only: the caller tells networkd) and drops the journal. */
export function undo(host: Host, j: Journal, report: Report): void {
  const m = journalBackup(host, j);
  const r = restoreJournaled(host, m, report);
  report(`  restored backup ${m.id}: ${r.written.length} file(s) put back, ${r.removed.length} removed`);
}

/**
 * Call under the lock before a transaction. `pendingOk`: the caller handles a change that waits for
 * confirmation itself (rollback); otherwise (apply) one whose revert timer still runs is refused.
 */
export async function recoverInterrupted(host: Host, report: Report, pendingOk: boolean): Promise<Recovery> {
  clearLeftovers(host, report);
  const j = readJournal(host.root);
  if (j === null) return { undone: null };
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
  undo(host, j, report);
  return { undone: j };
}
