// Pruning old backups (`bondify backups prune`, and apply after a kept change): keep the newest N, and never one the
// default rollback needs (its chain, newest apply down to the last one taken before bondify's files existed) nor
// the one an unfinished transaction names in the journal (awaiting confirm, or interrupted and not yet undone).
import { BondifyError } from '../errors.js';
import type { Host } from '../system/host.js';
import { withLock } from '../system/lock.js';
import { STATE_DIR } from '../system/paths.js';
import { lstatKind } from '../system/fs.js';
import { checkStateDirs } from '../store/state-dirs.js';
import { BACKUP_DIR, isOwnBackup, listBackups, removeBackup, removeIncomplete, undoChain, type Manifest } from '../store/backup.js';
import { readJournal } from '../store/journal.js';
import type { Report } from '../system/process.js';

export const DEFAULT_KEEP = 10;

export interface PrunePlan {
  remove: Manifest[];
  /** Backups kept beyond the newest N, and why. */
  protectedIds: Array<{ id: string; why: string }>;
}

/** Which backups go (`all` oldest first, as listBackups returns them). */
export function planPrune(all: Manifest[], keep: number, journalBackup: string | null): PrunePlan {
  const newest = new Set(keep > 0 ? all.slice(-keep).map((m) => m.id) : []);
  const chain = new Set(undoChain(all).map((m) => m.id));
  const plan: PrunePlan = { remove: [], protectedIds: [] };
  for (const m of all) {
    if (newest.has(m.id)) continue;
    if (m.id === journalBackup)
      plan.protectedIds.push({ id: m.id, why: 'an unfinished transaction (awaiting confirm or interrupted) needs it' });
    else if (chain.has(m.id))
      plan.protectedIds.push({ id: m.id, why: 'the default rollback restores it (back to the state before bondify)' });
    else plan.remove.push(m);
  }
  return plan;
}

/** Prunes with the lock already held; returns the ids removed. */
export function pruneLocked(root: string, keep: number, report: Report): string[] {
  for (const id of removeIncomplete(root)) report(`  removed the incomplete backup ${id} of a killed run`);
  const plan = planPrune(listBackups(root), keep, readJournal(root)?.backup ?? null);
  const gone: string[] = [];
  for (const m of plan.remove) {
    // Only a folder bondify can prove it made (its marker); one without (a hand-made copy) stays, said so.
    if (!isOwnBackup(root, m.id)) {
      report(
        `  kept ${BACKUP_DIR}/${m.id}: it has no bondify marker, so bondify cannot tell it made it (remove it by hand if it is not needed)`,
      );
      continue;
    }
    // Manifest first, marker last (removeBackup): a prune killed half way leaves an incomplete backup of bondify's
    // (removed by the next run), never a "complete" one with files missing.
    removeBackup(root, m.id);
    gone.push(m.id);
    report(`  removed backup ${m.id} (${m.command}, ${m.createdAt})`);
  }
  for (const p of plan.protectedIds) report(`  kept backup ${p.id} beyond the newest ${keep}: ${p.why}`);
  return gone;
}

/** `bondify backups prune`: under the lock, so it never races an apply or rollback writing a backup. */
export async function pruneBackups(host: Host, keep: number, report: Report): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 0)
    throw new BondifyError('usage', 'backups prune: --keep must be a whole number, 0 or more', {
      value: String(keep),
      fix: `e.g. --keep ${DEFAULT_KEEP}`,
    });
  // Before the lock creates anything: the folders are real ones, every manifest reads, and there is a backup folder.
  checkStateDirs(host.root, [STATE_DIR, BACKUP_DIR]);
  planPrune(listBackups(host.root), keep, readJournal(host.root)?.backup ?? null);
  if (lstatKind(host.root, BACKUP_DIR).kind === 'absent') {
    report(`nothing to prune: there is no ${BACKUP_DIR}`);
    return [];
  }
  return withLock(
    host.root,
    'backups prune',
    { waitMs: 30_000, now: () => host.now(), monotonicMs: () => host.monotonicMs() },
    async () => {
      report(
        `pruning ${BACKUP_DIR}: keeping the newest ${keep}, the default rollback's chain and any backup an unfinished transaction needs`,
      );
      const gone = pruneLocked(host.root, keep, report);
      report(gone.length === 0 ? 'nothing to prune' : `removed ${gone.length} backup(s)`);
      return gone;
    },
  );
}

/** After apply kept a change: prune with the default rule, reporting but never failing the apply over it. */
export function autoPrune(root: string, report: Report): void {
  try {
    const lines: string[] = [];
    const gone = pruneLocked(root, DEFAULT_KEEP, (l) => lines.push(l));
    if (gone.length > 0) report(`pruned ${gone.length} old backup(s) beyond the newest ${DEFAULT_KEEP}: ${gone.join(', ')}`);
  } catch (e) {
    report(`  (old backups not pruned: ${e instanceof Error ? e.message : String(e)})`);
  }
}
