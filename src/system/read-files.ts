// Read-only access to files for modules outside src/system: target files under Host.root, kernel files under
// Host.kernelRoot, and user-named files (--config) as typed. Writing lives with apply, not here.
import { readFileSync, readdirSync, lstatSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Host } from './host.js';
import { underRoot } from './paths.js';
import { BondifyError } from '../errors.js';

export type ReadResult = { ok: true; text: string } | { ok: false; code: string; message: string };

/** Reads a file as UTF-8; a missing or unreadable file is a value, not an exception, so callers choose the error. */
export function readText(file: string): ReadResult {
  try {
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (st === undefined) return { ok: false, code: 'ENOENT', message: 'no such file' };
    if (st.isDirectory()) return { ok: false, code: 'EISDIR', message: 'is a directory, not a file' };
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, code: err.code ?? 'EIO', message: err.message };
  }
}

/** The current content of a target-system path under host.root, or null when absent. */
export function readTarget(host: Host, target: string): string | null {
  const r = readText(underRoot(host.root, target));
  if (r.ok) return r.text;
  if (r.code === 'ENOENT') return null;
  throw new BondifyError('io', `cannot read ${target}: ${r.message}`, { file: underRoot(host.root, target), fix: 'check the permissions of that path' });
}

/** File names in a target-system directory under host.root (sorted; empty when the directory is absent). */
export function listTargetDir(host: Host, targetDir: string): string[] {
  try {
    return readdirSync(underRoot(host.root, targetDir)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Whether a path exists under host.kernelRoot, e.g. 'sys/class/net/wlan0/wireless'. */
export function kernelPathExists(host: Host, relative: string): boolean {
  return existsSync(path.join(host.kernelRoot, relative));
}

/** Reads a file shipped with bondify itself (e.g. netdev-templates/…), relative to the package root. */
export function readPackageFile(relative: string): string {
  return readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8');
}
