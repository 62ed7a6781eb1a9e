// What the built CLI adds to a refused config (the messages themselves are tested in-process in
// test/unit/config/invalid-configs.test.ts): exit 78, the message on stderr and nothing on stdout (also with
// --json), and the target root byte-for-byte unchanged, whether the config is found under --root or named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTree, put, tempDir } from '../../support/fixtures.js';
import { cli } from '../../support/cli.js';

const TYPO = '[bond]\nslaves = eth0, wlan0\nmiimom = 100ms\n\n[network]\naddress = 192.168.1.252/24\n';

describe('bondify plan with an invalid config', () => {
  it.each([
    ['found under --root', (root: string) => ['plan', '--root', root]],
    [
      'named by --config, with --json',
      (root: string) => ['plan', '--config', path.join(root, 'etc/bondify/bondify.ini'), '--root', root, '--json'],
    ],
  ])('%s: exit 78, the message on stderr, no plan, nothing written', async (_, argv) => {
    const root = tempDir('invalid-cli');
    put(root, '/etc/systemd/network/eth0.network', '[Match]\nName=eth0\n');
    put(root, '/etc/bondify/bondify.ini', TYPO);
    const before = hashTree(root);
    const r = await cli(argv(root));
    expect(r.exitCode, r.stderr).toBe(78);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^bondify: ${path.join(root, 'etc/bondify/bondify.ini')} \\[bond\\] miimom: line 3: unknown key miimom.*\\n {2}value: "100ms"\\n {2}fix: \\S`,
        's',
      ),
    );
    expect(hashTree(root)).toBe(before);
    expect(fs.existsSync(path.join(root, 'var'))).toBe(false);
  });

  it('a missing --config file is 66 (no input), naming it', async () => {
    const root = tempDir('invalid-cli');
    const r = await cli(['plan', '--config', path.join(root, 'nope.ini'), '--root', root]);
    expect(r.exitCode, r.stderr).toBe(66);
    expect(r.stderr).toBe(
      `bondify: ${path.join(root, 'nope.ini')}: the config file does not exist\n  fix: pass --config with the path of an existing bondify.ini (bondify init writes one)`,
    ); // execa strips the final newline
  });
});
