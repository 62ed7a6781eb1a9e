// Whether root may trust a file another user could have planted or changed: its config, a program found through
// PATH. The rules sshd's StrictModes uses: the file and every directory above it are owned by root (or by the
// user running bondify) and writable by nobody else — a world-writable directory only with the sticky bit.
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

/** `p` and every directory above it, from the top. */
function chain(p: string): string[] {
  const out: string[] = [];
  for (let d = p; ; d = path.dirname(d)) {
    out.unshift(d);
    if (d === path.dirname(d)) return out;
  }
}

/**
 * Why `file` cannot be trusted, or null. Checks the file as named (a symlink's own directory too) and where it
 * really is. A missing file is not a trust problem: the reader reports it.
 */
export function trustProblem(file: string): string | null {
  const given = path.resolve(file);
  let real: string;
  let realDir: string;
  try {
    real = fs.realpathSync(given);
    realDir = fs.realpathSync(path.dirname(given));
  } catch {
    return null;
  }
  const paths = [...new Set([...chain(realDir), ...chain(real)])];
  try {
    const link = fs.lstatSync(given);
    if (link.isSymbolicLink() && link.uid !== 0 && link.uid !== euid()) return `${given} is a symlink owned by uid ${link.uid}, not by root`;
    for (const p of paths) {
      const why = problemOf(p, fs.statSync(p));
      if (why !== null) return why;
    }
  } catch (e) {
    return `cannot check ${given}: ${(e as Error).message}`;
  }
  return null;
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
