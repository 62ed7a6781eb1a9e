// Hostile and broken input through the built CLI: every bad config (plan and apply), every bad /proc/net/bonding
// file (status and check) and every bad flag gets a message naming the problem and its documented exit code,
// every tampered backup manifest (rollback) is refused before a byte is restored,
// and a sha256 of the whole target root before and after proves nothing was written. Prints
// "bad inputs: N tried, N refused cleanly".
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { hashTree, standardRoot } from '../../support/fixtures.js';
import { cli } from '../../support/cli.js';
import { recordFigure, tally } from './figures.js';
import { HOSTILE_CONFIGS } from '../../support/hostile-configs.js';
import { HOSTILE_BONDING, HOSTILE_NAMES, withHostileName, type BondingCase } from './hostile-bonding.js';
import { HOSTILE_MANIFESTS, type ManifestJson } from './hostile-manifests.js';
import { REFERENCE_INI } from '../../../src/config/index.js';

// `npm test` sends each case through one command (alternating); `npm run reliability` (BONDIFY_RELIABILITY_FULL=1)
// through every command. Both are the same code path up to the command, so the fast run loses little.
const FULL = process.env['BONDIFY_RELIABILITY_FULL'] === '1';
const pick = <T>(all: readonly T[], i: number): T[] => (FULL ? [...all] : [all[i % all.length] as T]);

const { made, tried, held } = tally('bad inputs', 'refused cleanly');

/** Counts a case as tried, and as clean only if every assertion in it passed. */
async function counted(fn: () => Promise<void>): Promise<void> {
  tried();
  await fn();
  held();
}

const CONFIG_COMMANDS = [
  ['plan', (root: string, file: string | null) => ['plan', '--root', root, ...(file ? ['--config', file] : [])]],
  ['apply', (root: string, file: string | null) => ['apply', '--root', root, '--yes', ...(file ? ['--config', file] : [])]],
] as const;

// Every message is checked in-process (test/unit/config/hostile-configs.test.ts); through the CLI, `npm test` sends
// every sixth case (what the CLI adds is the same for all of them) and `npm run reliability` every case.
const CLI_CONFIGS = FULL ? HOSTILE_CONFIGS : HOSTILE_CONFIGS.filter((_, i) => i % 6 === 0);

describe('hostile configs: exit 78, a message naming the problem, nothing written', () => {
  const rows = CLI_CONFIGS.flatMap((c, i) =>
    pick(CONFIG_COMMANDS, i).map(([cmd, argv]) => [`${cmd}: ${c[0]}`, c, argv, (i + cmd.length) % 2 === 0] as const),
  );
  it.concurrent.for(rows)('%s', async ([, [, content, parts], argv, viaDefault], { expect }) => {
    await counted(async () => {
      const root = standardRoot('hostile');
      made.push(root);
      const file = path.join(root, 'etc/bondify/bondify.ini');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      const before = hashTree(root);
      const r = await cli(argv(root, viaDefault ? null : file));
      expect(r.exitCode, r.stderr).toBe(78);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`bondify: ${file}`), r.stderr).toBe(true);
      for (const p of parts) expect(r.stderr).toContain(p);
      expect(r.stderr).toMatch(/\n {2}fix: \S/);
      expect(r.stderr).not.toContain('internal error');
      expect(hashTree(root)).toBe(before);
    });
  });
});

/** Makes the file a case stands for inside dir; returns the path to pass. */
function inputFile(dir: string, name: string, input: BondingCase[1]): string {
  const file = path.join(dir, name);
  if (typeof input === 'string' || Buffer.isBuffer(input)) fs.writeFileSync(file, input);
  else if (input.special === 'directory') fs.mkdirSync(file);
  else if (input.special === 'dev-zero') return '/dev/zero';
  else if (input.special === 'dev-null') return '/dev/null';
  else if (input.special === 'symlink-to-dev-zero') fs.symlinkSync('/dev/zero', file);
  return file;
}

describe('hostile /proc/net/bonding files: status exits 65 (66 when missing), check says UNKNOWN (3), nothing written', () => {
  const rows = HOSTILE_BONDING.flatMap((c, i) => pick(['status', 'check'] as const, i).map((cmd) => [`${cmd}: ${c[0]}`, cmd, c] as const));
  it.concurrent.for(rows)('%s', async ([, cmd, [what, input, parts]], { expect }) => {
    await counted(async () => {
      const root = standardRoot('hostile-proc');
      made.push(root);
      const dir = path.join(root, 'captures');
      fs.mkdirSync(dir);
      const file = inputFile(dir, what.replace(/\W+/g, '-'), input);
      // check remembers its previous run and writes metrics: both point into the root so a write would show.
      const state = path.join(root, 'var/lib/bondify/check-state.json');
      const before = hashTree(root);
      const r =
        cmd === 'status'
          ? await cli(['status', '--bonding-file', file])
          : await cli([
              'check',
              '--bond',
              'bond0',
              '--bonding-file',
              file,
              '--state',
              state,
              '--config',
              path.join(root, 'etc/bondify/bondify.ini'),
            ]);
      if (cmd === 'status') {
        // A file that is not there is "no input" (66); anything else that is not a bonding status file is 65.
        expect(r.exitCode, r.stderr).toBe(typeof input === 'object' && !Buffer.isBuffer(input) && input.special === 'missing' ? 66 : 65);
        expect(r.stdout).toBe('');
        expect(r.stderr.startsWith(`bondify: ${file}: `), r.stderr).toBe(true);
        expect(r.stderr).toMatch(/\n {2}fix: \S/);
      } else {
        expect(r.exitCode, r.stdout + r.stderr).toBe(3);
        expect(r.stdout).toMatch(/^BONDIFY UNKNOWN - /);
        expect(r.stdout).toContain(`cannot read the state of bond0: ${file}`);
      }
      const said = r.stdout + r.stderr;
      for (const p of parts) expect(said).toContain(p);
      expect(said).not.toContain('internal error');
      expect(said).not.toContain('\u001b'); // a terminal escape in the input must not reach the terminal
      expect(hashTree(root)).toBe(before);
    });
  });
});

// Characters a terminal acts on, or that reorder or hide text: none may reach stdout or stderr raw.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('hostile slave names in a /proc/net/bonding copy: status and check show them escaped', () => {
  const names = { tried: 0, escaped: 0 };
  afterAll(() => recordFigure({ name: 'hostile names on a terminal', tried: names.tried, counts: { 'shown escaped': names.escaped } }));
  const rows = HOSTILE_NAMES.flatMap((c) => (['status', 'check'] as const).map((cmd) => [`${cmd}: ${c[0]}`, cmd, c[1]] as const));
  it.concurrent.for(rows)('%s', async ([, cmd, chars], { expect }) => {
    names.tried++;
    {
      const root = standardRoot('hostile-name');
      made.push(root);
      const file = path.join(root, 'bonding.txt');
      fs.writeFileSync(file, withHostileName(chars));
      const state = path.join(root, 'var/lib/bondify/check-state.json');
      const r =
        cmd === 'status'
          ? await cli(['status', '--bonding-file', file])
          : await cli([
              'check',
              '--bond',
              'bond0',
              '--bonding-file',
              file,
              '--state',
              state,
              '--config',
              path.join(root, 'etc/bondify/bondify.ini'),
            ]);
      expect(r.exitCode, r.stderr).toBe(cmd === 'status' ? 0 : 3);
      expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain(`eth${chars.replace(/[^\x20-\x7e]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}1`);
    }
    names.escaped++;
  });
});

// [what, argv (ROOT replaced by a standard-method root), exit code, parts of the message]
const BAD_FLAGS: Array<[string, string[], number, string[]]> = [
  ['--root that does not exist', ['plan', '--root', 'ROOT/nope'], 64, ['--root', 'is not a directory']],
  ['--root that is a file', ['plan', '--root', 'ROOT/etc/systemd/network/eth0.network'], 64, ['is not a directory']],
  ['a misspelt flag', ['plan', '--rooot', 'ROOT'], 64, ["Unknown option '--rooot'"]],
  ['--config without a value', ['plan', '--root', 'ROOT', '--config'], 64, ['--config']],
  ['a bond name that climbs out of /proc', ['status', '--bond', '../../etc/passwd'], 64, ['--bond', 'not a network interface name']],
  ['a bond name with a space', ['status', '--bond', 'bond 0'], 64, ['not a network interface name']],
  ['a 16-byte bond name', ['status', '--bond', 'bond0123456789ab'], 64, ['not a network interface name']],
  ['an unknown command', ['plna'], 64, ["unknown command 'plna'"]],
  ['a command named after an Object property', ['constructor'], 64, ["unknown command 'constructor'"]],
  ['apply with a negative --timeout', ['apply', '--root', 'ROOT', '--timeout=-5', '--yes'], 64, ['--timeout must be a positive number']],
  ['apply --confirm on an offline root', ['apply', '--root', 'ROOT', '--confirm', '10', '--yes'], 64, ['--confirm needs the live system']],
  ['apply on a root without a config', ['apply', '--root', 'ROOT', '--yes'], 78, ['no config file', 'refusing to guess']],
  [
    'check with a bond name that climbs out',
    ['check', '--bond', '../x', '--state', 'ROOT/state.json', '--config', 'ROOT/none.ini'],
    3,
    ['UNKNOWN', 'not a network interface name'],
  ],
];

describe('bad flags: exit 64 (check: UNKNOWN), nothing written', () => {
  it.concurrent.for(BAD_FLAGS)('%s', async ([, argv, code, parts], { expect }) => {
    await counted(async () => {
      const root = standardRoot('hostile-flags');
      made.push(root);
      const before = hashTree(root);
      const r = await cli(argv.map((a) => a.replace('ROOT', root)));
      expect(r.exitCode, r.stderr).toBe(code);
      for (const p of parts) expect(r.stdout + r.stderr).toContain(p);
      expect(r.stderr).not.toContain('internal error');
      expect(hashTree(root)).toBe(before);
    });
  });
});

describe('tampered backup manifests (paths, fields, the recorded bond): rollback exits 65 naming the manifest and the field, nothing written', () => {
  let applied: Promise<string> | null = null;
  /** A root after one clean apply (made once, copied per case). */
  const template = () =>
    (applied ??= (async () => {
      const r = standardRoot('hostile-manifest-template');
      made.push(r);
      fs.mkdirSync(path.join(r, 'etc/bondify'), { recursive: true });
      fs.writeFileSync(path.join(r, 'etc/bondify/bondify.ini'), REFERENCE_INI);
      const a = await cli(['apply', '--root', r, '--yes']);
      if (a.exitCode !== 0) throw new Error(`setup apply failed: ${a.stderr}`);
      return r;
    })());

  it.concurrent.for(HOSTILE_MANIFESTS)('%s', async ([, spoil, parts, how = 'backup'], { expect }) => {
    await counted(async () => {
      const root = `${await template()}-${Math.random().toString(36).slice(2, 10)}`;
      fs.cpSync(await template(), root, { recursive: true });
      made.push(root);
      const dir = path.join(root, 'var/lib/bondify/backups');
      const [id = ''] = fs.readdirSync(dir);
      const file = path.join(dir, id, 'manifest.json');
      const m = JSON.parse(fs.readFileSync(file, 'utf8')) as ManifestJson;
      const raw = spoil(m);
      fs.writeFileSync(file, typeof raw === 'string' ? raw : JSON.stringify(m));
      if (how === 'standard') fs.rmSync(path.join(root, 'etc/bondify/bondify.ini'));
      const before = hashTree(root);
      const r = await cli(['rollback', '--root', root, ...(how === 'standard' ? ['--to', 'standard'] : [])]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(65);
      expect(r.stderr.startsWith(`bondify: /var/lib/bondify/backups/${id}/manifest.json: `), r.stderr).toBe(true);
      for (const p of parts) expect(r.stderr).toContain(p);
      expect(r.stderr).toMatch(/\n {2}fix: \S/);
      expect(r.stderr).not.toContain('internal error');
      expect(hashTree(root)).toBe(before);
    });
  });
});
