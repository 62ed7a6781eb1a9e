// The one way back: a recorded transaction (its journal names a complete backup and the bond it changed) goes back
// to its "before" state here, whoever asks: apply's failure, the confirm deadline (apply's own wait and the revert
// timer's `rollback --auto`), heal, and the next run after a crash. Under the lock, the backup goes back through
// the boot-safe writer (store/order.ts), the journal goes, and on a live system the bond link is deleted, networkd
// takes the restored files and the result is verified. The callers only decide when; what they say is theirs.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { NETWORK_DIR, OWN_PREFIX } from '../model/planned-file.js';
import type { Host } from '../system/host.js';
import { acquireLock, LOCK_FILE, type LockHandle } from '../system/lock.js';
import { cleanTemps, readText } from '../system/fs.js';
import { STATE_DIR } from '../system/paths.js';
import type { Report } from '../system/process.js';
import { monotonicMs } from '../system/clock.js';
import { readManifest, removeIncomplete, restoreBackup, type Manifest, type RestoreResult } from '../store/backup.js';
import { ownFiles } from '../store/changes.js';
import { dropJournal, JOURNAL_FILE, moveJournal, readJournal, type Journal } from '../store/journal.js';
import { deleteLink, reload, restartNetworkd } from '../networkd/control.js';
import { parseUnitFile, values } from '../networkd/unit-file.js';
import { revertedError, type RevertResult } from './revert.js';
import { standardExpectations, verifyStandard } from './verify-standard.js';
import { inspectBondUp, retryUntil } from './verify.js';

export interface WayBackSpec {
  /** The lock to take (for whom, how long to wait), or 'held': the caller holds it and releases it. */
  lock: { command: string; waitMs: number } | 'held';
  /** Which change: the unconfirmed one of this backup (one confirmed or undone meanwhile is left alone); the
   * caller's own, known in memory (apply's failure: it goes back even when its journal cannot be read again);
   * absent, whatever journal is on disk (heal and recovery, which have judged it already). */
  change?: { waiting: string } | { own: Journal; backup: Manifest };
  /** On a live system, bring networkd to the restored files and verify within timeoutMs. 'files-only': a run that
   * opens on a killed run's journal, which tells networkd itself once it knows what it is going to do. */
  network: { timeoutMs: number } | 'files-only';
}

/** nothing-waits: no journal, or not the change named. Otherwise the backup was restored (and, live, verified); on
 * revert-failed the network is not healthy, or the files could not be put back (the journal then stays). */
export type WayBack =
  { outcome: 'nothing-waits' } | { outcome: 'reverted' | 'revert-failed'; journal: Journal; backup: Manifest; revert: RevertResult };

/** Takes a recorded transaction back to its "before" state (see the top of this file). A journal whose backup is
 * missing is an error (data): nothing can undo it but a human. */
export async function takeBack(host: Host, spec: WayBackSpec, report: Report): Promise<WayBack> {
  const lock = spec.lock === 'held' ? null : await takeLock(host, spec.lock.command, spec.lock.waitMs, report);
  try {
    const c = spec.change;
    const own = c !== undefined && 'own' in c ? c : null;
    const journal = own?.own ?? readJournal(host.root);
    if (journal === null) return { outcome: 'nothing-waits' };
    if (c !== undefined && 'waiting' in c && !waitsForConfirm(journal, c.waiting)) return { outcome: 'nothing-waits' };
    if (own === null) clearLeftovers(host, report); // another run's: gone, or waiting for its confirmation
    const backup = own?.backup ?? journalBackup(host, journal);
    const revert = await goBack(host, backup, journal.model, spec.network, report);
    return { outcome: revert.ok ? 'reverted' : 'revert-failed', journal, backup, revert };
  } finally {
    lock?.release();
  }
}

/** Is `j` the unconfirmed change of backup `id`, still inside its confirmation window or past it? */
export const waitsForConfirm = (j: Journal | null, id: string): j is Journal =>
  j !== null && j.step === 'awaiting-confirm' && j.backup === id;

/** Takes the lock for `command`, saying once whom it waits for. */
export const takeLock = (host: Host, command: string, waitMs: number, report: Report): Promise<LockHandle> =>
  acquireLock(host.root, command, {
    waitMs,
    now: () => host.now(),
    monotonicMs: () => host.monotonicMs(),
    onWait: (h) => report(`waiting for another bondify ${h.command} (pid ${h.pid}) to finish (lock ${LOCK_FILE})`),
  });

/** The error a caller gives for a change it took back: what was being undone and why, how the way back went, and
 * the manual steps when it failed. */
export const wayBackError = (what: string, problems: string[], r: Extract<WayBack, { journal: Journal }>): BondifyError =>
  revertedError(what, problems, r.revert, r.backup, r.journal.model);

/** The backup the journal names; a journal whose backup is gone cannot be undone by bondify. */
function journalBackup(host: Host, j: Journal): Manifest {
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

/**
 * The files: the journal moves to reverting, the backup goes back with the boot-safe writer, and the journal goes.
 * Throws when the files cannot be put back; the journal then stays, so the next run restores them before anything else.
 */
function restoreFiles(host: Host, m: Manifest, report: Report): RestoreResult {
  try {
    // Inside the try: on a full disk even this rewrite fails, and the files must still be put back. Recovery
    // restores the same backup whichever step the journal names.
    const j = readJournal(host.root);
    if (j !== null) moveJournal(host.root, j, 'reverting', host.now());
  } catch (e) {
    report(`  (journal not updated: ${e instanceof Error ? e.message : String(e)})`);
  }
  const r = restoreBackup(host.root, m, host.isRoot());
  // The files are the old set again: nothing left to recover. Dropped even when it could not be read or moved above.
  dropJournal(host.root);
  return r;
}

/** Restores `m` and, live unless files-only, brings the network back to it and verifies; never throws for a failed
 * restore or check (the result says), only for a backup that cannot be read. */
async function goBack(host: Host, m: Manifest, model: BondModel, network: WayBackSpec['network'], report: Report): Promise<RevertResult> {
  if (network !== 'files-only') report(`reverting to backup ${m.id}`);
  let r;
  try {
    r = restoreFiles(host, m, report);
  } catch (e) {
    // A run opening on a journal cannot go on over files it could not put back: it stops with the cause.
    if (network === 'files-only') throw e;
    const problems = [`restoring the files failed: ${e instanceof Error ? e.message : String(e)}`];
    return { ok: false, verified: false, problems, elapsedMs: 0 };
  }
  if (network === 'files-only') {
    report(`  restored backup ${m.id}: ${r.written.length} file(s) put back, ${r.removed.length} removed`);
    return { ok: true, verified: false, problems: [], elapsedMs: 0 };
  }
  for (const p of r.written) report(`  restored ${p}`);
  for (const p of r.removed) report(`  removed ${p}`);
  if (!host.live) return { ok: true, verified: false, problems: [], elapsedMs: 0 };
  const t0 = monotonicMs();
  const bondBack = ownFiles(host.root).some((p) => p.endsWith('.netdev'));
  const gateway = restoredGateway(m, model, host.root);
  try {
    // Always drop the link: networkd (< 257) would keep a bond made from the files being undone. When an older
    // bond comes back its slaves' files may be unchanged, and only a restart makes networkd enslave them again.
    await deleteLink(host, model.name, report);
    if (bondBack) await restartNetworkd(host, report);
    else
      await reload(
        host,
        model.slaves.map((s) => s.name),
        report,
      );
  } catch (e) {
    return { ok: false, verified: false, problems: [e instanceof Error ? e.message : String(e)], elapsedMs: monotonicMs() - t0 };
  }
  const { timeoutMs } = network;
  report(`  verifying the ${bondBack ? 'previous bond' : 'restored links'} (up to ${Math.round(timeoutMs / 1000)} s)`);
  const v = bondBack
    ? await retryUntil(() => inspectBondUp(host, model.name, gateway), timeoutMs)
    : await verifyStandard(host, model.name, standardExpectations(host.root, model), timeoutMs);
  const elapsedMs = monotonicMs() - t0;
  report(
    v.ok
      ? `  ✓ the previous configuration is healthy again after ${(elapsedMs / 1000).toFixed(1)} s`
      : `  ✗ the previous configuration is not healthy after ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  return { ok: v.ok, verified: v.ok, problems: v.problems, elapsedMs, gateway };
}

/** The gateway of what the backup restores: the change being undone may be exactly a wrong gateway. */
function restoredGateway(m: Manifest, model: BondModel, root: string): string | null {
  const bondFile = m.entries.find((e) => e.existed && e.path === `${NETWORK_DIR}/${OWN_PREFIX}${model.name}.network`);
  if (bondFile) return values(parseUnitFile(readText(root, bondFile.path) ?? ''), 'Network', 'Gateway')[0] ?? null;
  return standardExpectations(root, model).find((l) => l.gateway !== null)?.gateway ?? model.network.gateway;
}
