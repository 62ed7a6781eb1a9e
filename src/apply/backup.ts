// The backup store: before a transaction touches a file, its exact bytes, mode and owner (or the fact that it
// did not exist) go to /var/lib/bondify/backups/<id>/, described by a manifest written last (its presence
// means the backup is complete). Restoring is restore.ts; the manifest's shape and checks are manifest.ts.
import path from 'node:path';
import type { BondModel } from '../model/bond.js';
import { ensureDir, listDir, lstatKind, readFile, removeTree, sha256, writeFileAtomic } from '../system/fs.js';
import { BACKUP_DIR, readManifest, RESTORABLE_DIRS, type Manifest, type ManifestEntry } from './manifest.js';

export { BACKUP_DIR, checkManifest, readManifest, type Manifest, type ManifestEntry } from './manifest.js';
export { restoreBackup, restoreChain, type RestoreResult } from './restore.js';

export interface Touch {
  path: string;
  reason: ManifestEntry['reason'];
}

/** A sortable, filesystem-safe id from the clock: 2026-11-23T12-00-00-123Z. */
export const backupId = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');

export function createBackup(root: string, now: Date, command: Manifest['command'], bondifyPresent: boolean, touches: Touch[], model?: BondModel): Manifest {
  ensureDir(root, BACKUP_DIR, 0o700);
  const taken = new Set(listDir(root, BACKUP_DIR));
  let id = backupId(now);
  for (let n = 1; taken.has(id); n++) id = `${backupId(now)}-${n}`;
  const dir = `${BACKUP_DIR}/${id}`;
  ensureDir(root, dir, 0o700);
  const seen = new Set<string>();
  const entries: ManifestEntry[] = [];
  for (const t of touches) {
    if (seen.has(t.path)) continue;
    seen.add(t.path);
    const cur = readFile(root, t.path);
    if (cur === null) {
      entries.push({ path: t.path, existed: false, reason: t.reason });
      continue;
    }
    const blob = `files${t.path}`;
    writeFileAtomic(root, `${dir}/${blob}`, cur.content, { mode: 0o600, dirMode: 0o700 });
    entries.push({ path: t.path, existed: true, reason: t.reason, mode: cur.mode, uid: cur.uid, gid: cur.gid, size: cur.size, sha256: sha256(cur.content), blob });
  }
  // Folders bondify is about to create (an image without /etc/modprobe.d): a restore removes them again if empty.
  const absentDirs = [...new Set(entries.map((e) => path.posix.dirname(e.path)))].filter((d) => RESTORABLE_DIRS.includes(d) && lstatKind(root, d).kind === 'absent').sort();
  const manifest: Manifest = { version: 1, id, createdAt: now.toISOString(), command, bondifyPresent, entries, absentDirs, ...(model ? { model } : {}) };
  writeFileAtomic(root, `${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

/** Complete backups (those with a manifest), oldest first. */
export function listBackups(root: string): Manifest[] {
  return listDir(root, BACKUP_DIR)
    .map((id) => (/^[0-9A-Za-z-]+$/.test(id) ? readManifest(root, id) : null))
    .filter((m): m is Manifest => m !== null);
}

/** Removes backup folders a killed run left without a manifest (incomplete, never referred to by a journal). */
export function removeIncomplete(root: string): string[] {
  const gone: string[] = [];
  for (const id of listDir(root, BACKUP_DIR)) {
    const dir = `${BACKUP_DIR}/${id}`;
    if (lstatKind(root, dir).kind !== 'dir' || lstatKind(root, `${dir}/manifest.json`).kind !== 'absent') continue;
    removeTree(root, dir);
    gone.push(id);
  }
  return gone;
}
