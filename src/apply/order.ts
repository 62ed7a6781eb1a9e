// The order in which a transaction (apply, revert, rollback, recovery) writes and removes network files, chosen so
// that at every instant the files on disk would bring every link up if the device rebooted right there.
// networkd gives a link the first matching .network in lexical order: 10-bondify-<slave>.network (Bond=) beats
// <slave>.network, so a slave's own file may come back while bondify's is still there (bondify's wins), and
// bondify's may go once the own file is back; a slave file only works while its bond's .netdev and .network exist.
import path from 'node:path';
import { MODPROBE_FILE, NETWORK_DIR, OWN_PREFIX } from '../model/plan.js';
import { listDir } from '../system/fs.js';

export interface FileOp {
  path: string;
  /** True: the path must not exist afterwards; false: it is written. */
  remove: boolean;
}

/** Bond names with a 10-bondify-<name>.netdev on disk or among the operations: their .network is the bond's. */
function bondNames(root: string | null, ops: FileOp[]): Set<string> {
  const names = [...(root === null ? [] : listDir(root, NETWORK_DIR).map((n) => `${NETWORK_DIR}/${n}`)), ...ops.map((o) => o.path)];
  return new Set(names.filter((p) => path.posix.dirname(p) === NETWORK_DIR && /^10-bondify-.+\.netdev$/.test(path.posix.basename(p))).map((p) => path.posix.basename(p).slice(OWN_PREFIX.length, -'.netdev'.length)));
}

type Kind = 'modprobe' | 'netdev' | 'bond-network' | 'slave-network' | 'other';

function kindOf(p: string, bonds: Set<string>): Kind {
  if (p === MODPROBE_FILE) return 'modprobe';
  const base = path.posix.basename(p);
  if (path.posix.dirname(p) !== NETWORK_DIR || !base.startsWith(OWN_PREFIX)) return 'other';
  if (base.endsWith('.netdev')) return 'netdev';
  return bonds.has(base.slice(OWN_PREFIX.length, -'.network'.length)) ? 'bond-network' : 'slave-network';
}

// Writes first, removals last: every file that comes back is in place before anything it replaces goes. Writes
// build the bond before a slave names it (the module option before the first bond exists); removals take the
// slaves out before the bond they name, and the module option last.
const WRITE: Record<Kind, number> = { modprobe: 0, netdev: 1, 'bond-network': 2, other: 3, 'slave-network': 4 };
const REMOVE: Record<Kind, number> = { 'slave-network': 5, other: 6, 'bond-network': 7, netdev: 8, modprobe: 9 };

/** `ops` in the boot-safe order (stable by path within a step); root null: judge by the ops alone. */
export function bootSafeOrder<T extends FileOp>(root: string | null, ops: T[]): T[] {
  const bonds = bondNames(root, ops);
  const rank = (o: T) => (o.remove ? REMOVE : WRITE)[kindOf(o.path, bonds)];
  return [...ops].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}
