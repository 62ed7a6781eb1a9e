// Putting backed-up files back: what a chain of backups restores at each path (every hash checked and every path
// vetted before the first byte is written), done by the boot-safe writer (order.ts), then re-read to prove it.
import path from 'node:path';
import { BondifyError } from '../errors.js';
import { readFile, removeEmptyDir, sha256 } from '../system/fs.js';
import { BACKUP_DIR, checkManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { writeInOrder, type FileOp, type Written } from './order.js';

/** What one path must be after the restore: absent (remove) or these bytes with this mode (and owner). */
export interface Target extends FileOp {
  /** Where it comes from, for messages: a backup id, or e.g. "the standard method". */
  from: string;
  /** Where a backup keeps its bytes (for the manual fix). */
  blob?: string;
}

export type RestoreResult = Written;

/** The bytes a backup kept for one entry, after checking them against the manifest's hash. */
function blobOf(root: string, m: Manifest, e: ManifestEntry): Buffer {
  const where = `${BACKUP_DIR}/${m.id}/${e.blob ?? ''}`;
  const data = e.blob === undefined ? null : readFile(root, where);
  if (data === null) {
    throw new BondifyError('data', `backup ${m.id} is damaged: ${e.path} is missing from it (no ${where})`, {
      file: where,
      fix: `nothing was written; put ${where} back from another copy, or restore ${e.path} by hand`,
    });
  }
  if (sha256(data.content) !== e.sha256) {
    throw new BondifyError('data', `backup ${m.id} is damaged: ${e.path} does not match its recorded sha256`, {
      file: where,
      fix: 'the other files of this backup are intact; restore this one by hand',
    });
  }
  return data.content;
}

/** What restoring `chain` (newest first) leaves at each path: the oldest backup that holds a path decides it. */
export function restoreTargets(root: string, chain: Manifest[]): Map<string, Target> {
  for (const m of chain) checkManifest(m); // every manifest vetted before any blob is even read
  const out = new Map<string, Target>();
  for (const m of chain) {
    for (const e of m.entries) {
      out.set(
        e.path,
        e.existed
          ? {
              path: e.path,
              remove: false,
              data: blobOf(root, m, e),
              mode: e.mode ?? 0o644,
              uid: e.uid,
              gid: e.gid,
              from: m.id,
              blob: path.posix.join(BACKUP_DIR, m.id, e.blob ?? ''),
            }
          : { path: e.path, remove: true, from: m.id },
      );
    }
  }
  return out;
}

/** Folders the chain's backups found absent (bondify created them): removed after the restore when empty. */
export const absentDirs = (chain: Manifest[]): string[] => [...new Set(chain.flatMap((m) => m.absentDirs ?? []))].sort();

/** The targets that differ from disk (bytes, mode, and owner when running as root). Refuses symlinks on the way. */
export function pending(root: string, targets: Iterable<Target>, asRoot: boolean): Target[] {
  return [...targets].filter((t) => {
    const cur = readFile(root, t.path);
    if (t.remove || cur === null) return t.remove !== (cur === null);
    return !(
      cur.content.equals(t.data as Buffer) &&
      cur.mode === t.mode &&
      (!asRoot || t.uid === undefined || (cur.uid === t.uid && cur.gid === t.gid))
    );
  });
}

/** Does `ops` with the boot-safe writer, removes the empty `dirs`, then re-reads every target to prove it stuck. */
export function perform(
  root: string,
  ops: Target[],
  check: Iterable<Target>,
  dirs: string[],
  asRoot: boolean,
  report?: (line: string) => void,
): RestoreResult {
  const out = writeInOrder(root, ops, asRoot, (t, removed) => {
    if (!t.remove) report?.(`  restored ${t.path} (from ${t.from})`);
    else if (removed) report?.(`  removed ${t.path}`);
  });
  for (const d of dirs) if (removeEmptyDir(root, d)) report?.(`  removed the empty folder ${d} (bondify had created it)`);
  for (const t of check) {
    const now = readFile(root, t.path);
    const ok = t.remove ? now === null : now !== null && now.content.equals(t.data as Buffer) && now.mode === t.mode;
    if (!ok)
      throw new BondifyError('io', `restore of ${t.path} from ${t.from} did not stick`, {
        file: t.path,
        fix: t.remove ? `remove ${t.path} by hand` : t.blob ? `copy ${t.blob} back by hand` : `run the command again`,
      });
  }
  return out;
}

/** Restores a chain of backups (newest first) in one boot-safe pass. */
export function restoreChain(root: string, chain: Manifest[], asRoot: boolean): RestoreResult {
  const targets = restoreTargets(root, chain);
  return perform(root, pending(root, targets.values(), asRoot), targets.values(), absentDirs(chain), asRoot);
}

/** Puts every path of one backup back as it was (absent ones removed). */
export const restoreBackup = (root: string, m: Manifest, asRoot: boolean): RestoreResult => restoreChain(root, [m], asRoot);
