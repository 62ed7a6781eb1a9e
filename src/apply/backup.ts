// The backup store: before a transaction touches a file, its exact bytes, mode and owner (or the fact that it
// did not exist) go to /var/lib/bondify/backups/<id>/, described by a manifest written last (its presence
// means the backup is complete). Restore puts every path back byte for byte and checks the hashes.
import path from 'node:path';
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { ensureDir, listDir, lstatKind, readFile, readText, removeFile, removeTree, sha256, writeFileAtomic } from '../system/fs.js';
import { STATE_DIR } from '../system/lock.js';

export const BACKUP_DIR = `${STATE_DIR}/backups`;

export interface ManifestEntry {
  path: string;
  existed: boolean;
  /** Why the transaction touches it: it creates, changes, moves aside or removes the file. */
  reason: 'create' | 'update' | 'move-aside' | 'remove';
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  sha256?: string;
  /** Where the bytes are kept, relative to the backup folder. */
  blob?: string;
}

export interface Manifest {
  version: 1;
  id: string;
  createdAt: string;
  command: 'apply' | 'rollback';
  /** True when bondify's own files were already present: undoing this backup does not reach the pre-bondify state. */
  bondifyPresent: boolean;
  entries: ManifestEntry[];
  /** The bond the transaction set up (apply): rollback knows the links and gateway even without the config. */
  model?: BondModel;
}

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
  const manifest: Manifest = { version: 1, id, createdAt: now.toISOString(), command, bondifyPresent, entries, ...(model ? { model } : {}) };
  writeFileAtomic(root, `${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

export function readManifest(root: string, id: string): Manifest | null {
  if (!/^[0-9A-Za-z-]+$/.test(id)) throw new BondifyError('usage', `not a backup id: ${JSON.stringify(id)}`, { fix: "run 'bondify backups' to list them" });
  const text = readText(root, `${BACKUP_DIR}/${id}/manifest.json`);
  if (text === null) return null;
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.version !== 1 || !Array.isArray(m.entries)) throw new Error('unknown manifest version');
    return m;
  } catch (e) {
    throw new BondifyError('data', `backup ${id} has an unreadable manifest: ${(e as Error).message}`, { file: `${BACKUP_DIR}/${id}/manifest.json`, cause: e, fix: 'restore the files by hand from the files/ folder next to it' });
  }
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

/** The bytes a backup kept for one entry, after checking them against the manifest's hash. */
function blobOf(root: string, m: Manifest, e: ManifestEntry): Buffer {
  const where = `${BACKUP_DIR}/${m.id}/${e.blob ?? ''}`;
  const data = e.blob === undefined ? null : readFile(root, where);
  if (data === null || sha256(data.content) !== e.sha256) {
    throw new BondifyError('data', `backup ${m.id} is damaged: ${e.path} does not match its recorded sha256`, { file: where, fix: 'the other files of this backup are intact; restore this one by hand' });
  }
  return data.content;
}

export interface RestoreResult {
  written: string[];
  removed: string[];
}

/** Puts every path of the manifest back as it was (absent ones removed), then re-reads each to prove it. */
export function restoreBackup(root: string, m: Manifest, asRoot: boolean): RestoreResult {
  const blobs = new Map(m.entries.filter((e) => e.existed).map((e) => [e.path, blobOf(root, m, e)] as const));
  const out: RestoreResult = { written: [], removed: [] };
  // Removing the files the transaction created first, so a half-restored set never has both old and new names.
  for (const e of m.entries.filter((x) => !x.existed)) if (removeFile(root, e.path)) out.removed.push(e.path);
  for (const e of m.entries.filter((x) => x.existed)) {
    const data = blobs.get(e.path) as Buffer;
    const cur = readFile(root, e.path);
    const same = cur !== null && cur.content.equals(data) && cur.mode === e.mode && (!asRoot || (cur.uid === e.uid && cur.gid === e.gid));
    if (same) continue;
    const owner = asRoot ? { uid: e.uid, gid: e.gid } : {};
    writeFileAtomic(root, e.path, data, { mode: e.mode ?? 0o644, ...owner });
    out.written.push(e.path);
  }
  for (const e of m.entries) {
    const now = readFile(root, e.path);
    const ok = e.existed ? now !== null && sha256(now.content) === e.sha256 && now.mode === e.mode : now === null;
    if (!ok) throw new BondifyError('io', `restore of ${e.path} from backup ${m.id} did not stick`, { file: e.path, fix: `copy ${path.posix.join(BACKUP_DIR, m.id, e.blob ?? '')} back by hand` });
  }
  return out;
}
