// A refusal writes nothing: for each planted hazard × each command that writes, a sha256 of the whole root before
// and after is the same and the exit code is the documented one — no state folder, no empty backup, no lock left.
// Prints "refusals: N tried, N left the root untouched".
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { hashTree, standardRoot } from '../../support/fixtures.js';
import { cli } from '../../support/cli.js';
import { tally } from './figures.js';
import { execa } from 'execa';

const { made, tried, held } = tally('refusals', 'left the root untouched');

const NET = 'etc/systemd/network';
const at = (root: string, p: string) => path.join(root, p);
/** Moves a folder away and puts `kind` in its place. */
function replaceDir(root: string, rel: string, kind: 'symlink' | 'dangling' | 'file'): void {
  if (fs.existsSync(at(root, rel))) fs.renameSync(at(root, rel), at(root, `${rel}.real`));
  else fs.mkdirSync(at(root, `${rel}.real`), { recursive: true });
  if (kind === 'file') fs.writeFileSync(at(root, rel), 'not a folder\n');
  else fs.symlinkSync(kind === 'symlink' ? `${path.basename(rel)}.real` : '/nonexistent-bondify', at(root, rel));
}
const mkfifo = (p: string) => execa('mkfifo', [p]);

// [hazard, plant it]
const HAZARDS: Array<[string, (root: string) => Promise<void> | void]> = [
  [
    'a dangling symlink at the bond .netdev',
    (r) => {
      fs.rmSync(at(r, `${NET}/10-bondify-bond0.netdev`), { force: true });
      fs.symlinkSync('/nonexistent', at(r, `${NET}/10-bondify-bond0.netdev`));
    },
  ],
  ['the network folder a symlink', (r) => replaceDir(r, NET, 'symlink')],
  ['the network folder a dangling symlink', (r) => replaceDir(r, NET, 'dangling')],
  ['the network folder a file', (r) => replaceDir(r, NET, 'file')],
  ['modprobe.d a symlink', (r) => replaceDir(r, 'etc/modprobe.d', 'symlink')],
  ['a stale 10-bondify-old.network FIFO', async (r) => void (await mkfifo(at(r, `${NET}/10-bondify-old.network`)))],
  ['a stale 10-bondify-old.network folder', (r) => fs.mkdirSync(at(r, `${NET}/10-bondify-old.network`))],
];
const STATE_HAZARDS: Array<[string, (root: string) => Promise<void> | void]> = [
  ['the backups folder a symlink', (r) => replaceDir(r, 'var/lib/bondify/backups', 'symlink')],
  [
    'the state folder a file',
    (r) => {
      fs.rmSync(at(r, 'var/lib/bondify'), { recursive: true, force: true });
      fs.mkdirSync(at(r, 'var/lib'), { recursive: true });
      fs.writeFileSync(at(r, 'var/lib/bondify'), 'x\n');
    },
  ],
];

/** A root on the standard method with the reference config; `applied`: after one clean apply. */
async function rootFor(applied: boolean): Promise<string> {
  const r = standardRoot('refusal');
  made.push(r);
  fs.mkdirSync(at(r, 'etc/bondify'), { recursive: true });
  fs.writeFileSync(at(r, 'etc/bondify/bondify.ini'), REFERENCE_INI);
  if (applied) {
    const a = await cli(['apply', '--root', r, '--yes']);
    if (a.exitCode !== 0) throw new Error(`setup apply failed: ${a.stderr}`);
  }
  return r;
}

// [case, applied first, plant, argv (ROOT replaced), exit code]
type Row = [string, boolean, (root: string) => Promise<void> | void, string[], number];
const rows: Row[] = [
  ...HAZARDS.map(([h, plant]): Row => [`apply --yes: ${h}`, false, plant, ['apply', '--root', 'ROOT', '--yes'], 74]),
  ...HAZARDS.map(([h, plant]): Row => [`apply without --yes: ${h}`, false, plant, ['apply', '--root', 'ROOT'], 74]),
  ...STATE_HAZARDS.map(([h, plant]): Row => [
    `apply --yes: ${h}`,
    true,
    async (r) => {
      fs.rmSync(at(r, `${NET}/10-bondify-eth0.network`));
      await plant(r);
    },
    ['apply', '--root', 'ROOT', '--yes'],
    74,
  ]),
  ['apply without --yes and no terminal', false, () => {}, ['apply', '--root', 'ROOT'], 64],
  ...HAZARDS.filter(([h]) => !h.includes('dangling symlink at')).map(([h, plant]): Row => [
    `rollback: ${h}`,
    true,
    plant,
    ['rollback', '--root', 'ROOT'],
    74,
  ]),
  ...STATE_HAZARDS.map(([h, plant]): Row => [`rollback: ${h}`, true, plant, ['rollback', '--root', 'ROOT'], 74]),
  ['rollback with no backup', false, () => {}, ['rollback', '--root', 'ROOT'], 69],
  [
    'rollback --to standard with no config and no backup',
    false,
    (r) => fs.rmSync(at(r, 'etc/bondify/bondify.ini')),
    ['rollback', '--root', 'ROOT', '--to', 'standard'],
    78,
  ],
  [
    'rollback: a tampered manifest',
    true,
    (r) => {
      const dir = at(r, 'var/lib/bondify/backups');
      const [id = ''] = fs.readdirSync(dir);
      const f = path.join(dir, id, 'manifest.json');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('"existed": true', '"existed": "yes"'));
    },
    ['rollback', '--root', 'ROOT'],
    65,
  ],
  ['backups prune on a root bondify never touched', false, () => {}, ['backups', 'prune', '--root', 'ROOT'], 0],
  ...STATE_HAZARDS.map(([h, plant]): Row => [`backups prune: ${h}`, true, plant, ['backups', 'prune', '--root', 'ROOT'], 74]),
  ['confirm with nothing waiting', false, () => {}, ['confirm', '--root', 'ROOT'], 69],
  ['confirm with nothing waiting, after an apply', true, () => {}, ['confirm', '--root', 'ROOT'], 69],
];

describe('a refused command leaves the root exactly as it was', () => {
  it.concurrent.for(rows)('%s', async ([, applied, plant, argv, code], { expect }) => {
    tried();
    const root = await rootFor(applied);
    await plant(root);
    const before = hashTree(root);
    const r = await cli(argv.map((a) => (a === 'ROOT' ? root : a)));
    expect(r.exitCode, r.stdout + r.stderr).toBe(code);
    if (code !== 0) expect(r.stderr).toMatch(/^bondify: /);
    expect(r.stderr).not.toContain('internal error');
    expect(hashTree(root)).toBe(before);
    held();
  });
});
