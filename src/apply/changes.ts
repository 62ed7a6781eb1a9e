// What a transaction changes, computed under the lock from what is on disk now: files to create or update
// (content or mode differs), bondify's own stale files to remove, and competing files to move aside.
import path from 'node:path';
import { MODPROBE_FILE, NETWORK_DIR, OWN_PREFIX, type PlannedFile } from '../model/plan.js';
import { listDir, readFile, removeFile, writeFileAtomic } from '../system/fs.js';
import type { Touch } from './backup.js';
import type { Report } from './run.js';
import { bootSafeOrder } from './order.js';

export interface Change {
  path: string;
  action: 'create' | 'update' | 'remove' | 'move-aside';
  content?: string;
  mode?: number;
}

/** bondify's own files on the target now: 10-bondify-* in the network folder and the modprobe option file. */
export function ownFiles(root: string): string[] {
  const own = listDir(root, NETWORK_DIR).filter((n) => n.startsWith(OWN_PREFIX)).map((n) => `${NETWORK_DIR}/${n}`);
  return readFile(root, MODPROBE_FILE) === null ? own : [...own, MODPROBE_FILE];
}

export const isOwn = (p: string): boolean => p === MODPROBE_FILE || (path.posix.dirname(p) === NETWORK_DIR && path.posix.basename(p).startsWith(OWN_PREFIX));

/** `wanted`: the complete set of bondify files that should exist; any other own file is stale. */
export function computeChanges(root: string, wanted: PlannedFile[], moveAside: string[]): Change[] {
  const out: Change[] = [];
  for (const f of wanted) {
    if (!isOwn(f.path)) throw new Error(`internal: ${f.path} is not one of bondify's own file names`);
    const cur = readFile(root, f.path);
    const same = cur !== null && cur.content.equals(Buffer.from(f.content, 'utf8')) && cur.mode === f.mode;
    if (!same) out.push({ path: f.path, action: cur === null ? 'create' : 'update', content: f.content, mode: f.mode });
  }
  const keep = new Set(wanted.map((f) => f.path));
  for (const p of ownFiles(root)) if (!keep.has(p)) out.push({ path: p, action: 'remove' });
  for (const p of moveAside) if (readFile(root, p) !== null) out.push({ path: p, action: 'move-aside' });
  return out;
}

export const touches = (changes: Change[]): Touch[] => changes.map((c) => ({ path: c.path, reason: c.action }));

/** Applies the changes in the boot-safe order (see order.ts) with the safe writer; owner root:root as root. */
export function writeChanges(root: string, changes: Change[], asRoot: boolean, report: Report): void {
  const ordered = bootSafeOrder(root, changes.map((c) => ({ ...c, remove: c.action === 'remove' || c.action === 'move-aside' })));
  for (const c of ordered) {
    if (c.action === 'remove' || c.action === 'move-aside') {
      removeFile(root, c.path);
      report(`  ${c.action === 'remove' ? 'removed' : 'moved aside'} ${c.path}`);
    } else {
      writeFileAtomic(root, c.path, c.content ?? '', { mode: c.mode ?? 0o644, ...(asRoot ? { uid: 0, gid: 0 } : {}) });
      report(`  ${c.action === 'create' ? 'created' : 'updated'} ${c.path}`);
    }
  }
}

export function describeChanges(changes: Change[]): string {
  const word = { create: 'create', update: 'update', remove: 'remove', 'move-aside': 'move aside (kept in the backup)' } as const;
  return changes.map((c) => `  ${word[c.action]} ${c.path}\n`).join('');
}
