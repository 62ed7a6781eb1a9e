// Undoing one apply on a live system: restore its backup, drop the bond link, let networkd take the restored
// files, and check the device is reachable again. When that fails too, say so loudly and how to recover by hand.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import { BACKUP_DIR, restoreBackup, type Manifest, type RestoreResult } from '../store/backup.js';
import { ownFiles } from '../store/changes.js';
import { bootSafeOrder } from '../store/order.js';
import { dropJournal, moveJournal, readJournal } from '../store/journal.js';
import { deleteLink, reload, restartNetworkd } from '../networkd/control.js';
import type { Report } from '../system/process.js';
import { standardExpectations, verifyStandard, type LinkExpect } from './verify-standard.js';
import { retryUntil, inspectBondUp } from './verify.js';
import { NETWORK_DIR, OWN_PREFIX } from '../model/planned-file.js';
import { readText } from '../system/fs.js';
import { parseUnitFile, values } from '../networkd/unit-file.js';
import { monotonicMs } from '../system/clock.js';

export interface RevertResult {
  ok: boolean;
  /** False on an offline root: the files are back, but nothing could be checked. */
  verified: boolean;
  problems: string[];
  elapsedMs: number;
  /** The gateway the restored configuration uses (for the checks and the manual steps). */
  gateway?: string | null;
}

/** The gateway of what the backup restores: the change being undone may be exactly a wrong gateway. */
function restoredGateway(m: Manifest, model: BondModel, root: string): string | null {
  const bondFile = m.entries.find((e) => e.existed && e.path === `${NETWORK_DIR}/${OWN_PREFIX}${model.name}.network`);
  if (bondFile) return values(parseUnitFile(readText(root, bondFile.path) ?? ''), 'Network', 'Gateway')[0] ?? null;
  return standardExpectations(root, model).find((l) => l.gateway !== null)?.gateway ?? model.network.gateway;
}

/** The shell steps that finish a revert by hand, for the message shown when bondify could not. */
export function manualSteps(m: Manifest, model: BondModel, gateway: string | null = model.network.gateway): string {
  const slaves = model.slaves.map((s) => s.name).join(' ');
  // In the order bondify itself restores (order.ts), so a reboot half way through still brings the links up.
  const ordered = bootSafeOrder(
    null,
    m.entries.map((e) => ({ ...e, remove: !e.existed })),
  );
  const lines = ordered.map((e) => (e.existed ? `cp -p ${BACKUP_DIR}/${m.id}/${e.blob} ${e.path}` : `rm -f ${e.path}`));
  const bondBack = m.entries.some((e) => e.existed && e.path.endsWith('.netdev'));
  return [
    `The backup is kept in ${BACKUP_DIR}/${m.id}. To finish by hand, as root on the console:`,
    ...lines.map((l) => `  ${l}`),
    `  ip link delete ${model.name}`,
    bondBack ? '  systemctl restart systemd-networkd' : `  networkctl reload && networkctl reconfigure ${slaves}`,
    `  ip addr; ip route; ping -c1 ${gateway ?? '<gateway>'}`,
  ].join('\n');
}

/** How long the way back may take to verify: at least 60 s (wifi re-associating after leaving the bond). */
export const revertTimeout = (o: { timeoutMs: number; revertTimeoutMs?: number }): number =>
  o.revertTimeoutMs ?? Math.max(o.timeoutMs, 60_000);

/**
 * The files half of every revert, recovery's too: the journal moves to reverting, the backup goes back with the
 * boot-safe writer, and the journal goes. Throws when the files cannot be put back; the journal then stays, so the
 * next run restores them before anything else.
 */
export function restoreJournaled(host: Host, m: Manifest, report: Report): RestoreResult {
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

/** Restores `m` and, live, brings the network back to it and verifies; never throws for a failed check. */
export async function revertTo(host: Host, m: Manifest, model: BondModel, timeoutMs: number, report: Report): Promise<RevertResult> {
  report(`reverting to backup ${m.id}`);
  let r;
  try {
    r = restoreJournaled(host, m, report);
  } catch (e) {
    return {
      ok: false,
      verified: false,
      problems: [`restoring the files failed: ${e instanceof Error ? e.message : String(e)}`],
      elapsedMs: 0,
    };
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

/** What the revert restored each link to, for the summary line. */
export const describeLinks = (links: LinkExpect[]): string =>
  links.map((l) => `${l.name} ${l.addresses.join(', ') || (l.dhcp ? 'DHCP' : 'no address')}`).join('; ');

/** The error apply exits with after a revert: 75 in both cases, the message says which. */
export function revertedError(what: string, problems: string[], rev: RevertResult, m: Manifest, model: BondModel): BondifyError {
  const why = problems.map((p) => `\n    ${p}`).join('');
  if (rev.ok) {
    const how = rev.verified ? 'restored and verified' : 'restored (offline root: the files are back, nothing was reloaded or verified)';
    return new BondifyError('tempfail', `${what}; the previous configuration was ${how}:${why}`, {
      fix: 'fix the cause above and run apply again',
    });
  }
  const revWhy = rev.problems.map((p) => `\n    ${p}`).join('');
  return new BondifyError(
    'tempfail',
    `${what}:${why}\n\n!!! THE REVERT FAILED TOO: the previous files are back on disk but the network is not healthy:${revWhy}\n\n${manualSteps(m, model, rev.gateway === undefined ? model.network.gateway : rev.gateway)}`,
    {
      fix: 'follow the manual steps above from the console',
    },
  );
}
