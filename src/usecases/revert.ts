// What a way back says (way-back.ts does it): how it went, the error its caller exits with, and when the way back
// failed too, say so loudly and how to recover by hand.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { BACKUP_DIR, type Manifest } from '../store/backup.js';
import { bootSafeOrder } from '../store/order.js';

export interface RevertResult {
  ok: boolean;
  /** False on an offline root: the files are back, but nothing could be checked. */
  verified: boolean;
  problems: string[];
  elapsedMs: number;
  /** The gateway the restored configuration uses (for the checks and the manual steps). */
  gateway?: string | null;
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
