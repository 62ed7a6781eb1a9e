// A backup's manifest: its shape, and the checks that every path it names is one bondify may restore, before any
// restore writes a byte. The manifest is root's own file (0600 in a 0700 folder), but a restore writes as root
// wherever it says, so a tampered or corrupted one must not be able to name /etc/shadow or climb out with `..`.
import path from 'node:path';
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { MODPROBE_FILE, NETWORK_DIR } from '../model/plan.js';
import { readText } from '../system/fs.js';
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
  /** Folders of the touched paths that did not exist yet (bondify creates them): a restore removes them if empty. */
  absentDirs?: string[];
  /** The bond the transaction set up (apply): rollback knows the links and gateway even without the config. */
  model?: BondModel;
}

/** The folders whose files a backup may hold: the network units and the module options (one level, no deeper). */
export const RESTORABLE_DIRS = [NETWORK_DIR, path.posix.dirname(MODPROBE_FILE)];
// Under the state folder only what is not the machinery itself: never the backups, the lock or the journal.
const STATE_NEVER = [BACKUP_DIR, `${STATE_DIR}/lock`, `${STATE_DIR}/lock.break`, `${STATE_DIR}/journal.json`];
// Symlinks: one folder level only, so a path cannot pass through a link of its own; the folders themselves and the
// target are lstat-checked by the restore's first pass (refused, exit 74, before anything is written).

const ID = /^[0-9A-Za-z-]+$/;
const SAFE_NAME = /^[^/\0\n]+$/;

/** Why a target path may not be restored, or null when it may. */
export function unrestorable(p: unknown): string | null {
  if (typeof p !== 'string' || !path.posix.isAbsolute(p)) return 'not an absolute path';
  if (p.split('/').some((c) => c === '..' || c === '.') || path.posix.normalize(p) !== p || p.includes('\0')) return 'not a normalized path (`..`, `.`, `//` or NUL)';
  const dir = path.posix.dirname(p);
  const name = path.posix.basename(p);
  if (RESTORABLE_DIRS.includes(dir)) return SAFE_NAME.test(name) && !name.startsWith('.') ? null : 'not a plain file name';
  if (dir === STATE_DIR) return STATE_NEVER.includes(p) ? "bondify's own machinery, never restored" : SAFE_NAME.test(name) ? null : 'not a plain file name';
  return `not a file directly in ${[...RESTORABLE_DIRS, STATE_DIR].join(', ')}`;
}

const isInt = (n: unknown, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;

/** Every problem of one entry (empty when it is sound). */
function entryProblems(e: ManifestEntry): string[] {
  const bad = unrestorable(e.path);
  if (bad) return [`path ${JSON.stringify(e.path)}: ${bad}`];
  if (typeof e.existed !== 'boolean') return [`${e.path}: "existed" is not true or false`];
  if (!e.existed) return [];
  const out: string[] = [];
  if (e.blob !== `files${e.path}`) out.push(`${e.path}: its bytes must be kept at files${e.path}, the manifest says ${JSON.stringify(e.blob)}`);
  if (!isInt(e.mode, 0o7777)) out.push(`${e.path}: mode ${JSON.stringify(e.mode)} is not a file mode (0..07777)`);
  if (!isInt(e.uid, 0xfffffffe) || !isInt(e.gid, 0xfffffffe)) out.push(`${e.path}: owner ${JSON.stringify(e.uid)}:${JSON.stringify(e.gid)} is not a pair of ids`);
  if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) out.push(`${e.path}: sha256 ${JSON.stringify(e.sha256)} is not a sha256`);
  return out;
}

/** Refuses (data, exit 65) a manifest that names a path bondify must not restore or is not shaped as written. */
export function checkManifest(m: Manifest, id = m.id): void {
  const file = `${BACKUP_DIR}/${id}/manifest.json`;
  const problems: string[] = [];
  if (m.id !== id || !ID.test(m.id)) problems.push(`id ${JSON.stringify(m.id)} is not its folder's name ${JSON.stringify(id)}`);
  if (!Array.isArray(m.entries)) problems.push('"entries" is not a list');
  else {
    const paths = m.entries.map((e) => e?.path);
    if (new Set(paths).size !== paths.length) problems.push('a path is listed twice');
    for (const e of m.entries) problems.push(...(e !== null && typeof e === 'object' ? entryProblems(e) : ['an entry is not an object']));
  }
  for (const d of m.absentDirs ?? []) if (!RESTORABLE_DIRS.includes(d)) problems.push(`absentDirs names ${JSON.stringify(d)}, not one of ${RESTORABLE_DIRS.join(', ')}`);
  if (problems.length > 0) {
    throw new BondifyError('data', `backup ${JSON.stringify(id)} has a manifest bondify will not restore from:${problems.slice(0, 8).map((p) => `\n    ${p}`).join('')}`, {
      file,
      fix: `nothing was written; if the manifest was edited by hand, put it back as bondify wrote it, or move ${BACKUP_DIR}/${id} away and restore its files/ by hand`,
    });
  }
}

export function readManifest(root: string, id: string): Manifest | null {
  if (!ID.test(id)) throw new BondifyError('usage', `not a backup id: ${JSON.stringify(id)}`, { fix: "run 'bondify backups' to list them" });
  const text = readText(root, `${BACKUP_DIR}/${id}/manifest.json`);
  if (text === null) return null;
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
    if (m === null || typeof m !== 'object' || m.version !== 1 || !Array.isArray(m.entries)) throw new Error('unknown manifest version');
  } catch (e) {
    throw new BondifyError('data', `backup ${id} has an unreadable manifest: ${(e as Error).message}`, { file: `${BACKUP_DIR}/${id}/manifest.json`, cause: e, fix: 'restore the files by hand from the files/ folder next to it' });
  }
  checkManifest(m, id);
  return m;
}
