// The order in which a transaction (apply, revert, rollback, recovery) writes and removes network files, chosen so
// that at every instant the files on disk would bring every link up if the device rebooted right there.
// networkd gives a link the first matching .network in lexical order: 10-bondify-<slave>.network (Bond=) beats
// <slave>.network, so a slave's own file may come back while bondify's is still there (bondify's wins), and
// bondify's may go once the own file is back; a slave file only works while its bond's .netdev and .network exist.
// writeInOrder is the one writer that follows the rule: applying a plan and restoring a backup both go through it.
import path from 'node:path';
import { MODPROBE_FILE, NETWORK_DIR, OWN_PREFIX } from '../model/planned-file.js';
import { listDir, readText, removeFile, writeFileAtomic } from '../system/fs.js';

export interface FileOp {
  path: string;
  /** True: the path must not exist afterwards; false: it is written. */
  remove: boolean;
  /** What is written (a change's content, a restore's bytes); the order also reads it to tell the primary's file apart. */
  content?: string;
  data?: Buffer;
  /** For a write: the mode (default 0644), and the owner set when running as root (no uid: the writer's own). */
  mode?: number;
  uid?: number;
  gid?: number;
}

/** The text of the file an op writes, or of the one on disk it removes (root null: unknown). */
const textOf = (root: string | null, o: FileOp): string =>
  o.remove ? (root === null ? '' : (readText(root, o.path) ?? '')) : (o.content ?? o.data?.toString('utf8') ?? '');

/** Bond names with a 10-bondify-<name>.netdev on disk or among the operations: their .network is the bond's. */
function bondNames(root: string | null, ops: FileOp[]): Set<string> {
  const names = [...(root === null ? [] : listDir(root, NETWORK_DIR).map((n) => `${NETWORK_DIR}/${n}`)), ...ops.map((o) => o.path)];
  return new Set(
    names
      .filter((p) => path.posix.dirname(p) === NETWORK_DIR && /^10-bondify-.+\.netdev$/.test(path.posix.basename(p)))
      .map((p) => path.posix.basename(p).slice(OWN_PREFIX.length, -'.netdev'.length)),
  );
}

type Kind = 'modprobe' | 'netdev' | 'bond-network' | 'primary-network' | 'slave-network' | 'other';

function kindOf(o: FileOp, bonds: Set<string>, root: string | null): Kind {
  const p = o.path;
  if (p === MODPROBE_FILE) return 'modprobe';
  const base = path.posix.basename(p);
  if (path.posix.dirname(p) !== NETWORK_DIR || !base.startsWith(OWN_PREFIX)) return 'other';
  if (base.endsWith('.netdev')) return 'netdev';
  if (bonds.has(base.slice(OWN_PREFIX.length, -'.network'.length))) return 'bond-network';
  return /^PrimarySlave=(yes|true|1|on)$/m.test(textOf(root, o)) ? 'primary-network' : 'slave-network';
}

// Writes first, removals last: every file that comes back is in place before anything it replaces goes. Writes
// build the bond before a slave names it (the module option before the first bond exists); removals take the
// slaves out before the bond they name, and the module option last. The primary joins first and leaves last: the
// bond's address is usually the primary's own, and must not be on the primary and on a bond carried by another
// slave at once.
const WRITE: Record<Kind, number> = { modprobe: 0, netdev: 1, 'bond-network': 2, other: 3, 'primary-network': 4, 'slave-network': 5 };
const REMOVE: Record<Kind, number> = { 'slave-network': 6, 'primary-network': 7, other: 8, 'bond-network': 9, netdev: 10, modprobe: 11 };

/** `ops` in the boot-safe order (stable by path within a step); root null: judge by the ops alone. */
export function bootSafeOrder<T extends FileOp>(root: string | null, ops: T[]): T[] {
  const bonds = bondNames(root, ops);
  const rank = new Map(ops.map((o) => [o, (o.remove ? REMOVE : WRITE)[kindOf(o, bonds, root)]] as const));
  const r = (o: T) => rank.get(o) ?? 0;
  return [...ops].sort((a, b) => r(a) - r(b) || a.path.localeCompare(b.path));
}

export interface Written {
  written: string[];
  /** Paths that existed and are gone now (a removal of an absent path is not listed). */
  removed: string[];
}

/**
 * Does `ops` in the boot-safe order with the safe writer (temp file, fsync, rename), so a reboot after any single
 * rename or unlink finds a set that brings the links up. `done` hears of each op as it completes (removed: false
 * when the path was already absent), for the caller's own progress lines.
 */
export function writeInOrder<T extends FileOp>(root: string, ops: T[], asRoot: boolean, done?: (op: T, removed: boolean) => void): Written {
  const out: Written = { written: [], removed: [] };
  for (const o of bootSafeOrder(root, ops)) {
    if (o.remove) {
      const gone = removeFile(root, o.path);
      if (gone) out.removed.push(o.path);
      done?.(o, gone);
      continue;
    }
    writeFileAtomic(root, o.path, o.data ?? o.content ?? '', {
      mode: o.mode ?? 0o644,
      ...(asRoot && o.uid !== undefined ? { uid: o.uid, gid: o.gid ?? 0 } : {}),
    });
    out.written.push(o.path);
    done?.(o, false);
  }
  return out;
}
