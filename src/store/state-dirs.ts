// Before a command that writes creates anything: every folder it will write into is a real folder or absent (a
// symlink, or a file where a folder goes, is refused here, exit 74), so a refusal never leaves a folder behind.
import { listDir } from '../system/fs.js';
import { MODPROBE_FILE, NETWORK_DIR, POWER_SAVE_RULE } from '../model/planned-file.js';
import { STATE_DIR } from '../system/paths.js';
import { BACKUP_DIR } from './manifest.js';

/** The folders apply and rollback write into: the units, the module options, the udev rules, and bondify's state
 * and backups. */
export const WRITTEN_DIRS = [
  NETWORK_DIR,
  MODPROBE_FILE.slice(0, MODPROBE_FILE.lastIndexOf('/')),
  POWER_SAVE_RULE.slice(0, POWER_SAVE_RULE.lastIndexOf('/')),
  STATE_DIR,
  BACKUP_DIR,
];

/** Refuses (io, 74) when a folder on the way to any of `dirs` is a symlink or not a folder. Reads only. */
export function checkStateDirs(root: string, dirs: readonly string[] = WRITTEN_DIRS): void {
  for (const d of dirs) listDir(root, d);
}
