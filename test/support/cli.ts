// Shared by the plan and config tests: run the built CLI (dist/cli/main.js, `npm run build` first) with argv,
// and fingerprint a directory tree so a test can prove nothing was written.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export function bondify(args: string[], cwd?: string) {
  return execa('node', [MAIN, ...args], { reject: false, cwd, env: { NO_COLOR: '1' } });
}

/**
 * sha256 over every path, type, mode, owner and content under dir (symlinks by target, FIFOs and devices by
 * type and number, never opened: reading a planted FIFO would block). Any write, chmod, chown or new file shows.
 */
export function hashTree(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      h.update(`${path.relative(dir, p)}\0${st.mode}\0${st.uid}:${st.gid}\0`);
      if (st.isDirectory()) walk(p);
      else if (st.isSymbolicLink()) h.update(fs.readlinkSync(p));
      else if (st.isFile()) h.update(fs.readFileSync(p));
      else h.update(`rdev ${st.rdev}`);
    }
  };
  walk(dir);
  return h.digest('hex');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bondify-${prefix}-`));
}

/** Writes files given as { '/etc/x': 'content' } under root. */
export function populate(root: string, files: Record<string, string>, mode = 0o644): void {
  for (const [target, content] of Object.entries(files)) {
    const p = path.join(root, target);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content, { mode });
    fs.chmodSync(p, mode);
  }
}
