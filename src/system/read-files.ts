// Bounded, non-blocking reads: a user-named file (--config, which may be a symlink they made on purpose;
// --bonding-file; check's state), the kernel's files, and bondify's own package data. Every read opens with
// O_NONBLOCK and fstats the descriptor it opened, so a FIFO or a device is refused instead of hanging or filling
// memory, and the bound decides before a byte is read when the size is known.
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { openTrusted } from './trust.js';

const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = constants;

type Failure = { ok: false; code: string; message: string };
export type TextResult = { ok: true; text: string } | Failure;
export type ReadResult = { ok: true; text: string; data: Buffer } | Failure;

/** No input bondify reads is near this; the bound is what keeps a sparse 2 GB file from eating all memory. */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

/** A /proc or /sys file reports size 0; the ones bondify reads are a few kB. */
const UNKNOWN_SIZE_FIRST_READ = 8 * 1024;

const mib = (n: number): string =>
  n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;

/** "is 2147483648 bytes (2048 MiB), larger than the 4 MiB bondify reads": the size (when known) and the bound. */
export const tooLarge = (size: number | null, maxBytes: number): string =>
  `is ${size === null ? '' : `${size} bytes (${mib(size)}), `}larger than the ${mib(maxBytes)} bondify reads`;

/** Why an opened descriptor's file cannot be read as a file, or null for a regular file. */
export function kindProblem(st: Stats): { code: string; message: string } | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return { code: 'EISDIR', message: 'is a directory, not a file' };
  const what = st.isFIFO()
    ? 'a FIFO'
    : st.isCharacterDevice() || st.isBlockDevice()
      ? 'a device'
      : st.isSocket()
        ? 'a socket'
        : 'not a regular file';
  return { code: 'ENOTREG', message: `is ${what}, not a regular file` };
}

/**
 * Reads an open descriptor of a regular file up to `maxBytes`. The size fstat reports refuses a big file before any
 * read; /proc and /sys report 0, so the read enforces the bound as well. One buffer, a byte larger than the size
 * fstat reported (the read that returns 0 then proves the end), grown only for a file that reports no size or grew
 * since: the every-minute check reads a few small files, and each copy or concatenation costs node code compiled
 * at each start (see README, "Cold start").
 */
export function readBounded(
  fd: number,
  st: Stats,
  maxBytes: number,
): { ok: true; data: Buffer } | { ok: false; code: 'EFBIG'; message: string } {
  if (st.size > maxBytes) return { ok: false, code: 'EFBIG', message: tooLarge(st.size, maxBytes) };
  let buf = Buffer.allocUnsafe(st.size > 0 ? st.size + 1 : UNKNOWN_SIZE_FIRST_READ);
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      // total ≤ maxBytes here (checked after every read), so the new buffer is larger: the loop always advances.
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const n = readSync(fd, buf, total, buf.length - total, null);
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return { ok: false, code: 'EFBIG', message: tooLarge(st.size > 0 ? total : null, maxBytes) };
  }
  return { ok: true, data: buf.subarray(0, total) };
}

const failure = (e: unknown): Failure => {
  const err = e as NodeJS.ErrnoException;
  const message =
    err.code === 'ENOENT'
      ? 'no such file'
      : err.code === 'EISDIR'
        ? 'is a directory, not a file'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.code === 'ELOOP'
            ? 'is a symlink'
            : err.message;
  return { ok: false, code: err.code ?? 'EIO', message };
};

/** Reads an already opened descriptor (closing it): refuses anything but a regular file, bounded. */
export function readOpened(fd: number, maxBytes: number): ReadResult {
  try {
    const st = fstatSync(fd);
    const bad = kindProblem(st);
    if (bad !== null) return { ok: false, ...bad };
    const r = readBounded(fd, st, maxBytes);
    return r.ok ? { ok: true, data: r.data, text: r.data.toString('utf8') } : r;
  } catch (e) {
    return failure(e);
  } finally {
    closeSync(fd);
  }
}

/**
 * readOpened for a caller that wants the text only (the every-minute check: its state, its config, the kernel's
 * files): node decodes the whole file in one call (readFileSync of a descriptor as UTF-8), so no Buffer, readSync or
 * toString code runs — node compiles each function of those on its first call in every process, work a check run
 * that reads a few small files does not need (README, "Cold start"). The same refusals as readOpened: not a regular file, or a size
 * over the bound before a byte is read. A file that reports no size (/proc) or grows while it is read is measured
 * after the read: the kernel's few kB, or a file only its writer (root, or the user reading their own
 * --bonding-file) can grow.
 */
export function readOpenedText(fd: number, maxBytes: number): TextResult {
  try {
    const st = fstatSync(fd);
    const bad = kindProblem(st);
    if (bad !== null) return { ok: false, ...bad };
    if (st.size > maxBytes) return { ok: false, code: 'EFBIG', message: tooLarge(st.size, maxBytes) };
    const text = readFileSync(fd, 'utf8');
    // What was read, measured without its bytes: a UTF-16 unit per byte at most, so a text longer than the bound is
    // over it (a file that grew while read); a file that reported no size (/proc, ASCII) is measured exactly.
    if (text.length > maxBytes || (st.size === 0 && Buffer.byteLength(text) > maxBytes))
      return { ok: false, code: 'EFBIG', message: tooLarge(null, maxBytes) };
    return { ok: true, text };
  } catch (e) {
    return failure(e);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a path as given, not under a --root (a user-named file, a kernel file), as UTF-8: symlinks followed, as the
 * user named them; missing, unreadable, special or too large is a value, not an exception, so callers choose the
 * error. `noFollow` refuses a symlink as the last component. (fs.ts readText reads a target path under a root.)
 */
export function readPathText(file: string, maxBytes = MAX_READ_BYTES, noFollow = false): TextResult {
  const fd = openForRead(file, noFollow);
  return typeof fd === 'number' ? readOpenedText(fd, maxBytes) : fd;
}

/** readPathText with the bytes as read as well (a config's encoding is checked on its bytes). */
export function readPathBytes(file: string, maxBytes = MAX_READ_BYTES): ReadResult {
  const fd = openForRead(file, false);
  return typeof fd === 'number' ? readOpened(fd, maxBytes) : fd;
}

function openForRead(file: string, noFollow: boolean): number | Failure {
  try {
    return openSync(file, O_RDONLY | O_NONBLOCK | (noFollow ? O_NOFOLLOW : 0));
  } catch (e) {
    return failure(e);
  }
}

/**
 * Reads a file root is about to trust (its config): the descriptor read is the one whose file, and every folder and
 * link on the way to it, was checked (trust.ts openTrusted). A trust problem answers code 'EUNTRUSTED'.
 */
export function readTrustedText(file: string, maxBytes = MAX_READ_BYTES): TextResult {
  const o = openTrusted(file);
  return o.ok ? readOpenedText(o.fd, maxBytes) : o;
}

/** readTrustedText with the bytes as read as well. */
export function readTrustedBytes(file: string, maxBytes = MAX_READ_BYTES): ReadResult {
  const o = openTrusted(file);
  return o.ok ? readOpened(o.fd, maxBytes) : o;
}

/** Blocks the thread for ms (a read of a descriptor someone else made non-blocking has nothing else to wait on). */
const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Reads a descriptor bondify did not open and must not close (stdin for `plan --config -`) up to maxBytes: a regular
 * file as readOpened reads one; a pipe, a terminal or a device in chunks, refused at the first byte past the bound
 * without reading further (/dev/zero never ends, a slow writer may never stop); a directory refused before a read.
 */
export function readStreamBounded(fd: number, maxBytes: number): ReadResult {
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, code: 'EISDIR', message: 'is a directory, not a file' };
    const r = st.isFile() ? readBounded(fd, st, maxBytes) : readChunks(fd, maxBytes);
    return r.ok ? { ok: true, data: r.data, text: r.data.toString('utf8') } : r;
  } catch (e) {
    return failure(e);
  }
}

function readChunks(fd: number, maxBytes: number): { ok: true; data: Buffer } | { ok: false; code: 'EFBIG'; message: string } {
  // One byte more than the bound: the read that fills it proves the input too large, and nothing past it is read.
  const buf = Buffer.allocUnsafe(maxBytes + 1);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, total, buf.length - total, null);
    } catch (e) {
      // A descriptor inherited in non-blocking mode answers EAGAIN while its writer is slow: wait, as a blocking read would.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      pause(10);
      continue;
    }
    if (n === 0) return { ok: true, data: buf.subarray(0, total) };
    total += n;
    if (total > maxBytes)
      return { ok: false, code: 'EFBIG', message: `sent more than ${mib(maxBytes)}, the most bondify reads (it stopped reading there)` };
  }
}

/** Reads a file shipped with bondify itself (package.json, for the tsc build's version), relative to the package root. */
export function readPackageFile(relative: string): string {
  return readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8');
}
