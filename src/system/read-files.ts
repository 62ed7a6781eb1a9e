// Reads that src/system/fs.ts (target files under a root, symlinks refused) does not cover: a config file the
// user names (--config, which may be a symlink they made on purpose) and bondify's own package data.
import { readFileSync, statSync } from 'node:fs';

export type ReadResult = { ok: true; text: string } | { ok: false; code: string; message: string };

/** Reads a user-named file as UTF-8; missing or unreadable is a value, not an exception, so callers choose the error. */
export function readText(file: string): ReadResult {
  try {
    if (statSync(file).isDirectory()) return { ok: false, code: 'EISDIR', message: 'is a directory, not a file' };
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, code: err.code ?? 'EIO', message: err.code === 'ENOENT' ? 'no such file' : err.message };
  }
}

/** Reads a file shipped with bondify itself (e.g. netdev-templates/…), relative to the package root. */
export function readPackageFile(relative: string): string {
  return readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8');
}
