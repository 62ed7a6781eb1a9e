// The bondify lock: one apply / rollback / check --heal at a time per root. An O_EXCL file holding the owner's
// pid, process start time and boot id, so a lock left by a killed process (or a previous boot) is recognised
// as stale and taken over instead of blocking forever. Every wait here is on the monotonic clock (clock.ts): a
// clock stepped back an hour must not make a 2 s wait last an hour.
import fs from 'node:fs';
import path from 'node:path';
import { BondifyError } from '../errors.js';
import { ensureDir, ioError, makeDirs, readText, removeFile } from './fs.js';
import { readPathText } from './read-files.js';
import { STATE_DIR, underRoot } from './paths.js';
import { monotonicMs } from './clock.js';
import { isoTime } from './iso-time.js';

export const LOCK_FILE = `${STATE_DIR}/lock`;

export interface LockOwner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22): tells a reused pid apart. */
  start: string | null;
  bootId: string | null;
  command: string;
  since: string;
}

export interface LockHandle {
  owner: LockOwner;
  release(): void;
}

export interface LockOptions {
  /** How long to wait for another holder; 0 refuses at once. */
  waitMs: number;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: (holder: LockOwner) => void;
  now?: () => Date;
  /** The monotonic clock the wait is measured on (the Host's); default process.hrtime. */
  monotonicMs?: () => number;
  /** Another lock than bondify's (check's memory has its own); a missing folder is created 0700, an existing one kept as it is. */
  file?: string;
}

export function processStart(pid: number): string | null {
  try {
    const r = readPathText(`/proc/${pid}/stat`);
    if (!r.ok) return null;
    const stat = r.text;
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function bootId(): string | null {
  try {
    const r = readPathText('/proc/sys/kernel/random/boot_id');
    return r.ok ? r.text.trim() : null;
  } catch {
    return null;
  }
}

/** A holder is alive when the same boot still runs a process with its pid and the same start time. */
export function isAlive(o: LockOwner): boolean {
  const boot = bootId();
  if (o.bootId !== null && boot !== null && o.bootId !== boot) return false;
  const start = processStart(o.pid);
  if (start === null) return false;
  return o.start === null || o.start === start;
}

function parseOwner(text: string | null): LockOwner | null {
  if (text === null) return null;
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' ? o : null;
  } catch {
    return null;
  }
}

/** Creates a file exclusively; false when it exists already. */
function createExclusive(root: string, target: string, content: string): boolean {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(underRoot(root, target), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw ioError(target, 'create the lock', e);
  }
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } catch (e) {
    // A full disk: leave no empty lock behind (it would make the next run wait), and say what happened.
    fs.closeSync(fd);
    fs.rmSync(underRoot(root, target), { force: true });
    throw ioError(target, 'write the lock', e);
  }
  fs.closeSync(fd);
  return true;
}

/**
 * How long a file has looked the same to this process, on the monotonic clock. A file's mtime is wall-clock time
 * (a step makes a fresh file look hours old, or an old one new), so age is what this process itself has watched.
 */
function watcher(clock: () => number) {
  const seen = new Map<string, { text: string | null; at: number }>();
  return (key: string, text: string | null): number => {
    const s = seen.get(key);
    if (s === undefined || s.text !== text) {
      seen.set(key, { text, at: clock() });
      return 0;
    }
    return clock() - s.at;
  };
}

/** Removes a stale lock under a short-lived guard, so two processes cannot both break it and both win. */
function breakStale(root: string, file: string, staleText: string | null, unchangedMs: (key: string, text: string | null) => number): void {
  const guard = `${file}.break`;
  if (!createExclusive(root, guard, String(process.pid))) {
    if (unchangedMs(guard, readText(root, guard)) > 10_000) removeFile(root, guard); // the breaker itself died
    return;
  }
  try {
    if (readText(root, file) === staleText) removeFile(root, file);
  } finally {
    removeFile(root, guard);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLock(root: string, command: string, opts: LockOptions): Promise<LockHandle> {
  const file = opts.file ?? LOCK_FILE;
  const clock = opts.monotonicMs ?? monotonicMs;
  const unchangedMs = watcher(clock);
  if (opts.file === undefined) ensureDir(root, STATE_DIR, 0o700);
  else makeDirs(root, path.dirname(file), 0o700);
  const owner: LockOwner = {
    pid: process.pid,
    start: processStart(process.pid),
    bootId: bootId(),
    command,
    since: isoTime((opts.now ?? (() => new Date()))()), // not toISOString: check loads this, see iso-time.ts
  };
  const started = clock();
  let told = false;
  for (;;) {
    if (createExclusive(root, file, JSON.stringify(owner) + '\n')) {
      return { owner, release: () => releaseLock(root, file, owner) };
    }
    const text = readText(root, file);
    const holder = parseOwner(text);
    // An unparsable lock is a holder killed between create and write; give a live writer a moment first.
    const stale = holder === null ? text !== null && unchangedMs(file, text) > 2_000 : !isAlive(holder);
    if (stale) {
      breakStale(root, file, text, unchangedMs);
      continue;
    }
    if (holder !== null && clock() - started >= opts.waitMs) {
      throw new BondifyError('tempfail', `another bondify ${holder.command} (pid ${holder.pid}, since ${holder.since}) is running`, {
        file,
        fix: 'wait for it to finish and run this again (the lock is released when it ends; a lock left by a killed process is taken over automatically)',
      });
    }
    if (holder !== null && !told) {
      told = true;
      opts.onWait?.(holder);
    }
    await sleep(100);
  }
}

function releaseLock(root: string, file: string, owner: LockOwner): void {
  const held = parseOwner(readText(root, file));
  if (held !== null && held.pid === owner.pid && held.start === owner.start) removeFile(root, file);
}

/** Runs fn while holding the lock; the lock is released however fn ends. */
export async function withLock<T>(root: string, command: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(root, command, opts);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
