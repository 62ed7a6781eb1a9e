// The backup store: before a transaction touches a file, its exact bytes, mode and owner (or the fact that it
// did not exist) go to /var/lib/bondify/backups/<id>/, described by a manifest written last (its presence
// means the backup is complete). A marker naming the id is written first, before any file: it is how bondify
// proves a folder is its own, so cleaning up only ever removes folders it made (never a user's copy beside them).
// Restoring is restore.ts; the manifest's shape and checks are manifest.ts.
import path from 'node:path';
import type { BondModel } from '../model/bond.js';
import {
  ensureDir,
  listDir,
  lstatKind,
  readFile,
  readText,
  removeEmptyDir,
  removeFile,
  removeTree,
  sha256,
  writeFileAtomic,
} from '../system/fs.js';
import { BACKUP_DIR, readManifest, RESTORABLE_DIRS, type Manifest, type ManifestEntry } from './manifest.js';

export { BACKUP_DIR, checkManifest, readManifest, type Manifest, type ManifestEntry } from './manifest.js';
export { restoreBackup, restoreChain, type RestoreResult } from './restore.js';

export interface Touch {
  path: string;
  reason: ManifestEntry['reason'];
}

/** A sortable, filesystem-safe id from the clock: 2026-11-23T12-00-00-123Z. */
export const backupId = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');
/** Exactly the ids backupId makes (with the -N a second backup in the same millisecond gets). */
export const BACKUP_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-[1-9]\d{0,3})?$/;

/** Written into a backup folder before anything else, and removed from it last. */
export const MARKER = '.bondify-backup';
const markerText = (id: string): string => `bondify backup ${id}\n`;

/** True only for a folder bondify can prove it made: its id format, a real folder, and its marker naming it. */
export function isOwnBackup(root: string, id: string): boolean {
  if (!BACKUP_ID.test(id) || lstatKind(root, `${BACKUP_DIR}/${id}`).kind !== 'dir') return false;
  try {
    return readText(root, `${BACKUP_DIR}/${id}/${MARKER}`) === markerText(id);
  } catch {
    return false; // a symlink or something else at the marker's name: not provably ours
  }
}

export function createBackup(
  root: string,
  now: Date,
  command: Manifest['command'],
  bondifyPresent: boolean,
  touches: Touch[],
  model?: BondModel,
): Manifest {
  ensureDir(root, BACKUP_DIR, 0o700);
  const taken = new Set(listDir(root, BACKUP_DIR));
  let id = backupId(now);
  for (let n = 1; taken.has(id); n++) id = `${backupId(now)}-${n}`;
  const dir = `${BACKUP_DIR}/${id}`;
  ensureDir(root, dir, 0o700);
  writeFileAtomic(root, `${dir}/${MARKER}`, markerText(id), { mode: 0o600 });
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
    entries.push({
      path: t.path,
      existed: true,
      reason: t.reason,
      mode: cur.mode,
      uid: cur.uid,
      gid: cur.gid,
      size: cur.size,
      sha256: sha256(cur.content),
      blob,
    });
  }
  // Folders bondify is about to create (an image without /etc/modprobe.d): a restore removes them again if empty.
  const absentDirs = [...new Set(entries.map((e) => path.posix.dirname(e.path)))]
    .filter((d) => RESTORABLE_DIRS.includes(d) && lstatKind(root, d).kind === 'absent')
    .sort();
  const manifest: Manifest = {
    version: 1,
    id,
    createdAt: now.toISOString(),
    command,
    bondifyPresent,
    entries,
    absentDirs,
    ...(model ? { model } : {}),
  };
  writeFileAtomic(root, `${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

/** Complete backups (those with a manifest), oldest first; folders not named like bondify's ids are not looked at. */
export function listBackups(root: string): Manifest[] {
  return listDir(root, BACKUP_DIR)
    .map((id) => (BACKUP_ID.test(id) ? readManifest(root, id) : null))
    .filter((m): m is Manifest => m !== null);
}

/** What the default rollback restores: the apply backups, newest first, down to the first one that was taken before bondify was there. */
export function undoChain(all: Manifest[]): Manifest[] {
  const applies = all.filter((m) => m.command === 'apply').reverse();
  const stop = applies.findIndex((m) => !m.bondifyPresent);
  return stop < 0 ? applies : applies.slice(0, stop + 1);
}

/**
 * Removes one of bondify's backups so that a kill at any point leaves something the next run recognises as an
 * incomplete backup of its own: the manifest first (no longer "complete"), then the files, the marker last, then
 * the then-empty folder.
 */
export function removeBackup(root: string, id: string): void {
  const dir = `${BACKUP_DIR}/${id}`;
  removeFile(root, `${dir}/manifest.json`);
  for (const name of listDir(root, dir).filter((n) => n !== MARKER)) {
    const p = `${dir}/${name}`;
    if (lstatKind(root, p).kind === 'dir') removeTree(root, p);
    else removeFile(root, p);
  }
  removeFile(root, `${dir}/${MARKER}`);
  removeEmptyDir(root, dir);
}

/**
 * Removes what a killed run left in the backup folder: a backup of bondify's without a manifest (killed while
 * backing up, or while pruning), and an empty folder named like bondify's ids (killed between mkdir and marker, or
 * between marker and rmdir). Anything else — another name, no marker, a marker naming another id — is not touched.
 */
export function removeIncomplete(root: string): string[] {
  const gone: string[] = [];
  for (const id of listDir(root, BACKUP_DIR)) {
    const dir = `${BACKUP_DIR}/${id}`;
    if (!BACKUP_ID.test(id) || lstatKind(root, dir).kind !== 'dir' || lstatKind(root, `${dir}/manifest.json`).kind !== 'absent') continue;
    if (isOwnBackup(root, id)) removeBackup(root, id);
    else if (!removeEmptyDir(root, dir)) continue;
    gone.push(id);
  }
  return gone;
}
