// What the built CLI says when the environment is hostile or unusual, and that it says the real cause:
// (1) an empty value for any path flag (an unset variable) is a usage error, never the current directory;
// (2) runs as an unprivileged user (nobody) end in 77 with one clear line, never a stack trace or "free space";
// (3) a Latin-1 config is called not UTF-8, an append-only or immutable network folder is named as such and leaves
// no temp file, a backup copy deleted from files/ is called missing, and no error repeats a line of a file that
// is not a bondify config (/etc/shadow, a credentials file). Prints "hostile environment: N tried, N refused cleanly".
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { hashTree, tempDir } from '../../support/fixtures.js';
import { cli, configuredRoots, MAIN } from '../../support/cli.js';
import { tally } from './figures.js';
import { EMPTY, FIXTURE, pinned } from '../../support/empty-flags.js';
import { REFERENCE_INI } from '../../../src/config/index.js';

const NOBODY = 65534;
const root = configuredRoots();
const { made, tried, held } = tally('hostile environment', 'refused cleanly');
const scratch = (): string => {
  const d = tempDir('messages');
  made.push(d);
  return d;
};
const run = async (argv: string[], opts: { cwd?: string; uid?: number } = {}) => {
  const r = await execa('node', [MAIN, ...argv], {
    reject: false,
    timeout: 20_000,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

// Every row is checked in-process (test/unit/cli/empty-flags.test.ts); through the built CLI `npm test` runs every
// fourth (what the process adds, the cwd it would hit, is the same for all) and `npm run reliability` all of them.
const FULL = process.env['BONDIFY_RELIABILITY_FULL'] === '1';
const CLI_EMPTY = FULL ? EMPTY : EMPTY.filter((_, i) => i % 4 === 0);

describe('an empty path flag (an unset variable) is a usage error, run from the root it would otherwise hit', () => {
  const rows = CLI_EMPTY.flatMap(
    ([cmd, flag]) =>
      [
        [`${cmd.join(' ')} ${flag} ''`, cmd, flag, [flag, '']],
        [`${cmd.join(' ')} ${flag}=`, cmd, flag, [`${flag}=`]],
      ] as const,
  );
  it.concurrent.for(rows)('%s', async ([, cmd, flag, given], { expect }) => {
    tried();
    const r = root('empty');
    const before = hashTree(r);
    const out = await run([...cmd, ...pinned(cmd, flag, r), ...given], { cwd: r });
    // check is a monitoring plugin: a bad flag is UNKNOWN (3) there, a usage error (64) everywhere else.
    expect(out.exitCode, out.stderr).toBe(cmd[0] === 'check' ? 3 : 64);
    expect(out.stdout + out.stderr).toContain(`${flag} is empty (an unset variable?)`);
    expect(hashTree(r)).toBe(before);
    held();
  });
});

describe('as an unprivileged user: 77 and one clear line, never a stack trace', () => {
  // [what, argv for a root that holds a backup in its 0700 state folder, exit]
  const CASES: Array<[string, (r: string) => string[], number]> = [
    ['backups on a root whose state it cannot read', (r) => ['backups', '--root', r], 77],
    ['cron install into a root it cannot write', (r) => ['cron', 'install', '--root', r], 77],
    ['apply into a root it cannot write', (r) => ['apply', '--yes', '--root', r], 77],
    ['rollback in a root it cannot write', (r) => ['rollback', '--root', r], 77],
    ['backups prune in a root it cannot write', (r) => ['backups', 'prune', '--root', r], 77],
    ['cron remove in a root it cannot read', (r) => ['cron', 'remove', '--root', r], 77],
  ];
  it.concurrent.for(CASES)('%s', async ([, argv, code], { expect }) => {
    tried();
    const r = root('nobody');
    const first = await cli(['apply', '--yes', '--root', r]);
    expect(first.exitCode, first.stderr).toBe(0);
    fs.chmodSync(r, 0o755);
    fs.chmodSync(path.join(r, 'etc/bondify/bondify.ini'), 0o644);
    // The root holds the program cron install would schedule, so that case meets the permission check and not
    // the refusal of a root without bondify (64).
    fs.mkdirSync(path.join(r, 'usr/bin'), { recursive: true });
    fs.writeFileSync(path.join(r, 'usr/bin/bondify'), '#!/bin/sh\n', { mode: 0o755 });
    const before = hashTree(r);
    const out = await run(argv(r), { uid: NOBODY });
    expect(out.exitCode, out.stderr).toBe(code);
    expect(out.stderr).toMatch(/permission denied \(bondify is not running as root\)\n {2}fix: run it as root/);
    expect(out.stderr).not.toMatch(/internal error|\n\s+at |free space/);
    expect(hashTree(r)).toBe(before);
    held();
  });

  it('read-only commands still work for nobody where they can read', async ({ expect }) => {
    const r = root('nobody-read');
    fs.chmodSync(r, 0o755);
    expect((await run(['plan', '--root', r], { uid: NOBODY })).exitCode).toBe(0);
    expect((await run(['status', '--bonding-file', FIXTURE], { uid: NOBODY })).exitCode).toBe(0);
  });
});

/** Runs `f` with `attr` set on `file` (chattr), always lifting it afterwards so the folder can be removed. */
async function withAttr<T>(attr: string, file: string, f: () => Promise<T>): Promise<T> {
  await execa('chattr', [`+${attr}`, file]);
  try {
    return await f();
  } finally {
    await execa('chattr', [`-${attr}`, file]);
  }
}
const temps = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.includes('.bondify-tmp-'));

describe('messages name the real cause', () => {
  it('a 25 KB config with Latin-1 comments is called not UTF-8, not too large', async ({ expect }) => {
    tried();
    const s = scratch();
    const file = path.join(s, 'latin.ini');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(REFERENCE_INI),
        ...Array.from({ length: 400 }, () =>
          Buffer.from('; caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 volont\xe9 \xe9t\xe9 \xe9t\xe9 \xe9t\xe9 \xe9t\xe9 \xe9t\xe9\n', 'latin1'),
        ),
      ]),
    );
    expect(fs.statSync(file).size).toBeGreaterThan(20_000);
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    const out = await cli(['plan', '--root', root('latin'), '--config', file]);
    expect(out.exitCode).toBe(78);
    expect(out.stderr).toMatch(/line \d+: not UTF-8 \(byte \d+ is 0xe9; a file saved as ISO-8859-1/);
    expect(out.stderr).toContain('iconv -f ISO-8859-1 -t UTF-8');
    expect(out.stderr).not.toContain('larger than');
    held();
  });

  it.for([
    ['apply', 'a'],
    ['rollback', 'a'],
    ['apply', 'i'],
  ] as const)('%s in a network folder with chattr +%s: the cause named, no temp file left', async ([cmd, attr], { expect }) => {
    tried();
    const r = root('chattr');
    const net = path.join(r, 'etc/systemd/network');
    if (cmd === 'rollback') expect((await cli(['apply', '--yes', '--root', r])).exitCode).toBe(0);
    const target = attr === 'i' ? path.join(net, 'eth0.network') : net;
    const out = await withAttr(attr, target, async () => {
      const o = await cli([cmd, '--yes', '--root', r].filter((a) => cmd === 'apply' || a !== '--yes'));
      expect(temps(net)).toEqual([]);
      return o;
    });
    // apply reverts what it had written and answers 75 with the cause; rollback stops before its first write (74).
    expect(out.exitCode, out.stderr).toBe(cmd === 'apply' ? 75 : 74);
    expect(out.stderr).toMatch(/operation not permitted, even for root: the file or its folder is append-only or immutable/);
    if (cmd === 'rollback') expect(out.stderr).toMatch(/fix: see lsattr -d \/etc\/systemd\/network/);
    expect(out.stderr).not.toMatch(/ENOTDIR|not a directory|free space|internal error/);
    held();
  });

  it('a backup copy deleted from files/ is called missing, not a sha256 mismatch', async ({ expect }) => {
    tried();
    const r = root('blob');
    expect((await cli(['apply', '--yes', '--root', r])).exitCode).toBe(0);
    const b = path.join(r, 'var/lib/bondify/backups');
    const id = fs.readdirSync(b)[0] as string;
    fs.rmSync(path.join(b, id, 'files/etc/systemd/network/eth0.network'));
    const before = hashTree(path.join(r, 'etc'));
    const out = await cli(['rollback', '--root', r]);
    expect(out.exitCode, out.stderr).toBe(65);
    expect(out.stderr).toContain(
      `backup ${id} is damaged: /etc/systemd/network/eth0.network is missing from it (no /var/lib/bondify/backups/${id}/files/etc/systemd/network/eth0.network)`,
    );
    expect(out.stderr).not.toContain('sha256');
    expect(hashTree(path.join(r, 'etc'))).toBe(before);
    held();
  });

  // [what, content of a file that is not a bondify config, the secret that must not be printed]
  const FOREIGN: Array<[string, string, string]> = [
    [
      'a shadow file',
      'root:$6$Zq9sAlT$SecretHashValue0123456789abcdefXYZ:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n',
      'SecretHashValue',
    ],
    [
      'a credentials file (INI, no bondify section)',
      '[default]\naws_access_key_id = AKIAEXAMPLEKEY\naws_secret_access_key = wJalrSecretKeyValue\n',
      'SecretKeyValue',
    ],
    [
      'a bondify-looking file with a foreign section',
      '[bond]\nslaves = eth0, wlan0\n[network]\naddress = 192.168.1.252/24\n[secrets]\ntoken = TopSecretToken\n',
      'TopSecretToken',
    ],
    ['a valid first line, then not INI', '[bond]\nslaves = eth0\u0001TopSecretA\nroot:TopSecretB:19700\n', 'TopSecret'],
    ['a key before any section', 'password = TopSecretPw\n[bond]\nslaves = eth0, wlan0\n', 'TopSecretPw'],
    ['an env file', 'API_TOKEN=TopSecretEnv\n', 'TopSecretEnv'],
  ];
  it.concurrent.for(FOREIGN)('%s: refused without printing its content', async ([, content, secret], { expect }) => {
    tried();
    const s = scratch();
    const file = path.join(s, 'not-bondify');
    fs.writeFileSync(file, content, { mode: 0o600 });
    const out = await cli(['plan', '--root', root('foreign'), '--config', file]);
    expect(out.exitCode, out.stderr).toBe(78);
    expect(out.stdout + out.stderr).not.toContain(secret);
    expect(out.stderr).not.toContain('value:');
    held();
  });

  it('--config /etc/shadow prints nothing of it', async ({ expect }) => {
    if (!fs.existsSync('/etc/shadow')) return;
    const first = fs.readFileSync('/etc/shadow', 'utf8').split('\n')[0] ?? '';
    const out = await cli(['plan', '--config', '/etc/shadow']);
    expect(out.exitCode).toBe(78);
    for (const field of first.split(':').filter((f) => f.length > 3)) expect(out.stderr).not.toContain(field);
  });

  it('a typo in a bondify config still shows its value', async ({ expect }) => {
    const s = scratch();
    const file = path.join(s, 'bondify.ini');
    fs.writeFileSync(file, REFERENCE_INI.replace(/^address = .*$/m, 'address = 192.168.1.300/24'));
    const out = await cli(['plan', '--root', root('typo'), '--config', file]);
    expect(out.exitCode).toBe(78);
    expect(out.stderr).toContain('value: "192.168.1.300/24"');
  });
});
