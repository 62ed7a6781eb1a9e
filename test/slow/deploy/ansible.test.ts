// deploy/ansible: ansible-lint passes, and the role runs for real against offline roots (connection=local,
// bondify_root set), never this machine's network: check mode plans without writing, a run applies, a second
// run changes nothing, a config bondify refuses stops the rollout at the canary, and bondify_state=absent
// rolls back. The live confirm-over-a-new-connection path needs a real network and is not exercised here.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { INSTALL_TIMEOUT_MS, needDebianPackages } from './debian.js';
import { recap, type Stats } from './recap.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ANSIBLE_DIR = path.join(REPO, 'deploy/ansible');
const CLI = path.join(REPO, 'dist/cli/main.js');
const CHECK_FILES = path.join(REPO, 'test/fixtures/check-bonding');
const work = mkdtempSync(path.join(os.tmpdir(), 'bondify-ansible-'));
const env = {
  ANSIBLE_FORCE_COLOR: '0',
  ANSIBLE_HOME: path.join(work, 'home'),
  ANSIBLE_LOCAL_TEMP: path.join(work, 'tmp'),
  NO_COLOR: '1',
  ANSIBLE_NOCOLOR: '1',
};

beforeAll(() => needDebianPackages(), INSTALL_TIMEOUT_MS);

// Two devices, each an offline root of its own; bondify runs from this checkout's build.
const roots = { 'device-a': path.join(work, 'root-a'), 'device-b': path.join(work, 'root-b') };
const inventory = path.join(work, 'inventory.json');
writeFileSync(
  inventory,
  JSON.stringify({
    bondify_fleet: {
      vars: {
        ansible_connection: 'local',
        ansible_python_interpreter: '/usr/bin/python3',
        bondify_install: false,
        bondify_command: [process.execPath, CLI],
        bondify_check_timer: true,
        bondify_check_every: 5,
      },
      hosts: {
        'device-a': {
          bondify_root: roots['device-a'],
          bondify_address: '192.168.1.252/24',
          bondify_slave_settings: {
            eth0: { address: '192.168.1.252/24', wireless: false },
            wlan0: { address: '192.168.1.25/24', wireless: true },
          },
        },
        'device-b': { bondify_root: roots['device-b'], bondify_address: '192.168.1.242/24' },
      },
    },
  }),
);
for (const r of Object.values(roots)) mkdirSync(r);

/** What a task printed for a host: the JSON after `ok: [host] => ` below `TASK [name]`. */
function printed(out: string, task: string, host: string): unknown {
  const at = out.indexOf(`TASK [${task}]`);
  const start = out.indexOf(`ok: [${host}] => {`, at);
  const end = out.indexOf('\n}\n', start);
  if (at < 0 || start < 0 || end < 0) throw new Error(`no output of task ${task} for ${host} in:\n${out}`);
  return JSON.parse(out.slice(out.indexOf('{', start), end + 2));
}

/** ansible-playbook: exit code, per-host stats from the recap, and the whole output. */
async function playbook(file: string, args: string[] = [], extra: Record<string, unknown> = {}) {
  const r = await execa(
    'ansible-playbook',
    ['-i', inventory, file, ...args, ...(Object.keys(extra).length ? ['-e', JSON.stringify(extra)] : [])],
    {
      cwd: ANSIBLE_DIR,
      reject: false,
      all: true,
      env,
    },
  );
  return { exitCode: r.exitCode, stats: recap(r.all), text: r.all };
}

/** Every file under a root with its sha256: what a run wrote, and proof that another wrote nothing. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = e.isSymbolicLink() ? 'symlink' : createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

const bond = (miimon: string, primary = 'eth0') => ({
  bondify_bond: { name: 'bond0', slaves: ['eth0', 'wlan0'], primary, miimon, updelay: '400ms', fail_over_mac: 'active' },
});
const changed = (s: Record<string, Stats>) => Object.fromEntries(Object.entries(s).map(([h, v]) => [h, v.changed]));

describe('the Ansible role', () => {
  it('passes ansible-lint (production profile)', async () => {
    const r = await execa('ansible-lint', ['--offline', '-p'], { cwd: ANSIBLE_DIR, reject: false, all: true, env });
    expect([r.exitCode, r.all]).toEqual([0, expect.stringContaining('Passed with production profile: 0 failure(s), 0 warning(s)')]);
  }, 180_000);

  it('rolls out to offline roots: check, apply, idempotent, diff, a refused config stops at the canary, absent', async () => {
    // --check --diff on empty roots: the plan's diff, changes reported, nothing written.
    const dry = await playbook('site.yml', ['--check', '--diff'], bond('200ms'));
    expect([dry.exitCode, dry.stats['device-a']?.failed]).toEqual([0, 0]);
    expect(dry.stats['device-a']?.changed).toBeGreaterThan(0);
    expect(dry.text).toContain('+MIIMonitorSec=200ms');
    expect(dry.text).toContain('6 to create, 0 to update, 0 to remove, 0 to move aside, 0 unchanged. Nothing was written.');
    expect([snapshot(roots['device-a']), snapshot(roots['device-b'])]).toEqual([{}, {}]);
    // The cards hold bondify where its package (or npm's global bin on Arch) puts it: the timer runs that path, and
    // cron install refuses a root without one (issue 22 item 10).
    for (const r of Object.values(roots)) {
      mkdirSync(path.join(r, 'usr/bin'), { recursive: true });
      writeFileSync(path.join(r, 'usr/bin/bondify'), '#!/bin/sh\n', { mode: 0o755 });
    }

    // The first real run writes what bondify plans, the config from group and host variables, and the timer.
    const first = await playbook('site.yml', [], bond('200ms'));
    expect([first.exitCode, first.stats['device-a']?.failed, first.stats['device-b']?.failed]).toEqual([0, 0, 0]);
    const a = roots['device-a'];
    expect(readFileSync(path.join(a, 'etc/systemd/network/10-bondify-bond0.netdev'), 'utf8')).toContain('MIIMonitorSec=200ms\n');
    expect(readFileSync(path.join(a, 'etc/systemd/network/10-bondify-bond0.network'), 'utf8')).toContain('Address=192.168.1.252/24\n');
    expect(readFileSync(path.join(roots['device-b'], 'etc/systemd/network/10-bondify-bond0.network'), 'utf8')).toContain(
      'Address=192.168.1.242/24\n',
    );
    const ini = readFileSync(path.join(a, 'etc/bondify/bondify.ini'), 'utf8');
    expect(ini).toContain('[bond]\nname = bond0\nslaves = eth0, wlan0\nprimary = eth0\nmiimon = 200ms\n');
    expect(ini).toContain('[slave.wlan0]\naddress = 192.168.1.25/24\nwireless = yes\n');
    expect(statSync(path.join(a, 'etc/bondify/bondify.ini')).mode & 0o777).toBe(0o644);
    expect(readFileSync(path.join(a, 'etc/systemd/system/bondify-check.service'), 'utf8')).toContain(
      '\nExecStart=/usr/bin/bondify check --prom /var/lib/prometheus/node-exporter/bondify.prom\n',
    );
    // systemctl --root enables it with a link that names the path inside the root.
    expect(readlinkSync(path.join(a, 'etc/systemd/system/timers.target.wants/bondify-check.timer'))).toBe(
      '/etc/systemd/system/bondify-check.timer',
    );

    // A second run changes nothing.
    const second = await playbook('site.yml', [], bond('200ms'));
    expect([second.exitCode, changed(second.stats)]).toEqual([0, { 'device-a': 0, 'device-b': 0 }]);

    // --check --diff with a changed setting: the diff of that one setting, nothing written.
    const before = [snapshot(a), snapshot(roots['device-b'])];
    const diff = await playbook('site.yml', ['--check', '--diff'], bond('100ms'));
    expect(diff.exitCode).toBe(0);
    expect(diff.text).toContain('-MIIMonitorSec=200ms');
    expect(diff.text).toContain('+MIIMonitorSec=100ms');
    expect(diff.text).toContain('0 to create, 1 to update, 0 to remove, 0 to move aside, 5 unchanged. Nothing was written.');
    expect(diff.stats['device-a']?.changed).toBeGreaterThan(0);
    expect([snapshot(a), snapshot(roots['device-b'])]).toEqual(before);

    // A config bondify refuses fails the canary with bondify's message; the rollout stops; nothing is written.
    const bad = await playbook('site.yml', [], bond('200ms', 'eth1'));
    expect(bad.exitCode).toBe(2);
    expect(bad.stats['device-a']?.failed).toBe(1);
    expect(bad.stats['device-b']).toBeUndefined();
    expect(bad.text).toContain('primary eth1 is not one of the slaves (eth0, wlan0)');
    expect([snapshot(a), snapshot(roots['device-b'])]).toEqual(before);

    // bondify_state=absent: the timer and the metrics go, bondify rolls its files back; again: nothing to do.
    mkdirSync(path.join(a, 'var/lib/prometheus/node-exporter'), { recursive: true });
    writeFileSync(path.join(a, 'var/lib/prometheus/node-exporter/bondify.prom'), 'bondify_up{bond="bond0"} 1\n');
    const absent = await playbook('site.yml', [], { ...bond('200ms'), bondify_state: 'absent' });
    expect([absent.exitCode, absent.stats['device-a']?.failed]).toEqual([0, 0]);
    const left = Object.keys(snapshot(a)).filter((f) => !f.startsWith('var/lib/bondify/backups/'));
    expect(left.sort()).toEqual(['etc/bondify/bondify.ini', 'usr/bin/bondify']);
    const again = await playbook('site.yml', [], { ...bond('200ms'), bondify_state: 'absent' });
    expect([again.exitCode, changed(again.stats)]).toEqual([0, { 'device-a': 0, 'device-b': 0 }]);
  }, 600_000);

  it("a host variable cannot rewrite bondify.ini: the plan refuses it with bondify's message, nothing is written", async () => {
    // Issue 22's injection (a line break, then a section and a key of its own) in each place a host variable reaches
    // the file: a value, a key, a slave's name, a slave's value. One play over every host at once (no canary) so
    // each host fails on its own; `clean` shows the same play still configures a host whose variables are plain.
    // Each is a config bondify accepted before: the lines after an injection land in the section it opened.
    const inject = '192.168.1.252/24\n[slave.eth0]\nmac = 02:11:22:33:44:55\naddress = 192.168.1.252/24';
    const hostile: Record<string, Record<string, unknown>> = {
      'in-address': { bondify_address: inject },
      'in-a-key': { bondify_network: { gateway: '192.168.1.1', 'dns = 192.168.1.1\n[slave.eth0]\nmac': '02:11:22:33:44:55' } },
      'in-a-slave-name': { bondify_slave_settings: { 'eth0]\nmac = 02:11:22:33:44:55\n[slave.wlan0': { wireless: true } } },
      'in-a-slave-value': { bondify_slave_settings: { eth0: { address: '192.168.1.252/24\nmac = 02:11:22:33:44:55' } } },
    };
    const hosts: Record<string, Record<string, unknown>> = { clean: {}, ...hostile };
    const at = (h: string) => path.join(work, `inject-${h}`);
    for (const h of Object.keys(hosts)) mkdirSync(at(h));
    const inv = path.join(work, 'inject-inventory.json');
    writeFileSync(
      inv,
      JSON.stringify({
        all: {
          vars: {
            ansible_connection: 'local',
            ansible_python_interpreter: '/usr/bin/python3',
            bondify_install: false,
            bondify_command: [process.execPath, CLI],
            bondify_address: '192.168.1.252/24',
          },
          hosts: Object.fromEntries(Object.entries(hosts).map(([h, v]) => [h, { bondify_root: at(h), ...v }])),
        },
      }),
    );
    const play = path.join(work, 'inject.yml');
    writeFileSync(play, '- name: The role on every host at once\n  hosts: all\n  gather_facts: false\n  roles:\n    - role: bondify\n');
    const r = await execa('ansible-playbook', ['-i', inv, play], { cwd: ANSIBLE_DIR, reject: false, all: true, env });
    const stats = recap(r.all);
    expect(Object.fromEntries(Object.keys(hosts).map((h) => [h, stats[h]?.failed])), r.all).toEqual({
      clean: 0,
      'in-address': 1,
      'in-a-key': 1,
      'in-a-slave-name': 1,
      'in-a-slave-value': 1,
    });
    // bondify's own messages (exit 78), each naming what it refuses.
    const said = (h: string) => r.all.slice(r.all.indexOf(`fatal: [${h}]`)).split('\n')[0] ?? '';
    expect(said('in-address')).toMatch(/\[network\] address: line \d+: value contains a line break/);
    expect(said('in-a-key')).toMatch(/line \d+: the name before \\"=\\" is not a key name/);
    expect(said('in-a-slave-name')).toMatch(/line \d+: not INI: the line is neither a \[section\] nor key = value/);
    expect(said('in-a-slave-value')).toMatch(/\[slave\.eth0\] address: line \d+: value contains a line break/);
    for (const h of Object.keys(hostile)) expect([h, said(h)]).toEqual([h, expect.stringContaining('"rc": 78')]);
    // Refused before the template task: no bondify.ini, no network file, nothing at all under those roots.
    for (const h of Object.keys(hostile)) expect([h, snapshot(at(h))]).toEqual([h, {}]);
    expect(readFileSync(path.join(at('clean'), 'etc/bondify/bondify.ini'), 'utf8')).toContain('[network]\naddress = 192.168.1.252/24\n');
    expect(Object.keys(snapshot(at('clean')))).toContain('etc/systemd/network/10-bondify-bond0.network');
  }, 300_000);

  it('report.yml prints one table of the fleet from status --json and check --json', async () => {
    // Each host reads a saved bonding file (never this machine's kernel) and keeps its check memory in the work dir.
    const config = path.join(work, 'bondify.ini');
    writeFileSync(config, REFERENCE_INI, { mode: 0o644 });
    const host = (file: string, name: string) => ({
      ansible_connection: 'local',
      ansible_python_interpreter: '/usr/bin/python3',
      bondify_status_args: ['--bonding-file', path.join(CHECK_FILES, file)],
      bondify_check_args: ['--bonding-file', path.join(CHECK_FILES, file), '--config', config, '--state', path.join(work, `${name}.json`)],
    });
    const reportInventory = path.join(work, 'report-inventory.json');
    writeFileSync(
      reportInventory,
      JSON.stringify({
        bondify_fleet: {
          hosts: {
            'device-a': host('ok.txt', 'a'),
            'device-b': host('eth0-down.txt', 'b'),
            // Nothing listens on port 1: the host is unreachable and still gets its row.
            'device-c': { ansible_host: '127.0.0.1', ansible_port: 1, ansible_user: 'nobody' },
          },
        },
      }),
    );
    const r = await execa(
      'ansible-playbook',
      ['-i', reportInventory, 'report.yml', '-e', JSON.stringify({ bondify_command: [process.execPath, CLI] })],
      {
        cwd: ANSIBLE_DIR,
        reject: false,
        all: true,
        env: { ...env, ANSIBLE_HOST_KEY_CHECKING: 'False' },
      },
    );
    const table = (printed(r.all, 'Print the table', 'localhost') as { msg: string[] }).msg;
    expect(table.map((l) => l.trimEnd().split(/ +/))).toEqual([
      ['HOST', 'ACTIVE', 'PRIMARY', 'SLAVES', 'UP', 'FAILOVERS', 'CHECK'],
      ['device-a', 'eth0', 'eth0', 'eth0,wlan0', '0', 'OK'],
      ['device-b', 'wlan0', 'eth0', 'wlan0', '0', 'WARNING'],
      ['device-c', '-', '-', '-', '-', 'UNREACHABLE'],
    ]);
  }, 180_000);
});
