// Conventions every command keeps (built CLI): sysexits for missing inputs and refused overwrites, `help <cmd>`,
// exit codes in every --help, one JSON spelling per fact, JSON errors when JSON was asked for, colour rules.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { colorWanted } from '../../../src/cli/io.js';
import { createBackup } from '../../../src/store/backup.js';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { tempDir } from '../../support/fixtures.js';

const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const FIX = fileURLToPath(new URL('../../fixtures/proc-bonding/', import.meta.url));
const OK = FIX + 'lab-6.1-active-backup-both-up.txt';
// FORCE_COLOR from the test runner must not leak into the child: each case sets exactly what it tests.
const bondify = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [MAIN, ...args], { reject: false, extendEnv: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });

describe('sysexits', () => {
  it.each([
    ['status --bonding-file', (d: string) => ['status', '--bonding-file', path.join(d, 'nope')]],
    ['plan --config', (d: string) => ['plan', '--config', path.join(d, 'nope.ini'), '--root', d]],
    ['apply --config', (d: string) => ['apply', '--config', path.join(d, 'nope.ini'), '--root', d, '--dry-run']],
    ['rollback --config', (d: string) => ['rollback', '--config', path.join(d, 'nope.ini'), '--root', d, '--to', 'standard']],
    ['init --from', (d: string) => ['init', '--from', path.join(d, 'nope'), '--write', '-']],
  ])('a missing input file (%s) is 66, naming it', async (_what, argv) => {
    const d = tempDir();
    const r = await bondify(argv(d));
    expect(r.exitCode, r.stderr).toBe(66);
    expect(r.stderr).toContain(path.join(d, 'nope'));
  });

  it('check with a missing input file stays a monitoring plugin: UNKNOWN (3)', async () => {
    const d = tempDir();
    const r = await bondify(['check', '--bonding-file', path.join(d, 'nope'), '--state', path.join(d, 's.json')]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/^BONDIFY UNKNOWN - /);
    expect(r.stdout).toMatch(/^UNKNOWN: .*nope does not exist/m);
  });

  it('init refuses to overwrite an existing file with 73, leaving it untouched', async () => {
    const d = tempDir();
    const target = path.join(d, 'bondify.ini');
    fs.writeFileSync(target, 'mine\n');
    const net = path.join(d, 'net');
    fs.mkdirSync(net);
    fs.writeFileSync(path.join(net, 'eth0.network'), '[Match]\nName=eth0\n\n[Network]\nAddress=192.168.1.252/24\nGateway=192.168.1.1\n');
    fs.writeFileSync(path.join(net, 'wlan0.network'), '[Match]\nName=wlan0\n\n[Network]\nAddress=192.168.1.25/24\nGateway=192.168.1.1\n');
    const r = await bondify(['init', '--from', net, '--write', target]);
    expect(r.exitCode, r.stderr).toBe(73);
    expect(fs.readFileSync(target, 'utf8')).toBe('mine\n');
  });
});

describe('help', () => {
  const COMMANDS = ['plan', 'apply', 'rollback', 'backups', 'confirm', 'init', 'status', 'check', 'cron', 'drill'];
  it.each(COMMANDS)("`bondify help %s` is that command's --help, and lists its exit codes", async (cmd) => {
    const viaHelp = await bondify(['help', cmd]);
    const viaFlag = await bondify([cmd, '--help']);
    expect(viaHelp.exitCode).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(new RegExp(`^usage: bondify ${cmd}`));
    expect(viaHelp.stdout).toMatch(/^exit: 0 /m);
  });

  it('`bondify help` alone is the overview; `help nosuch` is a usage error', async () => {
    expect((await bondify(['help'])).stdout).toContain("Run 'bondify help <command>'");
    expect((await bondify(['help', 'nosuch'])).exitCode).toBe(64);
  });
});

describe('JSON', () => {
  it('backups --json spells modes as plan --json does ("0644", not 420)', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'etc/systemd/network'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/systemd/network/eth0.network'), '[Match]\nName=eth0\n');
    fs.chmodSync(path.join(root, 'etc/systemd/network/eth0.network'), 0o644);
    createBackup(root, new Date('2026-01-01T00:00:00Z'), 'apply', false, [
      { path: '/etc/systemd/network/eth0.network', reason: 'move-aside' },
    ]);
    const b = JSON.parse((await bondify(['backups', '--json', '--root', root])).stdout);
    expect(b[0].entries[0].mode).toBe('0644');
    const p = JSON.parse((await bondify(['plan', '--json', '--root', root])).stdout);
    expect(p[0].mode).toMatch(/^0\d{3}$/);
  });

  it('plan --json --explain carries the explanations', async () => {
    const root = tempDir();
    const r = await bondify(['plan', '--json', '--explain', '--root', root]);
    const j = JSON.parse(r.stdout);
    expect(j.files[0]).toMatchObject({ path: expect.stringMatching(/^\/etc\//), mode: '0644' });
    expect(j.explain.some((l: string) => l.startsWith('FailOverMACPolicy=active'))).toBe(true);
    // Without --explain the shape stays the documented array.
    expect(Array.isArray(JSON.parse((await bondify(['plan', '--json', '--root', root])).stdout))).toBe(true);
  });

  it.each([['--frobnicate'], ['--state'], ['--bond', 'a/b']])('check --json with bad flags (%s) still prints JSON', async (...bad) => {
    const r = await bondify(['check', '--json', '--bonding-file', OK, ...bad]);
    expect(r.exitCode).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'UNKNOWN', error: expect.any(String) });
  });

  it('status --json for a missing bond prints a JSON error on stdout and exits 69', async () => {
    const r = await bondify(['status', '--json', '--bond', 'bfynone9']);
    expect(r.exitCode).toBe(69);
    expect(JSON.parse(r.stdout)).toMatchObject({
      bond: 'bfynone9',
      error: { kind: 'unavailable', code: 69, message: expect.stringContaining('does not exist') },
    });
    expect(r.stderr).toContain('bond bfynone9 does not exist');
    const missing = await bondify(['status', '--json', '--bonding-file', path.join(tempDir(), 'nope')]);
    expect([missing.exitCode, JSON.parse(missing.stdout).error.code]).toEqual([66, 66]);
  });
});

describe('colour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', TERM: 'dumb' }, false, true],
  ])('%j on a terminal=%s → colour %s', (env, tty, want) => {
    expect(colorWanted(env as NodeJS.ProcessEnv, () => tty)).toBe(want);
  });

  it('FORCE_COLOR colours status even into a pipe; TERM=dumb alone does not', async () => {
    const forced = await bondify(['status', '--bonding-file', OK, '--bond', 'bond0'], { FORCE_COLOR: '1' });
    expect(forced.stdout.includes('\u001b[')).toBe(true);
    const dumb = await bondify(['status', '--bonding-file', OK, '--bond', 'bond0'], { TERM: 'dumb' });
    expect(dumb.stdout.includes('\u001b[')).toBe(false);
  });

  it('check never loads chalk, even when colour is forced (status does: the probe works)', async () => {
    const d = tempDir();
    const seen = path.join(d, 'seen.log');
    fs.writeFileSync(
      path.join(d, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(spec, ctx, next) { if (/(^|\\/)chalk(\\/|$)/.test(spec)) appendFileSync(${JSON.stringify(seen)}, spec + '\\n'); return next(spec, ctx); }\n`,
    );
    fs.writeFileSync(
      path.join(d, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${d}/hooks.mjs`)});\n`,
    );
    fs.writeFileSync(path.join(d, 'bondify.ini'), REFERENCE_INI);
    const run = (args: string[]) =>
      execa('node', ['--import', path.join(d, 'register.mjs'), MAIN, ...args], {
        reject: false,
        extendEnv: false,
        env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '1' },
      });
    const c = await run(['check', '--bonding-file', OK, '--config', path.join(d, 'bondify.ini'), '--state', path.join(d, 's.json')]);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(fs.existsSync(seen)).toBe(false);
    await run(['status', '--bonding-file', OK, '--bond', 'bond0']);
    expect(fs.readFileSync(seen, 'utf8')).toContain('chalk');
  });
});

describe('offline (--root) fixes', () => {
  it('name paths inside the root and commands that act on the root, never the host', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'etc/bondify'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/bondify/bondify.ini'), REFERENCE_INI);
    const r = await bondify(['apply', '--dry-run', '--root', root]);
    const fixes = (r.stdout + r.stderr).split('\n').filter((l) => l.trim().startsWith('fix:'));
    expect(fixes).toEqual(
      expect.arrayContaining([
        `      fix: systemctl --root=${root} enable systemd-networkd.service`,
        `      fix: systemctl --root=${root} enable wpa_supplicant@wlan0.service`,
        `      fix: write it (wpa_passphrase <ssid> <passphrase> > ${root}/etc/wpa_supplicant/wpa_supplicant-wlan0.conf) and enable it: systemctl --root=${root} enable wpa_supplicant@wlan0.service`,
      ]),
    );
    // No fix points at the host: every path it names is inside the root, every systemctl acts on the root.
    for (const f of fixes) {
      expect(f, f).not.toMatch(/(^|[\s>])\/etc\//);
      expect(f, f).not.toMatch(/systemctl (?!--root=)/);
    }
  });
});
