// Reads the kernel's files (/proc, /sys) under Host.kernelRoot for observe: bounded reads, no writing, and
// nothing heavier than node:fs loaded (`bondify check` runs from cron every minute; fs.ts pulls in node:crypto).
import fs from 'node:fs';
import path from 'node:path';
import { BondifyError } from '../errors.js';
import { readPathText } from './read-files.js';

/** What a missing or not-applicable kernel file answers (no such link, a speed read on a down link…). */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EINVAL', 'ENODEV']);

/** A kernel file's text, or null when it does not exist; any other failure is an 'io' error naming it. */
export function readKernelFile(kernelRoot: string, p: string): string | null {
  const r = readPathText(path.join(kernelRoot, p));
  if (r.ok) return r.text;
  if (ABSENT.has(r.code)) return null;
  throw new BondifyError('io', `cannot read ${p}: ${r.message}`, { file: p, fix: 'run as root, or check that /proc and /sys are mounted' });
}

/** Entries of a kernel directory (e.g. /proc/net/bonding), sorted; [] when absent or unreadable. */
export function listKernelDir(kernelRoot: string, p: string): string[] {
  try {
    return fs.readdirSync(path.join(kernelRoot, p)).sort();
  } catch {
    return [];
  }
}

/** A file's modification time (ms since the epoch), null when it does not exist (networkd's lease files: when written). */
export function kernelFileMtimeMs(kernelRoot: string, p: string): number | null {
  try {
    return fs.statSync(path.join(kernelRoot, p)).mtimeMs;
  } catch {
    return null;
  }
}
