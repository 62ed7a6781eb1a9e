// Lists a kernel directory (e.g. /proc/net/bonding) under Host.kernelRoot; read-only, for error messages.
import fs from 'node:fs';
import path from 'node:path';

/** Entries, sorted; [] when the directory is absent or unreadable. */
export function listKernelDir(kernelRoot: string, p: string): string[] {
  try {
    return fs.readdirSync(path.join(kernelRoot, p)).sort();
  } catch {
    return [];
  }
}
