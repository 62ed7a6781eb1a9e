// Reads that src/system/fs.ts (target files under a root, symlinks refused) does not cover: a config file the
// user names (--config, which may be a symlink they made on purpose) and bondify's own package data.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

export type ReadResult = { ok: true; text: string } | { ok: false; code: string; message: string };

/** No input bondify reads is near this; the bound is what keeps `--config /dev/zero` from eating all memory. */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

/** Reads a user-named file as UTF-8; missing or unreadable is a value, not an exception, so callers choose the error. */
export function readText(file: string, maxBytes = MAX_READ_BYTES): ReadResult {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    if (fstatSync(fd).isDirectory()) return { ok: false, code: 'EISDIR', message: 'is a directory, not a file' };
    // Read in chunks up to the bound: /proc files report size 0 and devices never end, so size cannot be trusted.
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(64 * 1024);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { ok: false, code: 'EFBIG', message: `is larger than ${maxBytes / (1024 * 1024)} MiB (a device or the wrong file?)` };
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, not a file' : err.message;
    return { ok: false, code: err.code ?? 'EIO', message };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Reads a file shipped with bondify itself (e.g. netdev-templates/…), relative to the package root. */
export function readPackageFile(relative: string): string {
  return readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8');
}
