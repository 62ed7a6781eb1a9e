// Whether root may trust a file another user could have planted or changed: its config, a program found through
// PATH. The rules sshd's StrictModes uses: the file and every directory above it are owned by root (or by the
// user running bondify) and writable by nobody else — a world-writable directory only with the sticky bit — and
// so is every folder and symlink met on the way to it; the config is then read from the descriptor that was checked.
import fs from 'node:fs';
import path from 'node:path';

export const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const euid = (): number => (typeof process.geteuid === 'function' ? process.geteuid() : 0);
const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

function problemOf(p: string, st: fs.Stats): string | null {
  if (st.uid !== 0 && st.uid !== euid()) return `${p} is owned by uid ${st.uid}, not by root`;
  const sticky = st.isDirectory() && (st.mode & 0o1000) !== 0;
  if ((st.mode & 0o002) !== 0 && !sticky) return `${p} is writable by every user (mode ${octal(st.mode)})`;
  if ((st.mode & 0o020) !== 0 && st.gid !== 0 && !sticky) return `${p} is writable by group ${st.gid} (mode ${octal(st.mode)})`;
  return null;
}

export type Walked = { ok: true; real: string; st: fs.Stats } | { ok: false; code: string; message: string };

/** Symlinks followed on one walk before it is called a loop (the kernel's own limit). */
const MAX_LINKS = 40;

/**
 * Resolves `file` one component at a time, the way the kernel would, but with every step checked: each folder
 * passed through and the file itself must pass problemOf, and each symlink met (first, last or in between, in any
 * folder) must be owned by root or by this user. Because every folder on the way is one only root (or this user)
 * can change, no other user can swap anything on the path once it is checked. A trust problem answers code
 * 'EUNTRUSTED'; a missing component 'ENOENT'.
 */
export function resolveTrusted(file: string): Walked {
  const untrusted = (message: string): Walked => ({ ok: false, code: 'EUNTRUSTED', message });
  let todo = path.resolve(file).split('/').filter(Boolean);
  let done: string[] = [];
  let links = 0;
  try {
    let st = fs.lstatSync('/');
    const top = problemOf('/', st);
    if (top !== null) return untrusted(top);
    while (todo.length > 0) {
      const name = todo.shift() as string;
      if (name === '.') continue;
      if (name === '..') {
        done.pop(); // `done` holds real folders only, so its parent is the kernel's `..` too, and already checked
        continue;
      }
      const p = '/' + [...done, name].join('/');
      st = fs.lstatSync(p);
      if (st.isSymbolicLink()) {
        if (++links > MAX_LINKS) return { ok: false, code: 'ELOOP', message: `too many symlinks on the way to ${file}` };
        if (st.uid !== 0 && st.uid !== euid()) return untrusted(`${p} is a symlink owned by uid ${st.uid}, not by root`);
        const target = fs.readlinkSync(p);
        todo = [...target.split('/').filter(Boolean), ...todo];
        if (target.startsWith('/')) done = [];
        continue;
      }
      const why = problemOf(p, st);
      if (why !== null) return untrusted(why);
      if (todo.length > 0 && !st.isDirectory()) return { ok: false, code: 'ENOTDIR', message: `${p} is not a directory` };
      done.push(name);
    }
    return { ok: true, real: '/' + done.join('/'), st };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { ok: false, code: 'ENOENT', message: 'no such file' };
    return untrusted(`cannot check ${file}: ${err.message}`);
  }
}

export type Opened = { ok: true; fd: number; real: string } | { ok: false; code: string; message: string };

/**
 * Opens the file resolveTrusted checked, and proves the descriptor is that file: the last component is opened
 * O_NOFOLLOW (its folders were checked as real directories), and the opened descriptor's device and inode must be
 * the checked ones and its own owner and mode must pass again. O_NONBLOCK: a FIFO is refused by the reader, not
 * waited on. The caller reads from (and closes) `fd`, so the bytes read are the bytes checked.
 */
export function openVerified(walked: Extract<Walked, { ok: true }>): Opened {
  let fd: number;
  try {
    fd = fs.openSync(walked.real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ELOOP')
      return { ok: false, code: 'EUNTRUSTED', message: `${walked.real} was replaced by a symlink while it was being checked` };
    return { ok: false, code: err.code ?? 'EIO', message: err.code === 'ENOENT' ? 'no such file' : err.message };
  }
  const st = fs.fstatSync(fd);
  const why =
    st.dev !== walked.st.dev || st.ino !== walked.st.ino
      ? `${walked.real} was replaced while it was being checked`
      : problemOf(walked.real, st);
  if (why !== null) {
    fs.closeSync(fd);
    return { ok: false, code: 'EUNTRUSTED', message: why };
  }
  return { ok: true, fd, real: walked.real };
}

/** resolveTrusted then openVerified: a descriptor of `file` that no other user could have changed or swapped. */
export function openTrusted(file: string): Opened {
  const w = resolveTrusted(file);
  return w.ok ? openVerified(w) : w;
}

/**
 * Why `file` cannot be trusted, or null. Every folder and symlink on the way is checked (resolveTrusted). A
 * missing file is not a trust problem: the reader reports it.
 */
export function trustProblem(file: string): string | null {
  const w = resolveTrusted(file);
  return w.ok || w.code === 'ENOENT' ? null : w.message;
}

export type Resolved = { ok: true; file: string; path: string } | { ok: false; skipped: string[] };

/**
 * Finds a program the way a shell would, but only in directories root can trust: PATH entries that are relative,
 * or owned or writable by another user, are skipped (and so is a program file that is), so a PATH inherited from
 * a careless session cannot make root run someone else's `networkctl`. The safe system directories are always
 * searched last. `path` is the trusted PATH to hand to the child.
 */
export function resolveProgram(name: string, pathEnv: string | undefined): Resolved {
  if (name.includes('/')) return { ok: true, file: name, path: SAFE_PATH };
  const skipped: string[] = [];
  const trusted: string[] = [];
  for (const dir of [...new Set([...(pathEnv ?? '').split(':'), ...SAFE_PATH.split(':')])]) {
    if (dir === '') continue;
    if (!path.isAbsolute(dir)) {
      skipped.push(`${dir} (relative)`);
      continue;
    }
    if (!fs.existsSync(dir)) continue;
    const why = trustProblem(dir);
    if (why === null) trusted.push(dir);
    else skipped.push(why);
  }
  for (const dir of trusted) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (!fs.statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    const why = trustProblem(file);
    if (why === null) return { ok: true, file, path: trusted.join(':') };
    skipped.push(why);
  }
  return { ok: false, skipped };
}
