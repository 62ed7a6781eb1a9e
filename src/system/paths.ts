// Maps a path as it is on the target system ("/etc/systemd/network/x") to where it lives under a root,
// refusing anything that would climb out of that root; and where bondify keeps its own state on the target.
import path from 'node:path';
import { BondifyError } from '../errors.js';

/** bondify's private state on the target: lock, journal, backups, check's memory, the schedule manifest. */
export const STATE_DIR = '/var/lib/bondify';

export function underRoot(root: string, target: string): string {
  if (!path.posix.isAbsolute(target)) {
    throw new BondifyError('software', `internal: target path must be absolute, got ${JSON.stringify(target)}`);
  }
  const normal = path.posix.normalize(target);
  if (normal !== target || target.split('/').includes('..')) {
    throw new BondifyError('software', `internal: target path ${JSON.stringify(target)} is not normalized`);
  }
  return path.join(root, target);
}
