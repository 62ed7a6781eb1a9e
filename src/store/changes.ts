// Carrying out a plan's changes (plan.ts computes them): bondify's own files, what the backup records about
// each change, the boot-safe writes, and the change list as apply prints it.
import path from 'node:path';
import { MODPROBE_FILE, NETWORK_DIR, OWN_PREFIX, POWER_SAVE_RULE, type Change } from '../model/planned-file.js';
import { listDir, readFile } from '../system/fs.js';
import type { Touch } from './backup.js';
import type { Report } from '../system/process.js';
import { writeInOrder } from './order.js';

export type { Change } from '../model/planned-file.js';

/** bondify's own files on the target now: 10-bondify-* in the network folder, the modprobe option file and the
 * power-save udev rule. */
export function ownFiles(root: string): string[] {
  const own = listDir(root, NETWORK_DIR)
    .filter((n) => n.startsWith(OWN_PREFIX))
    .map((n) => `${NETWORK_DIR}/${n}`);
  return [...own, ...[MODPROBE_FILE, POWER_SAVE_RULE].filter((p) => readFile(root, p) !== null)];
}

export const isOwn = (p: string): boolean =>
  p === MODPROBE_FILE || p === POWER_SAVE_RULE || (path.posix.dirname(p) === NETWORK_DIR && path.posix.basename(p).startsWith(OWN_PREFIX));

export const touches = (changes: Change[]): Touch[] => changes.map((c) => ({ path: c.path, reason: c.action }));

/** Applies the changes with the boot-safe writer (order.ts); owner root:root as root. */
export function writeChanges(root: string, changes: Change[], asRoot: boolean, report: Report): void {
  const gone = (c: Change) => c.action === 'remove' || c.action === 'move-aside';
  const ops = changes.map((c) => ({ ...c, remove: gone(c), uid: 0, gid: 0 }));
  writeInOrder(root, ops, asRoot, (c) => {
    const verb = { remove: 'removed', 'move-aside': 'moved aside', create: 'created', update: 'updated' }[c.action];
    report(`  ${verb} ${c.path}`);
  });
}

/** One line per change, the action as plan names it: `  move-aside /etc/systemd/network/eth0.network (…)`. */
export function describeChanges(changes: Change[]): string {
  return changes
    .map((c) => `  ${c.action} ${c.path}${c.action === 'move-aside' ? ` (into the backup: ${c.why ?? 'it configures a slave'})` : ''}\n`)
    .join('');
}
