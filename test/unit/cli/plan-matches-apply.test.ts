// `plan` is the promise of what apply does: on every root of the scenario tables, the changes `plan --json` lists
// are exactly the ones `apply --dry-run` lists (same actions, same paths, same order), moves aside included. Both
// commands run in-process (their run(), as main calls it), so every root costs milliseconds, not two processes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { hashTree, populate, tempDir, STANDARD_FILES } from '../../support/fixtures.js';
import { bondify } from '../../support/in-process.js';

const GOLDEN = path.resolve('test/golden');
/** A golden case's files (`bond/` = bondify applied, `standard/` = the standard method) as { target: content }. */
const goldenFiles = (name: string, set: 'bond' | 'standard' = 'bond'): Record<string, string> => {
  const base = path.join(GOLDEN, name, set);
  const out: Record<string, string> = {};
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

// [root, the files on it, the config]
const ROOTS: Array<[string, Record<string, string>, string]> = [
  ['an empty root', {}, REFERENCE_INI],
  ['the standard method', STANDARD_FILES, REFERENCE_INI],
  ['bondify already applied (nothing to do)', goldenFiles('reference'), REFERENCE_INI],
  ['applied, then the config renames the bond (updates and stale removals)', goldenFiles('reference'), ini('custom-name')],
  ['a catch-all and the standard method', { ...STANDARD_FILES, '/etc/systemd/network/99-default.network': '[Match]\nName=*\n\n[Network]\nDHCP=yes\n' }, REFERENCE_INI],
  ['a stale file of bondify\'s beside the standard method', { ...STANDARD_FILES, '/etc/systemd/network/10-bondify-old.network': '[Match]\nName=old\n' }, REFERENCE_INI],
  ['three slaves on their standard method', goldenFiles('three-slaves', 'standard'), ini('three-slaves')],
  ['ARP monitoring over an applied reference', goldenFiles('reference'), ini('arp-monitoring')],
  ['a Name= glob that matches eth0 only', { '/etc/systemd/network/20-wired.network': '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n' }, REFERENCE_INI],
];


describe('plan and apply --dry-run agree', () => {
  it.for(ROOTS)('%s', async ([, files, config]) => {
    const root = tempDir('plan-vs-apply');
    populate(root, { ...files, '/etc/bondify/bondify.ini': config });
    const before = hashTree(root);
    const plan = await bondify(['plan', '--root', root, '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = (JSON.parse(plan.stdout) as Array<{ path: string; action: string }>).filter((e) => e.action !== 'unchanged').map((e) => `${e.action} ${e.path}`);
    const dry = await bondify(['apply', '--root', root, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const listed = dry.stdout.split('\n').map((l) => /^ {2}(create|update|remove|move-aside) (\S+)/.exec(l)).filter((m) => m !== null).map((m) => `${m[1]} ${m[2]}`);
    expect(listed).toEqual(planned);
    if (planned.length === 0) expect(dry.stdout).toContain('plan: nothing to do');
    expect(hashTree(root)).toBe(before);
  });
});
