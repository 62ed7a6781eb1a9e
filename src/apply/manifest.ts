// A backup's manifest: its shape, and reading it.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
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
  /** The bond the transaction set up (apply): rollback knows the links and gateway even without the config. */
  model?: BondModel;
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
