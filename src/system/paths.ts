// Maps a path as it is on the target system ("/etc/systemd/network/x") to where it lives under a root,
// refusing anything that would climb out of that root.
import path from 'node:path';
import { BondifyError } from '../errors.js';

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
