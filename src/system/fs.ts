// The one safe file writer (and its readers): every path is resolved under a root, every component is
// lstat-checked so nothing is ever read or written through a symlink, and writes are atomic and durable.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { BondifyError } from '../errors.js';
import { STATE_DIR, underRoot } from './paths.js';
import { MAX_READ_BYTES, readBounded } from './read-files.js';
import { readKernelFile } from './kernel-read.js';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_WRONLY, O_RDONLY, O_DIRECTORY } = fs.constants;

export interface FileInfo {
  mode: number; // permission bits only
  uid: number;
  gid: number;
  size: number;
}
export interface FileRead extends FileInfo {
  content: Buffer;
}
export interface WriteOptions {
  mode: number;
  /** Owner to set; by default a file written as root stays root:root (fchown needs root anyway). */
  uid?: number;
  gid?: number;
  /** Mode for directories created on the way (e.g. 0o700 for state directories). */
  dirMode?: number;
}

const refuse = (target: string, why: string, fix: string, cause?: unknown) =>
  new BondifyError('io', `refusing to touch ${target}: ${why}`, { file: target, fix, cause });

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

const isRoot = (): boolean => typeof process.geteuid === 'function' && process.geteuid() === 0;

/**
 * The error for a refused system call, by its real cause: permission (needs root, 77, when not root), a folder or
 * file the filesystem will not let change (EPERM as root: append-only or immutable), no space, a read-only
 * filesystem. Already mapped errors pass through.
 */
export function ioError(target: string, op: string, e: unknown): BondifyError {
  if (e instanceof BondifyError) return e;
  const code = errno(e);
  const msg = e instanceof Error ? e.message : String(e);
  const dir = path.posix.dirname(target);
  if ((code === 'EACCES' || code === 'EPERM') && !isRoot()) {
    return new BondifyError('noperm', `cannot ${op} ${target}: permission denied (bondify is not running as root)`, {
      file: target,
      cause: e,
      fix: 'run it as root (sudo bondify …), or use a --root you own',
    });
  }
  if (code === 'EPERM') {
    return new BondifyError(
      'io',
      `cannot ${op} ${target}: operation not permitted, even for root: the file or its folder is append-only or immutable`,
      { file: target, cause: e, fix: `see lsattr -d ${dir} ${target}; chattr -a / chattr -i lifts it` },
    );
  }
  if (code === 'EACCES')
    return new BondifyError(
      'io',
      `cannot ${op} ${target}: permission denied, even for root (a root-squashed network filesystem or a security module?)`,
      { file: target, cause: e, fix: 'run bondify where root may write the target' },
    );
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new BondifyError('io', `cannot ${op} ${target}: no space left on the device`, {
      file: target,
      cause: e,
      fix: 'free some space and run it again',
    });
  if (code === 'EROFS')
    return new BondifyError('io', `cannot ${op} ${target}: the filesystem is read-only`, {
      file: target,
      cause: e,
      fix: 'remount it read-write (mount -o remount,rw …)',
    });
  return new BondifyError('io', `cannot ${op} ${target}: ${msg}`, {
    file: target,
    cause: e,
    fix: 'check permissions and that the filesystem is writable',
  });
}

/** Runs a system call sequence; anything it throws that is not already a BondifyError is mapped by ioError. */
function guard<T>(target: string, op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw ioError(target, op, e);
  }
}

/** lstat one path (`shown` names it in errors); null when absent. */
function lstatOrNull(p: string, shown: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    throw ioError(shown, 'read', e);
  }
}

/** System folders bondify may have to create on an offline root (/var, /var/lib, /etc/modprobe.d, …): root's usual 0755. */
const SYSTEM_DIR_MODE = 0o755;

/** The mode for a folder created on the way to `dir`: `dir` itself as asked, bondify's private state (STATE_DIR and
 * everything below it) 0700 at most, others 0755. */
function modeFor(sub: string, dir: string, dirMode: number): number {
  if (sub === STATE_DIR || sub.startsWith(`${STATE_DIR}/`)) return dirMode & 0o700;
  return sub === dir ? dirMode : SYSTEM_DIR_MODE;
}

/**
 * Checks every directory from the root down to `dir` (inclusive): each must be a real directory, never a
 * symlink; a refusal names `target`. Missing ones are created when `dirMode` is given — `dirMode` for `dir` itself
 * and bondify's private state, 0755 for system folders above — otherwise reported as absent (returns false).
 */
function checkDirs(root: string, dir: string, target: string, dirMode?: number): boolean {
  const parts = dir.split('/').filter(Boolean);
  let sub = '';
  for (const part of parts) {
    sub += '/' + part;
    const real = underRoot(root, sub);
    let st = lstatOrNull(real, sub);
    if (st === null) {
      if (dirMode === undefined) return false;
      const mode = modeFor(sub, dir, dirMode);
      try {
        fs.mkdirSync(real, { mode }); // mkdir never follows a symlink in the last component
        fs.chmodSync(real, mode); // the umask must not decide a state directory's mode
      } catch (e) {
        if (errno(e) !== 'EEXIST') throw ioError(sub, 'create the directory', e);
      }
      st = guard(sub, 'read', () => fs.lstatSync(real));
    }
    if (st.isSymbolicLink()) throw refuse(target, `${sub} is a symlink`, `replace the symlink ${sub} with a real directory`);
    if (!st.isDirectory()) throw refuse(target, `${sub} is not a directory`, `move ${sub} out of the way`);
  }
  return true;
}

/** Creates what is missing of a directory chain (new ones with `dirMode`, see modeFor) and leaves existing ones as they are. */
export const makeDirs = (root: string, dir: string, dirMode: number): void => void checkDirs(root, dir, dir, dirMode);

/** The directories between the root and a file (exclusive), checked as checkDirs does. */
const checkParents = (root: string, target: string, dirMode?: number): boolean =>
  checkDirs(root, path.posix.dirname(target), target, dirMode);

/** What kind of thing a path is, without following it (for scans that must skip symlinks, not fail on them). */
export function lstatKind(root: string, target: string): { kind: 'file' | 'dir' | 'symlink' | 'other' | 'absent'; link?: string } {
  if (!checkParents(root, target)) return { kind: 'absent' };
  const real = underRoot(root, target);
  const st = lstatOrNull(real, target);
  if (st === null) return { kind: 'absent' };
  if (st.isSymbolicLink()) return { kind: 'symlink', link: guard(target, 'read', () => fs.readlinkSync(real)) };
  return { kind: st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other' };
}

/** What is at a target path: null when absent; refuses symlinks and anything but a regular file. */
export function inspectFile(root: string, target: string): FileInfo | null {
  if (!checkParents(root, target)) return null;
  const st = lstatOrNull(underRoot(root, target), target);
  if (st === null) return null;
  if (st.isSymbolicLink()) throw refuse(target, 'it is a symlink', `replace ${target} with a regular file or remove it`);
  if (!st.isFile()) throw refuse(target, 'it is not a regular file', `move ${target} out of the way`);
  return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
}

/**
 * Reads a regular file under the root without following symlinks; null when absent. Opened O_NONBLOCK and checked
 * on the descriptor (a FIFO swapped in after the lstat is refused, not waited on), and bounded: a file bondify did
 * not write may be anything, and a sparse 2 GB one must be a clear refusal, not a crash.
 */
export function readFile(root: string, target: string, maxBytes = MAX_READ_BYTES): FileRead | null {
  if (inspectFile(root, target) === null) return null;
  let fd: number;
  try {
    fd = fs.openSync(underRoot(root, target), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    if (errno(e) === 'ELOOP') throw refuse(target, 'it is a symlink', `replace ${target} with a regular file`);
    throw ioError(target, 'read', e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw refuse(target, 'it is not a regular file', `move ${target} out of the way`);
    const r = readBounded(fd, st, maxBytes);
    if (!r.ok)
      throw new BondifyError('data', `refusing to read ${target}: it ${r.message}`, {
        file: target,
        fix: `no file bondify reads is that large: move ${target} out of the way`,
      });
    return { content: r.data, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
  } catch (e) {
    throw ioError(target, 'read', e);
  } finally {
    fs.closeSync(fd);
  }
}

/** A target path under root as UTF-8, read as readFile reads it (no symlink followed); null when absent. Not
 * read-files.ts readPathText, which reads a path as given and returns failures as values. */
export const readText = (root: string, target: string): string | null => readFile(root, target)?.content.toString('utf8') ?? null;

/** fsync a directory so a rename or unlink in it survives a power cut. */
function syncDir(dir: string): void {
  guard(dir, 'sync the folder', () => {
    const fd = fs.openSync(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** Temp files are hidden and never end in .network/.netdev/.conf, so no reader ever picks one up. */
export const TEMP_MARK = '.bondify-tmp-';

/**
 * Whether the folder refuses to let a name in it be removed or replaced (append-only or immutable, or the file
 * itself is): rmdir on an existing non-directory answers EPERM then, ENOTDIR otherwise, and changes nothing
 * either way. Asked before a temp file is made, because in such a folder the temp file could never be removed.
 */
function removalRefused(dir: string, shownDir: string, probe: string | null): boolean {
  return guard(shownDir, 'read', () => {
    for (const name of probe !== null ? [probe] : fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.lstatSync(p, { throwIfNoEntry: false })?.isDirectory() !== false) continue; // absent or a folder: no probe
      try {
        fs.rmdirSync(p);
      } catch (e) {
        return errno(e) === 'EPERM';
      }
    }
    return false;
  });
}

/**
 * Atomic, durable write: a temp file created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) in the same directory,
 * explicit mode and owner, fsync, rename over the target, fsync the directory. Refuses symlinks on the way, and
 * leaves no temp file behind when it fails.
 */
export function writeFileAtomic(root: string, target: string, content: string | Buffer, opts: WriteOptions): void {
  if (!checkParents(root, target, opts.dirMode ?? 0o755)) throw ioError(target, 'create the directory of', new Error('missing'));
  const exists = inspectFile(root, target) !== null; // refuses a symlink or a non-regular file at the target itself
  const real = underRoot(root, target);
  const dir = path.dirname(real);
  if (removalRefused(dir, path.posix.dirname(target), exists ? path.basename(real) : null)) {
    throw ioError(target, exists ? 'replace' : 'write', Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
  }
  const tmp = path.join(dir, `.${path.basename(real)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number | null = null;
  let created = false;
  try {
    fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    created = true;
    fs.fchmodSync(fd, opts.mode);
    if (opts.uid !== undefined && opts.gid !== undefined) fs.fchownSync(fd, opts.uid, opts.gid);
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, real);
    created = false;
    syncDir(dir);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    const err = ioError(target, 'write', e);
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch (u) {
        if (errno(u) !== 'ENOENT')
          throw new BondifyError(err.kind, `${err.message}; and its temp file ${tmp} could not be removed (${errno(u) ?? String(u)})`, {
            ...err.details,
            fix: `${err.details.fix ?? ''}; then remove ${tmp}`,
          });
      }
    }
    throw err;
  }
}

/** Removes a regular file (never a symlink's target, never a directory); false when it was already absent. */
export function removeFile(root: string, target: string): boolean {
  if (inspectFile(root, target) === null) return false;
  const real = underRoot(root, target);
  try {
    fs.unlinkSync(real);
    syncDir(path.dirname(real));
  } catch (e) {
    if (errno(e) === 'ENOENT') return false;
    throw ioError(target, 'remove', e);
  }
  return true;
}

/** Creates a directory chain (the folder itself with `mode`, see checkDirs for the rest) and sets `mode` on it. */
export function ensureDir(root: string, targetDir: string, mode: number): void {
  checkDirs(root, targetDir, targetDir, mode);
  try {
    fs.chmodSync(underRoot(root, targetDir), mode); // checked above: a real directory, not a symlink
  } catch (e) {
    throw ioError(targetDir, 'set the mode of', e);
  }
}

/** Names in a directory under the root, sorted; [] when it does not exist. Refuses a symlinked directory. */
export function listDir(root: string, targetDir: string): string[] {
  if (!checkDirs(root, targetDir, targetDir)) return [];
  try {
    return fs.readdirSync(underRoot(root, targetDir)).sort();
  } catch (e) {
    if (errno(e) === 'ENOENT') return [];
    throw ioError(targetDir, 'list', e);
  }
}

/** Removes a directory only when it is a real, empty one (a folder bondify created); false otherwise. */
export function removeEmptyDir(root: string, targetDir: string): boolean {
  if (listDir(root, targetDir).length > 0 || lstatKind(root, targetDir).kind !== 'dir') return false;
  const real = underRoot(root, targetDir);
  try {
    fs.rmdirSync(real);
  } catch (e) {
    if (['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(errno(e) ?? '')) return false; // someone put a file in it meanwhile
    throw ioError(targetDir, 'remove', e);
  }
  syncDir(path.dirname(real));
  return true;
}

/** Removes a folder bondify owns and everything in it; symlinks inside are unlinked, never followed. */
export function removeTree(root: string, targetDir: string): void {
  for (const name of listDir(root, targetDir)) {
    const p = path.posix.join(targetDir, name);
    if (lstatKind(root, p).kind === 'dir') removeTree(root, p);
    else guard(p, 'remove', () => fs.unlinkSync(underRoot(root, p)));
  }
  guard(targetDir, 'remove', () => fs.rmdirSync(underRoot(root, targetDir)));
  syncDir(path.dirname(underRoot(root, targetDir)));
}

/** Removes temp files a killed writer left behind in a directory (only ones carrying bondify's mark). */
export function cleanTemps(root: string, targetDir: string): string[] {
  const left = listDir(root, targetDir).filter((n) => n.startsWith('.') && n.includes(TEMP_MARK));
  for (const n of left) removeFile(root, path.posix.join(targetDir, n));
  return left;
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Reads a kernel file (/proc, /sys: symlinks there are the kernel's own) under kernelRoot, bounded; null when absent. */
export const readKernelText = readKernelFile;

/** True when a kernel path (e.g. /sys/class/net/eth0) exists under kernelRoot. */
export const kernelPathExists = (kernelRoot: string, p: string): boolean => fs.existsSync(path.join(kernelRoot, p));
