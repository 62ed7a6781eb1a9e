// The network file sets of a root, for "complete old set or complete new set": every file under
// /etc/systemd/network and /etc/modprobe.d with its mode and sha256, plus what else a run may leave there.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { populate, tempDir, STANDARD_FILES } from './fixtures.js';
import { cli } from './cli.js';
import { REFERENCE_INI } from '../../src/config/index.js';

export const NET_DIRS = ['etc/systemd/network', 'etc/modprobe.d'];

/** "path mode sha256" for every entry of the network folders (sorted); temp files and odd entries included. */
export function fileSet(root: string): string[] {
  const out: string[] = [];
  for (const d of NET_DIRS) {
    const dir = path.join(root, d);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const st = fs.lstatSync(path.join(dir, name));
      const sum = st.isFile()
        ? createHash('sha256')
            .update(fs.readFileSync(path.join(dir, name)))
            .digest('hex')
            .slice(0, 16)
        : st.isDirectory()
          ? 'dir'
          : 'other';
      out.push(`/${d}/${name} ${(st.mode & 0o7777).toString(8)} ${sum}`);
    }
  }
  return out;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export interface Sets {
  old: string[];
  new: string[];
}

export type Verdict = 'old' | 'new' | 'mixed';

export function classify(root: string, sets: Sets): Verdict {
  const now = fileSet(root);
  return same(now, sets.old) ? 'old' : same(now, sets.new) ? 'new' : 'mixed';
}

/** A root with the standard method and the reference config: the "old" set. */
export function standardWithConfig(prefix: string): string {
  const root = tempDir(prefix);
  populate(root, { ...STANDARD_FILES, '/etc/bondify/bondify.ini': REFERENCE_INI });
  return root;
}

/** The old set (standard method) and the new set (after one clean apply), measured on a scratch root. */
export async function referenceSets(): Promise<Sets> {
  const root = standardWithConfig('sets');
  try {
    const old = fileSet(root);
    const r = await cli(['apply', '--root', root, '--yes']);
    if (r.exitCode !== 0) throw new Error(`reference apply failed: ${r.stderr}`);
    return { old, new: fileSet(root) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Every complete backup (one with a manifest) still holds the bytes its manifest records. */
export function backupProblems(root: string): string[] {
  const dir = path.join(root, 'var/lib/bondify/backups');
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const id of fs.readdirSync(dir)) {
    const mf = path.join(dir, id, 'manifest.json');
    if (!fs.existsSync(mf)) continue; // incomplete: written before the journal, so never relied on
    const m = JSON.parse(fs.readFileSync(mf, 'utf8')) as {
      entries: Array<{ path: string; existed: boolean; sha256?: string; blob?: string }>;
    };
    for (const e of m.entries.filter((x) => x.existed)) {
      const blob = path.join(dir, id, e.blob ?? '');
      if (!fs.existsSync(blob) || createHash('sha256').update(fs.readFileSync(blob)).digest('hex') !== e.sha256)
        out.push(`backup ${id}: ${e.path} does not match its manifest`);
    }
  }
  return out;
}

/**
 * networkd applies, per link, the first matching .network in lexical order: 10-bondify-<if>.network (enslave to
 * the bond) beats <if>.network (the standard method). A link is up after a reboot when its bondify file is there
 * together with the complete bond (.netdev and bond .network), or when it has only its standard file.
 */
export function bootable(root: string, bond = 'bond0', slaves = ['eth0', 'wlan0']): boolean {
  const net = (n: string) => fs.existsSync(path.join(root, `etc/systemd/network/${n}`));
  const bondComplete = net(`10-bondify-${bond}.netdev`) && net(`10-bondify-${bond}.network`);
  return slaves.every((s) => (net(`10-bondify-${s}.network`) ? bondComplete : net(`${s}.network`)));
}
