// `bondify check --heal` on apply's fake networkd + kernel (test/support/fake-net.ts): what it repairs, and
// what it must leave alone. The real kernel and networkd are in test/lab/check.lab.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { apply } from '../../../src/usecases/apply.js';
import { writeJournal, readJournal } from '../../../src/store/journal.js';
import { acquireLock, LOCK_FILE } from '../../../src/system/lock.js';
import { runCheck } from '../../../src/usecases/check.js';
import { formatHealed, healedJson, runCheckHeal } from '../../../src/usecases/check-heal.js';
import { run as checkCommand } from '../../../src/cli/commands/check.js';
import type { Host } from '../../../src/system/host.js';
import { ETH0, get, put, snapshot } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';
import type { FakeNet } from '../../support/fake-net.js';

const TUNING = { timeoutMs: 1200, revertTimeoutMs: 1200, lockWaitMs: 0 };
const NETWORKD_ACTIONS = /^(networkctl (reload|reconfigure)|systemctl restart|ip link delete|systemd-run)/;

/** A device on bondify (applied from /etc/bondify/bondify.ini); logger answers and is recorded. */
async function bonded(opts: { config?: boolean } = {}) {
  const net = standardDevice();
  if (opts.config !== false) put(net.root, '/etc/bondify/bondify.ini', REFERENCE_INI, 0o600);
  const res = await apply(net.host(), model(), files(), options(), recorder().report);
  expect(res.outcome).toBe('applied');
  const logged: string[] = [];
  const host = (over: Partial<Host> = {}): Host => ({
    ...net.host(),
    exec: async (argv) => {
      if (argv[0] === 'logger') return (logged.push(argv.at(-1) ?? ''), { exitCode: 0, stdout: '', stderr: '', argv });
      return net.exec(argv);
    },
    ...over,
  });
  net.calls = [];
  return { net, host, logged, backup: res.backup as string };
}

const networkdActions = (net: FakeNet) => net.actions().filter((c) => NETWORKD_ACTIONS.test(c));
const healCheck = (h: Host, more = {}) => runCheckHeal(h, { ping: false, ...more }, TUNING);

describe('check --heal', () => {
  it('the bond was deleted: re-applies, reports WARNING with "healed:", logs once, and the next check is OK', async () => {
    const { net, host, logged } = await bonded();
    expect((await runCheck(host(), { ping: false })).health.status).toBe('OK');
    net.exec(['ip', 'link', 'delete', 'bond0']);
    const r = await healCheck(host());
    const text = formatHealed(r);
    expect(r.heal.healed).toMatch(/^re-applied the config \(bond0: desired present, current absent\); bond0 verified healthy/);
    expect(text.split('\n')[0]).toMatch(/^BONDIFY WARNING - bond0 active-backup: eth0 active \(primary\), wlan0 up \|/);
    expect(text).toContain(`healed: ${r.heal.healed}`);
    expect(net.bond?.slaves).toEqual(['eth0', 'wlan0']);
    expect(networkdActions(net)).toContain('systemctl restart systemd-networkd.service');
    expect(logged.filter((l) => l.includes('healed:'))).toEqual([`bond0: healed: ${r.heal.healed}`]);
    expect((healedJson(r) as { healed: string }).healed).toBe(r.heal.healed);
    expect(get(net.root, LOCK_FILE)).toBeNull(); // heal took the lock, apply ran under it, heal let it go
    // The next run has nothing to do and says so by being plain OK.
    const next = await healCheck(host());
    expect([next.outcome.health.status, next.heal.healed, formatHealed(next).includes('heal')]).toEqual(['OK', null, false]);
  });

  it.each([
    [
      'the bond runs in balance-rr',
      (n: FakeNet) => void (n.bond!.mode = 'balance-rr'),
      /bond0\.mode: desired active-backup, current balance-rr/,
    ],
    [
      'wlan0 is not enslaved',
      (n: FakeNet) => void (n.bond!.slaves = ['eth0']),
      /\(bond0\.slaves: desired eth0, wlan0, current eth0 \(wlan0 not enslaved\)\)/,
    ],
  ])('%s: re-applied and verified', async (_name, spoil, reason) => {
    const { net, host } = await bonded();
    spoil(net);
    net.sync();
    expect((await runCheck(host(), { ping: false })).health.status).not.toBe('OK');
    const r = await healCheck(host());
    expect(r.heal.healed).toMatch(reason);
    expect([net.bond?.mode, net.bond?.slaves]).toEqual(['active-backup', ['eth0', 'wlan0']]);
    expect(r.outcome.health.status).toBe('WARNING');
    expect(r.outcome.health.problems).toEqual([]);
  });

  it('an apply --confirm whose deadline passed and whose revert timer was lost (a reboot): reverted to the standard method', async () => {
    const { net, host, backup } = await bonded();
    const past = new Date(Date.now() - 60_000).toISOString();
    writeJournal(net.root, {
      version: 1,
      command: 'apply',
      backup,
      step: 'awaiting-confirm',
      pid: 999_999,
      startedAt: past,
      updatedAt: past,
      deadline: past,
      revertUnit: 'bondify-revert.timer',
      model: model(),
    });
    net.timerActive = false;
    const r = await healCheck(host());
    expect(r.heal.healed).toMatch(
      new RegExp(
        `^reverted the unconfirmed apply of backup ${backup}: its deadline .* passed and its revert timer was lost; verified healthy`,
      ),
    );
    expect(get(net.root, '/etc/systemd/network/eth0.network')).toBe(ETH0);
    expect(fs.readdirSync(path.join(net.root, 'etc/systemd/network')).filter((n) => n.startsWith('10-bondify-'))).toEqual([]);
    expect([net.bond, readJournal(net.root), net.addrs.get('eth0')]).toEqual([null, null, ['192.168.1.252/24']]);
    // The config still wants a bond, so the check is CRITICAL; heal does not re-apply what was never confirmed.
    expect(r.outcome.health.status).toBe('CRITICAL');
    const again = await healCheck(host());
    expect([again.heal.healed, again.heal.notes[0]]).toEqual([
      null,
      expect.stringMatching(/^nothing to heal: bondify's files are not installed/),
    ]);
  });

  it('a heal that fails (networkd cannot restart) says so loudly, logs it as an error, and the status stays CRITICAL', async () => {
    const { net, host, logged } = await bonded();
    net.exec(['ip', 'link', 'delete', 'bond0']);
    net.failures.set('systemctl restart systemd-networkd.service', { exitCode: 1, stderr: 'Job failed\n' });
    const r = await healCheck(host());
    expect(r.heal.healed).toBeNull();
    expect(r.heal.failed).toMatch(/^heal failed: apply failed part way:\n.*restarting systemd-networkd failed/s);
    expect(r.outcome.health.status).toBe('CRITICAL');
    expect(formatHealed(r)).toMatch(/\nheal failed: apply failed part way:\n/);
    expect(logged).toEqual([expect.stringMatching(/^bond0: heal failed: apply failed part way/)]);
  });

  it('an apply still inside its confirmation window is left alone', async () => {
    const { net, host, backup } = await bonded();
    const now = new Date().toISOString();
    writeJournal(net.root, {
      version: 1,
      command: 'apply',
      backup,
      step: 'awaiting-confirm',
      pid: 999_999,
      startedAt: now,
      updatedAt: now,
      deadline: new Date(Date.now() + 60_000).toISOString(),
      model: model(),
    });
    net.timerActive = true;
    const r = await healCheck(host());
    expect([r.heal.healed, r.outcome.health.status]).toEqual([null, 'OK']);
    expect(readJournal(net.root)?.step).toBe('awaiting-confirm');
    expect(networkdActions(net)).toEqual([]);
  });

  it('an interrupted apply (killed while writing) is undone', async () => {
    const { net, host, backup } = await bonded();
    const t = new Date().toISOString();
    writeJournal(net.root, {
      version: 1,
      command: 'apply',
      backup,
      step: 'writing',
      pid: 999_999,
      startedAt: t,
      updatedAt: t,
      model: model(),
    });
    const r = await healCheck(host());
    expect(r.heal.healed).toMatch(/^undid an interrupted apply \(pid 999999, step writing/);
    expect([get(net.root, '/etc/systemd/network/eth0.network'), readJournal(net.root)]).toEqual([ETH0, null]);
  });

  it.each([
    [
      'eth0 lost its carrier',
      (n: FakeNet) => {
        const p = path.join(n.kernelRoot, 'proc/net/bonding/bond0');
        const text = fs
          .readFileSync(p, 'utf8')
          .replace('Currently Active Slave: eth0', 'Currently Active Slave: wlan0')
          .replace(/(Slave Interface: eth0\nMII Status: )up/, '$1down');
        fs.writeFileSync(p, text);
      },
      false,
      'WARNING',
    ],
    ['the gateway does not answer while the links are up', (n: FakeNet) => void (n.gatewayAnswers = () => false), true, 'CRITICAL'],
  ])('physical fault (%s): nothing is touched, the status is as judged', async (_name, fault, ping, status) => {
    const { net, host } = await bonded();
    fault(net);
    const r = await healCheck(host(), { ping });
    expect([r.heal.healed, r.heal.failed, r.outcome.health.status]).toEqual([null, null, status]);
    expect(r.heal.notes).toEqual([expect.stringMatching(/^nothing to heal: the kernel matches the config/)]);
    expect(networkdActions(net)).toEqual([]);
  });

  it.each([
    [
      'miimon changed by hand',
      (n: FakeNet) => {
        const p = path.join(n.kernelRoot, 'proc/net/bonding/bond0');
        fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('MII Polling Interval (ms): 100', 'MII Polling Interval (ms): 200'));
      },
      'bond0.miimon: desired 100ms, current 200ms',
    ],
    [
      'the wlan0 device is gone',
      (n: FakeNet) => {
        n.links.delete('wlan0');
        n.bond!.slaves = ['eth0'];
        n.sync();
      },
      'bond0.slaves: desired eth0, wlan0, current eth0 (wlan0 not enslaved)',
    ],
  ])('not repaired by a re-apply (%s): check warns, heal leaves it alone and says what differs', async (_name, spoil, differs) => {
    const { net, host } = await bonded();
    spoil(net);
    const r = await healCheck(host());
    expect([r.heal.healed, r.heal.failed, r.outcome.health.status]).toEqual([null, null, 'WARNING']);
    expect(r.outcome.health.problems).toContainEqual({ level: 'WARNING', message: differs });
    expect(r.heal.notes).toEqual([
      `nothing to heal: re-applying the unchanged files does not repair ${differs} (a setting changed by hand, or a slave device that is gone)`,
    ]);
    expect(networkdActions(net)).toEqual([]);
  });

  it('an apply holds the lock: "apply in progress, not healing", no waiting, the status as judged', async () => {
    const { net, host } = await bonded();
    net.exec(['ip', 'link', 'delete', 'bond0']);
    net.calls = [];
    const lock = await acquireLock(net.root, 'apply', { waitMs: 0 });
    try {
      const t0 = Date.now();
      const r = await healCheck(host());
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(formatHealed(r)).toMatch(/\nheal: apply in progress, not healing \(another bondify apply \(pid \d+/);
      expect([r.heal.healed, r.outcome.health.status, net.bond]).toEqual([null, 'CRITICAL', null]);
      expect(networkdActions(net)).toEqual([]);
    } finally {
      lock.release();
    }
  });

  it('no config file: refused (never the built-in default), at least UNKNOWN, nothing touched', async () => {
    const { net, host } = await bonded({ config: false });
    const ok = await healCheck(host());
    expect(ok.heal.refused).toMatch(/^no usable config, so nothing to heal towards: .*no config file at \/etc\/bondify\/bondify\.ini/);
    expect(ok.outcome.health.status).toBe('UNKNOWN');
    net.exec(['ip', 'link', 'delete', 'bond0']);
    net.calls = [];
    const gone = await healCheck(host());
    expect([gone.heal.healed, gone.outcome.health.status, net.bond]).toEqual([null, 'CRITICAL', null]);
    expect(formatHealed(gone)).toContain('UNKNOWN: not healing: no usable config');
    expect(networkdActions(net)).toEqual([]);
  });

  it('a root bondify never applied to: nothing to heal, and no state folder or lock is created', async () => {
    const { heal } = await import('../../../src/usecases/heal.js');
    const net = standardDevice();
    put(net.root, '/etc/bondify/bondify.ini', REFERENCE_INI);
    const before = snapshot(net.root);
    const res = await heal(net.host(), { timeoutMs: 1200, lockWaitMs: 0 });
    expect(res.notes).toEqual(['nothing to heal: bondify has applied nothing here (no /var/lib/bondify)']);
    expect(fs.existsSync(path.join(net.root, 'var/lib/bondify'))).toBe(false);
    expect(snapshot(net.root)).toEqual(before);
  });

  it('not root: refused, nothing touched', async () => {
    const { net, host } = await bonded();
    net.exec(['ip', 'link', 'delete', 'bond0']);
    net.calls = [];
    const r = await healCheck(host({ isRoot: () => false }));
    expect([r.heal.refused?.startsWith('heal changes the network and needs root'), net.bond]).toEqual([true, null]);
    expect(networkdActions(net)).toEqual([]);
  });

  it('with --bonding-file: a usage error, UNKNOWN (exit 3), nothing judged or healed', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: () => undefined, color: false };
    const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'files/ok.txt');
    expect(await checkCommand(['--heal', '--bonding-file', file], io)).toBe(3);
    expect(out.join('')).toBe('BONDIFY UNKNOWN - check: --heal repairs the live system and cannot be used with --bonding-file\n');
  });
});

describe("heal's re-apply runs under heal's lock", () => {
  it('apply under a lock its caller holds leaves that lock to the caller', async () => {
    const net = standardDevice();
    const lock = await acquireLock(net.root, 'check --heal', { waitMs: 0 });
    const res = await apply(net.host(), model(), files(), options({ underLock: lock }), () => {});
    expect(res.outcome).toBe('applied');
    expect(get(net.root, LOCK_FILE)).not.toBeNull();
    lock.release();
    expect(get(net.root, LOCK_FILE)).toBeNull();
  });
});
