// What tests lay out on disk, in one place: temp folders that are removed after the test file, files put under a
// root, the reference guide's standard method, and fingerprints of a tree to prove that nothing was written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// The standard method of the reference guide: what a device looks like before bondify.
export const ETH0 =
  '[Match]\nName=eth0\n\n[Network]\nDHCP=no\nDNS=192.168.1.1\nDNS=8.8.8.8\nAddress=192.168.1.252/24\nGateway=192.168.1.1\n';
export const WLAN0 = '[Match]\nName=wlan0\n\n[Network]\nDHCP=no\nDNS=192.168.1.1\nAddress=192.168.1.25/24\nGateway=192.168.1.1\n';
export const STANDARD_FILES: Record<string, string> = {
  '/etc/systemd/network/eth0.network': ETH0,
  '/etc/systemd/network/wlan0.network': WLAN0,
};

const made: string[] = [];
// Each test file has its own copy of this module, so the folders go when that file's tests are done.
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder under the system temp dir, removed after the test file. */
export function tempDir(prefix = 'test'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `bondify-${prefix}-`));
  made.push(d);
  return d;
}

export const tempRoot = (): string => tempDir('root');

/** Writes a file under root (creating folders) with an explicit mode, for arranging a test. */
export function put(root: string, target: string, content: string | Buffer, mode = 0o644): void {
  const p = path.join(root, target);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content, { mode });
  fs.chmodSync(p, mode);
}

/** Writes files given as { '/etc/x': 'content' } under root. */
export function populate(root: string, files: Record<string, string>, mode = 0o644): void {
  for (const [target, content] of Object.entries(files)) put(root, target, content, mode);
}

/** A fresh root holding the standard method. */
export function standardRoot(prefix = 'standard'): string {
  const root = tempDir(prefix);
  populate(root, STANDARD_FILES);
  return root;
}

export const get = (root: string, target: string): string | null =>
  fs.existsSync(path.join(root, target)) ? fs.readFileSync(path.join(root, target), 'utf8') : null;

export const modeOf = (root: string, target: string): number => fs.lstatSync(path.join(root, target)).mode & 0o7777;

/** Every file under root with its mode and content (symlinks by target): readable in a failed assertion. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = path.join(rel, name);
      const st = fs.lstatSync(path.join(root, r));
      if (st.isDirectory()) walk(r);
      else
        out['/' + r] =
          `${(st.mode & 0o7777).toString(8)} ${st.isSymbolicLink() ? '-> ' + fs.readlinkSync(path.join(root, r)) : fs.readFileSync(path.join(root, r), 'utf8')}`;
    }
  };
  walk('');
  return out;
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
