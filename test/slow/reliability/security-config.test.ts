// As root, a config file other users can change is refused (exit 78, nothing written): owned by another user,
// world-writable, writable by a non-root group, in a folder others can write without the sticky bit, or named by
// a symlink another user owns. Root's own files (also group root, also in /tmp-like sticky folders) are fine,
// and a user who is not root is not held to it.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTree, populate } from '../../support/fixtures.js';
import { cli, configuredRoots, MAIN } from '../../support/cli.js';
import { REFERENCE_INI } from '../../../src/config/index.js';

const root = configuredRoots();

// [what, arrange the config file (and its folder), accepted?, what the refusal says]
const TRUST: Array<[string, (file: string) => void, boolean, RegExp | null]> = [
  ['mode 0666', (f) => fs.chmodSync(f, 0o666), false, /writable by every user \(mode 0666\)/],
  [
    'group-writable by group 1000',
    (f) => {
      fs.chmodSync(f, 0o664);
      fs.chownSync(f, 0, 1000);
    },
    false,
    /writable by group 1000/,
  ],
  ['owned by uid 1000', (f) => fs.chownSync(f, 1000, 1000), false, /owned by uid 1000/],
  ['in a world-writable folder', (f) => fs.chmodSync(path.dirname(f), 0o777), false, /writable by every user \(mode 0777\)/],
  [
    'a symlink owned by uid 1000',
    (f) => {
      fs.renameSync(f, f + '.real');
      fs.symlinkSync(f + '.real', f);
      fs.lchownSync(f, 1000, 1000);
    },
    false,
    /symlink owned by uid 1000/,
  ],
  [
    'a symlink to a 0666 file',
    (f) => {
      fs.renameSync(f, f + '.real');
      fs.chmodSync(f + '.real', 0o666);
      fs.symlinkSync(f + '.real', f);
    },
    false,
    /\.real is writable by every user/,
  ],
  ['root 0644 (accepted)', () => undefined, true, null],
  ['group-writable by root (accepted)', (f) => fs.chmodSync(f, 0o664), true, null],
  ['in a sticky world-writable folder (accepted)', (f) => fs.chmodSync(path.dirname(f), 0o1777), true, null],
];

describe('as root, a config file other users can change is refused (78)', () => {
  it.concurrent.for(TRUST)('%s', async ([, arrange, accepted, why], { expect }) => {
    const r = root('trust');
    const file = path.join(r, 'cfg', 'bondify.ini');
    populate(r, { '/cfg/bondify.ini': REFERENCE_INI });
    arrange(file);
    const before = hashTree(r);
    const run = await cli(['apply', '--root', r, '--yes', '--config', file]);
    if (accepted) {
      expect(run.exitCode, run.stderr).toBe(0);
      return;
    }
    expect(run.exitCode, run.stderr).toBe(78);
    expect(run.stderr).toContain(`bondify: ${file}: refusing a config file that other users can change`);
    expect(run.stderr).toMatch(why as RegExp);
    expect(run.stderr).toContain("fix: make it root's alone: chown root:root");
    expect(hashTree(r)).toBe(before);
  });

  it('a user who is not root may plan with their own 0666 config', async () => {
    const r = root('trust-user');
    fs.chmodSync(r, 0o755);
    const file = path.join(r, 'mine.ini');
    fs.writeFileSync(file, REFERENCE_INI, { mode: 0o666 });
    fs.chmodSync(file, 0o666);
    const run = await execa('node', [MAIN, 'plan', '--root', r, '--config', file], {
      reject: false,
      uid: 65534,
      gid: 65534,
      env: { NO_COLOR: '1' },
    });
    expect(run.exitCode, String(run.stderr)).toBe(0);
  });
});
