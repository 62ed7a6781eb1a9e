// `plan` is the promise of what apply does, and all three read one plan value (src/usecases/plan.ts). On every root
// the plan and render tests build — each golden case from empty, from its standard method, applied, and switched
// to and from the reference; the plan tests' own roots; roots apply refuses — `plan --json` and
// `apply --dry-run` list the same changes (same actions, same paths, same order, moves aside included) or refuse
// alike, neither writes, and the real transaction (`apply --yes` on the offline root) then leaves exactly the tree
// the plan described: its files created or updated with the planned bytes and mode, removed and moved-aside files
// gone, every other file as it was.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { hashTree, populate, tempDir, STANDARD_FILES } from '../../support/fixtures.js';
import { STOCK_ARCH } from '../../support/stock-arch.js';
// In-process (each command's run(), as main calls it): a root costs milliseconds, not three processes.
import { bondify } from '../../support/in-process.js';

const GOLDEN = path.resolve('test/golden');
const CASES = fs
  .readdirSync(GOLDEN)
  .filter((c) => fs.statSync(path.join(GOLDEN, c)).isDirectory())
  .sort();

/** A golden case's files (`bond/` = bondify applied, `standard/` = the standard method) as { target: content }. */
const goldenFiles = (name: string, set: 'bond' | 'standard' = 'bond'): Record<string, string> => {
  const base = path.join(GOLDEN, name, set);
  const out: Record<string, string> = {};
  // A case whose links have no standard method (no address of their own) has no standard/ folder.
  if (!fs.existsSync(base)) return out;
  const walk = (rel: string) => {
    for (const n of fs.readdirSync(path.join(base, rel))) {
      const r = path.join(rel, n);
      if (fs.statSync(path.join(base, r)).isDirectory()) walk(r);
      else out[`/${r}`] = fs.readFileSync(path.join(base, r), 'utf8');
    }
  };
  walk('');
  return out;
};
const ini = (name: string) => fs.readFileSync(path.join(GOLDEN, name, 'bondify.ini'), 'utf8');

interface Root {
  name: string;
  files: Record<string, string>;
  config: string;
  /** Set after the files are written: { target: mode }. */
  modes?: Record<string, number>;
  /** { target: where the symlink points, relative to the root }. */
  symlinks?: Record<string, string>;
}

const NET = '/etc/systemd/network';
const HAND_MADE: Root[] = [
  { name: 'the standard method', files: STANDARD_FILES, config: REFERENCE_INI },
  {
    name: 'a catch-all and the standard method',
    files: { ...STANDARD_FILES, [`${NET}/99-default.network`]: '[Match]\nName=*\n\n[Network]\nDHCP=yes\n' },
    config: REFERENCE_INI,
  },
  {
    name: "a stale file of bondify's beside the standard method",
    files: { ...STANDARD_FILES, [`${NET}/10-bondify-old.network`]: '[Match]\nName=old\n' },
    config: REFERENCE_INI,
  },
  {
    name: 'a Name= glob that matches eth0 only',
    files: { [`${NET}/20-wired.network`]: '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n' },
    config: REFERENCE_INI,
  },
  { name: 'the stock Arch Linux ARM files with the DHCP bond init writes from them', files: STOCK_ARCH, config: ini('dhcp-ra') },
  {
    name: "stale own files, slave files and someone else's file (the computePlan table's root)",
    files: {
      [`${NET}/10-bondify-eth9.network`]: '[Match]\nName=eth9\n',
      [`${NET}/10-bondify-bond1.netdev`]: '[NetDev]\nName=bond1\n',
      [`${NET}/eth0.network`]: '[Match]\nName=eth0\n',
      [`${NET}/99-default.network`]: '[Match]\nName=*\n',
      [`${NET}/10-bondify-notes.txt`]: 'not a unit\n',
      [`${NET}/eth9.network`]: '[Match]\nName=eth9\n',
    },
    config: REFERENCE_INI,
  },
  {
    name: 'a stale .netdev of the same name (the plan CLI table)',
    files: { [`${NET}/10-bondify-bond0.netdev`]: 'stale\n' },
    config: REFERENCE_INI,
  },
  {
    name: 'applied, but one file has another mode (a mode-only update)',
    files: goldenFiles('reference'),
    config: REFERENCE_INI,
    modes: { '/etc/modprobe.d/bondify.conf': 0o600 },
  },
  {
    name: 'a file that configures eth0 and another link (apply refuses to move it aside)',
    files: { [`${NET}/20-two.network`]: '[Match]\nName=eth0 eth9\n\n[Network]\nDHCP=yes\n' },
    config: REFERENCE_INI,
  },
  {
    name: 'a symlink where a file of bondify goes (both refuse)',
    files: { '/etc/passwd-copy': 'x\n' },
    config: REFERENCE_INI,
    symlinks: { [`${NET}/10-bondify-bond0.netdev`]: 'etc/passwd-copy' },
  },
];

/** Each golden case (a new one joins by its folder): from empty, its standard method, applied, from and to the reference. */
const FROM_GOLDEN: Root[] = CASES.flatMap((c): Root[] => [
  { name: `${c}: an empty root`, files: {}, config: ini(c) },
  { name: `${c}: its standard method`, files: goldenFiles(c, 'standard'), config: ini(c) },
  { name: `${c}: already applied (nothing to do)`, files: goldenFiles(c), config: ini(c) },
  ...(c === 'reference'
    ? []
    : [
        { name: `${c}: the reference applied, then this config`, files: goldenFiles('reference'), config: ini(c) },
        { name: `${c}: applied, then the reference config`, files: goldenFiles(c), config: ini('reference') },
      ]),
]);

const ROOTS = [...FROM_GOLDEN, ...HAND_MADE];

/** Every regular file under root as { target: [content, mode] }, bondify's own state folder left out. */
function files(root: string): Record<string, [string, number]> {
  const out: Record<string, [string, number]> = {};
  const walk = (rel: string) => {
    for (const n of fs.readdirSync(path.join(root, rel))) {
      const r = `${rel}/${n}`;
      if (r === '/var/lib/bondify') continue;
      const st = fs.lstatSync(path.join(root, r));
      if (st.isDirectory()) walk(r);
      else
        out[r] = [
          st.isSymbolicLink() ? `-> ${fs.readlinkSync(path.join(root, r))}` : fs.readFileSync(path.join(root, r), 'utf8'),
          st.mode & 0o7777,
        ];
    }
  };
  walk('');
  return out;
}

interface JsonEntry {
  path: string;
  action: string;
  content: string;
  mode: string;
}

describe('plan, apply --dry-run and the transaction agree', () => {
  it('covers every golden case and the hand-made roots, each once', () => {
    expect(CASES).toEqual(expect.arrayContaining(['reference', 'arp-monitoring', 'three-slaves', 'custom-name']));
    expect(new Set(ROOTS.map((r) => r.name)).size).toBe(ROOTS.length);
    expect(ROOTS.length).toBe(CASES.length * 5 - 2 + HAND_MADE.length);
  });

  it.for(ROOTS)('$name', async ({ files: given, config, modes = {}, symlinks = {} }) => {
    const root = tempDir('plan-vs-apply');
    populate(root, { ...given, '/etc/bondify/bondify.ini': config });
    for (const [target, mode] of Object.entries(modes)) fs.chmodSync(path.join(root, target), mode);
    for (const [target, to] of Object.entries(symlinks)) {
      fs.mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
      fs.symlinkSync(path.join(root, to), path.join(root, target));
    }
    const before = hashTree(root);
    const plan = await bondify(['plan', '--root', root, '--json']);
    const dry = await bondify(['apply', '--root', root, '--dry-run']);
    expect(hashTree(root)).toBe(before);
    if (plan.code !== 0) {
      // plan cannot read what is there (a symlink where a file goes): apply --dry-run refuses with the same code.
      expect(plan.stderr).toMatch(/symlink/);
      expect([dry.code, dry.stderr]).toEqual([plan.code, plan.stderr]);
      return;
    }
    const entries = JSON.parse(plan.stdout) as JsonEntry[];
    const planned = entries.filter((e) => e.action !== 'unchanged').map((e) => `${e.action} ${e.path}`);
    const listed = dry.stdout
      .split('\n')
      .map((l) => /^ {2}(create|update|remove|move-aside) (\S+)/.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    expect(listed).toEqual(planned);
    if (planned.length === 0) expect(dry.stdout).toContain('plan: nothing to do');
    // A plan apply would refuse says so, and apply --dry-run refuses it (exit 78, bad config for this system).
    const refused = /apply would refuse this/.test(plan.stderr);
    expect([refused, dry.code]).toEqual(refused ? [true, 78] : [false, 0]);
    if (refused) return;

    const was = files(root);
    const applied = await bondify(['apply', '--root', root, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const want = { ...was };
    for (const e of entries) {
      if (e.action === 'remove' || e.action === 'move-aside') delete want[e.path];
      else want[e.path] = [e.content, parseInt(e.mode, 8)];
    }
    expect(files(root)).toEqual(want);
  });
});
