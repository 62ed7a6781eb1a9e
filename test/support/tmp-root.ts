// Temp roots for apply's unit tests: a fresh folder per test, removed afterwards, plus small file helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempRoot(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bondify-apply-'));
  made.push(d);
  return d;
}

/** Writes a file under root (creating folders), for arranging a test. */
export function put(root: string, target: string, content: string, mode = 0o644): void {
  const p = path.join(root, target);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  fs.chmodSync(p, mode);
}

export const get = (root: string, target: string): string | null =>
  fs.existsSync(path.join(root, target)) ? fs.readFileSync(path.join(root, target), 'utf8') : null;

export const modeOf = (root: string, target: string): number => fs.lstatSync(path.join(root, target)).mode & 0o7777;

/** Every file under root with its content and mode: a fingerprint to prove "nothing changed". */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = path.join(rel, name);
      const st = fs.lstatSync(path.join(root, r));
      if (st.isDirectory()) walk(r);
      else out['/' + r] = `${(st.mode & 0o7777).toString(8)} ${st.isSymbolicLink() ? '-> ' + fs.readlinkSync(path.join(root, r)) : fs.readFileSync(path.join(root, r), 'utf8')}`;
    }
  };
  walk('');
  return out;
}
