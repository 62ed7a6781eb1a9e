// apply / rollback / automatic revert / failover on the real kernel (QEMU guest, systemd-networkd, WPA2 wifi).
// Each describe boots one guest for its scenario (scripts/lab/scenarios/apply-*.mjs) and asserts on what it recorded.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioResults } from './harness.js';
// @ts-expect-error -- a plain .mjs build script without types
import { buildPackage } from '../../scripts/ship/arch.mjs';
import { release } from '../slow/ship/build.js';
import { REFERENCE_INI, validateConfig } from '../../src/config/index.js';
// @ts-expect-error -- plain JavaScript shared with the guest
import { judge, STEPS } from '../contract/bond-contract.mjs';
import { INSTALL_TIMEOUT_MS, needDebianPackages } from '../slow/deploy/debian.js';
import { recap } from '../slow/deploy/recap.js';

const mkdtempBuild = () => mkdtempSync(path.join(os.tmpdir(), 'bondify-lab-arch-'));

type Health = {
  mode: string;
  primary: string;
  active: string;
  slaves: string[];
  bond0: string[];
  eth0: string[];
  wlan0: string[];
  route: string;
  gateway: boolean;
};
type Run = { code: number; out: string; ms: number };
type Print = Record<string, { sha256: string; mode: string; uid: number; gid: number } | null>;
type PowerSave = {
  error?: string;
  hwsim: { setOnExit: number; afterSetOn: string | null };
  apply: Run;
  rule: string | null;
  afterApply: string | null;
  disconnected: boolean;
  reconnected: boolean;
  afterReconnect: string | null;
  afterLinkAdd: string | null;
  reapply: Run;
  afterReapply: string | null;
  beforeLinkAdd: string | null;
  checkBaseline: { code: number; out: string };
  checkCached: { code: number; out: string };
  checkDrift: { code: number; out: string };
  checkAfterFresh: { code: number; out: string };
  rollback: Run;
  ruleAfterRollback: boolean;
  afterRollback: string | null;
  afterRollbackLinkAdd: string | null;
  standardBack: boolean;
  seconds: number;
};
type Swap = {
  apply: Run;
  swap: Run;
  after: Health;
  wlan0Master: boolean;
  primary: Run;
  afterPrimary: Health;
  check: { code: number; out: string };
  rollback: Run;
  files: Print;
  bondGone: boolean;
  standard: boolean;
  seconds: number;
};
type Wired = {
  error?: string;
  absent?: boolean;
  appeared: boolean;
  names: { device: string | null; gateway: string | null };
  standard: boolean;
  eth0: { addrAssignType: string | null; address: string | null };
  seconds: number;
};
type Rename = {
  error?: string;
  source: Record<'eth0' | 'wlan0', { addrAssignType: string | null; address: string | null }>;
  apply: Run;
  wlanFile: string | null;
  eth0File: string | null;
  slavesBefore: string[];
  rename_eth0: number;
  rename_wlan0: number;
  reformed: boolean;
  slavesAfter: string[];
  wifiAfter: string | null;
  check: { code: number; out: string };
  seconds: number;
};

describe('lab: apply and rollback from the standard method', () => {
  const get = scenarioResults('apply-core', { timeoutMs: 600_000 });

  it('apply: bond healthy in active-backup, eth0 active and primary, keeps 192.168.1.252, gateway answers via bond0', () => {
    const a = get<Run>('apply1');
    expect(a.code, a.out).toBe(0);
    const h = get<Health>('afterApply');
    expect(h.mode).toContain('active-backup');
    expect(h.primary).toBe('eth0');
    expect(h.active).toBe('eth0');
    // Both enslaved; the order is networkd's (whichever link it configured first), seen both ways in the lab.
    expect([...h.slaves].sort()).toEqual(['eth0', 'wlan0']);
    expect(h.bond0).toEqual(['192.168.1.252/24']);
    expect(h.eth0).toEqual([]);
    expect(h.wlan0).toEqual([]);
    expect(JSON.parse(h.route)).toEqual([expect.objectContaining({ gateway: '192.168.1.1', dev: 'bond0' })]);
    expect(h.gateway).toBe(true);
    expect(get<Print>('afterApplyFiles')).toEqual({ 'eth0.network': null, 'wlan0.network': null });
  });

  it('re-apply: nothing to do, and the bond link is not recreated', () => {
    const a = get<Run>('apply2');
    expect(a.code, a.out).toBe(0);
    expect(a.out).toContain('nothing to do');
    expect(a.out).not.toContain('networkctl reload');
    expect(get<boolean>('bondIfindexSame')).toBe(true);
  });

  it('eth0 cut: wlan0 takes over and the gateway keeps answering through bond0', () => {
    const f = get<{ onWifi: boolean; viaWifi: boolean; lost: number; sent: number; backOnEth0: boolean }>('failover');
    expect(f.onWifi).toBe(true);
    expect(f.viaWifi).toBe(true);
    expect(f.backOnEth0).toBe(true);
    expect(f.lost).toBeLessThan(f.sent / 10);
  });

  it('a changed config on networkd 252: the bond is deleted and recreated with the new miimon, still healthy', () => {
    const a = get<Run>('apply3');
    expect(a.code, a.out).toBe(0);
    expect(a.out).toContain('bond0 must be recreated: networkd 252 does not re-apply a changed .netdev');
    const h = get<Health & { miimon: string }>('afterApply3');
    expect(h.miimon).toBe('200');
    expect(h.active).toBe('eth0');
    expect(h.gateway).toBe(true);
  });

  it('a change with a dead gateway on top of the bond: exit 75, back to the previous bond (miimon 200), healthy', () => {
    const b = get<Run>('badOnBond');
    expect(b.code, b.out).toBe(75);
    expect(b.out).toContain('verifying the previous bond');
    expect(b.out).toContain('the previous configuration is healthy again');
    const h = get<Health & { miimon: string }>('afterBadOnBond');
    expect(h.miimon).toBe('200');
    expect(h.active).toBe('eth0');
    expect(h.bond0).toEqual(['192.168.1.252/24']);
    expect(h.gateway).toBe(true);
  });

  it('rollback: the two original files back byte for byte (content, mode, owner), bond gone, both addresses working', () => {
    const rb = get<Run>('rollback');
    expect(rb.code, rb.out).toBe(0);
    expect(rb.out).toContain('eth0 192.168.1.252/24; wlan0 192.168.1.25/24');
    expect(rb.out).toContain('the gateway answers through eth0, wlan0');
    expect(get<Print>('afterRollbackFiles')).toEqual(get<Print>('originals'));
    expect(get<string[]>('afterRollbackOwn')).toEqual([]); // bond files, modprobe option and the power-save rule all gone
    expect(get<boolean>('afterRollbackBond')).toBe(false);
    expect(get<boolean>('afterRollbackStandard')).toBe(true);
  });

  it('apply with a gateway that does not answer: exit 75, automatic revert, standard method healthy again', () => {
    const b = get<Run>('badApply');
    expect(b.code, b.out).toBe(75);
    expect(b.out).toContain('gateway 192.168.1.99: desired answers through bond0, current no answer');
    expect(b.out).toContain('the previous configuration is healthy again');
    expect(get<Print>('afterRevertFiles')).toEqual(get<Print>('originals'));
    expect(get<boolean>('afterRevertBond')).toBe(false);
    expect(get<boolean>('afterRevertStandard')).toBe(true);
    expect(get<boolean>('journalLeft')).toBe(false);
  });

  it('a slave replaced (wlan0 → eth1): apply takes wlan0 out of the bond (networkd would keep it), eth0 + eth1 verified, check OK; then the active primary eth0 dropped for eth1; rollback through the three applies to the original files', () => {
    const s = get<Swap>('swap');
    expect(s.apply.code, s.apply.out).toBe(0);
    expect(s.swap.code, s.swap.out).toBe(0);
    expect(s.swap.out).toContain('wlan0 leaves bond0: it is no longer in the config');
    expect(s.swap.out).toContain('$ ip link set dev wlan0 nomaster');
    expect(s.after).toMatchObject({ primary: 'eth0', active: 'eth0', bond0: ['192.168.1.252/24'], gateway: true });
    expect([...s.after.slaves].sort()).toEqual(['eth0', 'eth1']);
    expect(s.wlan0Master).toBe(false);
    expect(s.after.wlan0).toEqual([]); // no file of its own: no address (the lab does not read networkd's setup state)
    expect(s.check.code, s.check.out).toBe(0);
    // The active primary dropped: eth0 leaves while it carries the traffic, eth1 takes over as the new primary.
    expect(s.primary.code, s.primary.out).toBe(0);
    expect(s.primary.out).toContain('eth0 leaves bond0: it is no longer in the config');
    expect(s.afterPrimary).toMatchObject({ primary: 'eth1', active: 'eth1', bond0: ['192.168.1.252/24'], gateway: true });
    expect([...s.afterPrimary.slaves].sort()).toEqual(['eth1', 'wlan0']);
    expect(s.rollback.code, s.rollback.out).toBe(0);
    expect(s.files).toEqual(get<Print>('originals'));
    expect(s.bondGone).toBe(true);
    expect(s.standard).toBe(true);
  });

  // Appended to the same boot (scripts/lab/guest/link-steps.mjs), starting from the standard method.
  it('wifi power save: the hwsim radio switches it; apply turns it off, a reconnect keeps it, check (--fresh, then from its memory) warns when it is on, a second apply with the same config turns it off, the link appearing again turns it off, rollback takes the rule away', () => {
    const p = get<PowerSave>('powerSave');
    expect(p.error).toBeUndefined();
    expect(p.hwsim).toMatchObject({ setOnExit: 0, afterSetOn: 'on' });
    expect(p.apply.code, p.apply.out).toBe(0);
    expect(p.apply.out).toContain('$ iw dev wlan0 set power_save off');
    expect(p.rule).toContain('ACTION=="add", SUBSYSTEM=="net", KERNEL=="wlan0", RUN+="/sbin/iw dev $name set power_save off"');
    expect(p.afterApply).toBe('off');
    expect([p.disconnected, p.reconnected, p.afterReconnect]).toEqual([true, true, 'off']);
    // check's memory: the baseline ran iw (off), the plain check right after the manual on took that reading.
    const powerSaveJson = (x: { out: string }) => (JSON.parse(x.out) as { powerSave?: unknown[] }).powerSave;
    expect(powerSaveJson(p.checkBaseline)).toEqual([expect.objectContaining({ slave: 'wlan0', want: 'off', have: 'off' })]);
    expect(powerSaveJson(p.checkCached)).toEqual([expect.objectContaining({ slave: 'wlan0', have: 'off', cached: true })]);
    expect(p.checkCached.out).not.toContain('wifi power save is on');
    expect(p.checkDrift.code, p.checkDrift.out).toBe(1);
    expect(p.checkDrift.out).toContain('WARNING: wlan0 wifi power save is on, the config wants off');
    expect(p.checkDrift.out).not.toContain('check --fresh');
    expect(p.checkAfterFresh.code, p.checkAfterFresh.out).toBe(1);
    expect(p.checkAfterFresh.out).toMatch(
      /WARNING: wlan0 wifi power save is on, the config wants off .*\(read \d+ (s|min) ago; 'bondify check --fresh' reads it now\)/,
    );
    // A second apply with the same config writes nothing, yet turns it off: apply checks the live state (#22).
    expect(p.reapply.code, p.reapply.out).toBe(0);
    expect(p.reapply.out).toContain('nothing to do: every file is already as planned');
    expect(p.reapply.out).toContain('wifi power save of wlan0 is on, the config wants off');
    expect(p.reapply.out).toContain('$ iw dev wlan0 set power_save off');
    expect(p.afterReapply).toBe('off');
    expect(p.beforeLinkAdd).toBe('on');
    expect(p.afterLinkAdd).toBe('off');
    expect(p.rollback.code, p.rollback.out).toBe(0);
    expect(p.rollback.out).toContain('/etc/udev/rules.d/90-bondify-power-save.rules');
    expect(p.ruleAfterRollback).toBe(false);
    // Rollback leaves the running setting as it is; without the rule the link's next appearance leaves it alone.
    expect(p.afterRollback).toBe('off');
    expect(p.afterRollbackLinkAdd).toBe('on');
    expect(p.standardBack).toBe(true);
  });

  it('the wired pair: eth0 becomes a virtio-net NIC with a permanent MAC (QEMU hub to br0), the standard method works on it', () => {
    const w = get<Wired>('wired');
    expect(w.error).toBeUndefined();
    expect(w.absent).toBeUndefined();
    expect(w.appeared).toBe(true);
    // addr_assign_type 0: the kernel copied the address to perm_addr at registration (the lab has no ethtool).
    expect(w.eth0).toMatchObject({ addrAssignType: '0', address: '52:54:00:12:34:01' });
    expect(w.standard).toBe(true);
  });

  it('renamed links: eth0 and wlan0 named by their permanent MACs stay slaves as end0 and wlp0s9 when networkd makes the bond again, and check names both renames', () => {
    const r = get<Rename>('rename');
    expect(r.error).toBeUndefined();
    // The hwsim radio and the virtio-net NIC have permanent MACs (addr_assign_type 0).
    expect(r.source.wlan0).toMatchObject({ addrAssignType: '0', address: '02:00:00:00:00:00' });
    expect(r.source.eth0).toMatchObject({ addrAssignType: '0', address: '52:54:00:12:34:01' });
    expect(r.apply.code, r.apply.out).toBe(0);
    expect(r.wlanFile).toContain('[Match]\nPermanentMACAddress=02:00:00:00:00:00\n');
    expect(r.eth0File).toContain('[Match]\nPermanentMACAddress=52:54:00:12:34:01\n');
    expect(r.slavesBefore).toEqual(['eth0', 'wlan0']);
    expect([r.rename_eth0, r.rename_wlan0]).toEqual([0, 0]);
    expect(r.reformed).toBe(true);
    expect(r.slavesAfter).toEqual(['end0', 'wlp0s9']);
    expect(r.wifiAfter).toBe('COMPLETED');
    expect(r.check.code).toBe(1);
    expect(r.check.out).toContain(
      "WARNING: eth0 is now end0 (the link with permanent MAC 52:54:00:12:34:01): rename it in bondify.ini and run 'bondify apply'",
    );
    expect(r.check.out).toContain(
      "WARNING: wlan0 is now wlp0s9 (the link with permanent MAC 02:00:00:00:00:00): rename it in bondify.ini and run 'bondify apply'",
    );
    // Power save is read under the new name, and is off as configured (so nothing is said about it).
    expect(r.check.out).not.toContain('power save');
  });

  it('the bond contract (the steps test/unit/contract.test.ts runs on the fake host): every step as the contract says', () => {
    const c = get<{ steps: unknown[] }>('contract');
    expect(c.steps).toHaveLength(STEPS.length);
    expect(judge(c)).toEqual([]);
  });
});

// The Ansible part's record (scripts/lab/guest/ansible-lan.mjs).
type Device = Health & {
  bonding: string | null;
  miimon: string | null;
  revertTimer: string;
  files: Record<string, string | null>;
  defaultRoutes: string[];
  fromLan: Record<string, boolean>;
  links: string;
  /** The wifi and networkd journal during the play, recorded when the play failed. */
  journal?: string;
};
type Play = { code: number; ms: number; out: string; tasks: Array<{ task: string; s: number; retries: number }> };
interface Ansible {
  error: string | null;
  ms: number;
  versions: { ansible: string };
  sshReady: { ok: boolean; ms: number };
  runs: Record<'apply' | 'again' | 'checkDiff' | 'badGateway' | 'absent', Play>;
  states: {
    before: Device;
    apply: Device & { check: { code: number; out: string } };
    again: Device;
    checkDiff: Device;
    badGateway: Device & { ssh: number };
    absent: Device;
    absentSettled: Device;
  };
}

describe('lab: apply --confirm from a session that dies, and one that is confirmed; then the Ansible role from the LAN', () => {
  // The guest runs the host's userland: sshd and ansible-playbook in it are the host's packages (before the boot).
  beforeAll(() => needDebianPackages(['openssh-server', 'ansible-core']), INSTALL_TIMEOUT_MS);
  const get = scenarioResults('apply-confirm', { timeoutMs: 1_500_000 });

  it('the session that ran apply is killed: the detached timer reverts to the standard method', () => {
    expect(get('timerActive')).toBe('active');
    expect((get('appliedBeforeKill') as { active: string }).active).toBe('eth0');
    const k = get('killed') as { standardBack: boolean; filesIdentical: boolean; journalLeft: boolean; revertLog: string };
    expect(k.standardBack, k.revertLog).toBe(true);
    expect(k.filesIdentical).toBe(true);
    expect(k.journalLeft).toBe(false);
    expect(k.revertLog).toContain('reverted: the change was not confirmed in time');
  });

  it('bondify confirm keeps the change past its deadline', () => {
    const c = get('confirmed') as {
      confirmCode: number;
      applyCode: number;
      timerAfter: string;
      activeAfterDeadline: string;
      bond0AfterDeadline: string[];
      gatewayAfterDeadline: boolean;
    };
    expect(c.confirmCode).toBe(0);
    expect(c.applyCode).toBe(0);
    expect(c.timerAfter).not.toBe('active');
    expect(c.activeAfterDeadline).toBe('eth0');
    expect(c.bond0AfterDeadline).toEqual(['192.168.1.252/24']);
    expect(c.gatewayAfterDeadline).toBe(true);
  });

  describe('ansible-playbook site.yml from the gateway namespace, over SSH to 192.168.1.252', () => {
    const a = () => get<Ansible>('ansible');
    const run = (name: keyof Ansible['runs']) => {
      const r = a().runs[name];
      return {
        ...r,
        host: recap(r?.out ?? '')['pi-lab'],
        why: `${name}: exit ${r?.code}\n${(r?.out ?? '').split('\n').slice(-60).join('\n')}\nthe device after it:\n${a().states[name]?.links ?? '?'}${a().states[name]?.journal ? `\nwifi and networkd meanwhile:\n${a().states[name]?.journal}` : ''}`,
      };
    };
    const network = (files: Record<string, string | null>) =>
      Object.fromEntries(Object.entries(files).filter(([f]) => !f.startsWith('/var/lib/bondify')));

    it('the controller reaches sshd on the device with its own key and known host key', () => {
      expect(a().error).toBeNull();
      expect(a().sshReady.ok).toBe(true);
      const runs = Object.entries(a().runs)
        .map(([name, r]) => `${name} ${(r.ms / 1000).toFixed(0)} s`)
        .join(', ');
      console.log(
        `ansible from the LAN (${a().versions.ansible}): sshd ready after ${(a().sshReady.ms / 1000).toFixed(1)} s; ${runs}; all ${(a().ms / 1000).toFixed(0)} s`,
      );
      for (const [name, r] of Object.entries(a().runs))
        console.log(
          `  ${name}: ${r.tasks.map((t) => `${t.task.replace(/^bondify : /, '')} ${t.s} s${t.retries ? ` (${t.retries} retries)` : ''}`).join('; ')}`,
        );
    });

    it('first run: applies, confirms over a new connection; bond0 on eth0 with .252, bondify check OK, no revert timer left', () => {
      const r = run('apply');
      expect([r.code, r.host?.failed, r.host?.unreachable], r.why).toEqual([0, 0, 0]);
      expect(r.host?.changed, r.why).toBeGreaterThan(0);
      expect(r.out).toMatch(/TASK \[bondify : Keep the change \(bondify confirm\)\] \**\nchanged: \[pi-lab\]/);
      const s = a().states.apply;
      expect(s.bonding ?? '', r.why).toMatch(/^Bonding Mode: fault-tolerance \(active-backup\)/m);
      expect([s.active, s.primary, [...s.slaves].sort(), s.bond0, s.eth0, s.wlan0, s.revertTimer]).toEqual([
        'eth0',
        'eth0',
        ['eth0', 'wlan0'],
        ['192.168.1.252/24'],
        [],
        [],
        'inactive',
      ]);
      expect(s.check.code, s.check.out).toBe(0);
      expect(s.check.out).toMatch(/^BONDIFY OK - bond0 active-backup: /);
      expect(s.fromLan['192.168.1.252']).toBe(true);
    });

    it('second run: changed=0, nothing rewritten', () => {
      const r = run('again');
      expect([r.code, r.host?.changed, r.host?.failed], r.why).toEqual([0, 0, 0]);
      expect(a().states.again.files).toEqual(a().states.apply.files);
    });

    it("--check --diff with miimon 200ms: the plan's diff, reported changed, nothing written, the kernel still at 100 ms", () => {
      const r = run('checkDiff');
      expect([r.code, r.host?.failed], r.why).toEqual([0, 0]);
      expect(r.host?.changed, r.why).toBeGreaterThan(0);
      expect(r.out).toContain('-MIIMonitorSec=100ms');
      expect(r.out).toContain('+MIIMonitorSec=200ms');
      expect(a().states.checkDiff.files).toEqual(a().states.again.files);
      expect([a().states.checkDiff.miimon, a().states.checkDiff.active]).toEqual(['100', 'eth0']);
    });

    it('a gateway that does not answer: bondify reverts by itself, the play fails for the host, the device keeps its bond and address', () => {
      const r = run('badGateway');
      expect([r.code, r.host?.failed], r.why).toEqual([2, 1]);
      expect(r.out).toContain('bondify did not keep the change on pi-lab');
      expect(r.out).toContain('192.168.1.99');
      const s = a().states.badGateway;
      expect(network(s.files)).toEqual(network(a().states.again.files));
      expect([s.active, s.miimon, s.bond0, s.defaultRoutes, s.revertTimer]).toEqual([
        'eth0',
        '100',
        ['192.168.1.252/24'],
        ['192.168.1.1 bond0'],
        'inactive',
      ]);
      expect([s.fromLan['192.168.1.252'], s.ssh]).toEqual([true, 0]);
    });

    it('bondify_state: absent rolls back to the standard method: eth0 .252 and wlan0 .25 answer from the LAN again', () => {
      const r = run('absent');
      expect([r.code, r.host?.failed, r.host?.unreachable], r.why).toEqual([0, 0, 0]);
      expect(r.host?.changed, r.why).toBeGreaterThan(0);
      const s = a().states.absentSettled;
      const before = a().states.before.files;
      expect([s.bonding, s.eth0, s.wlan0]).toEqual([null, ['192.168.1.252/24'], ['192.168.1.25/24']]);
      expect(s.fromLan).toEqual({ '192.168.1.252': true, '192.168.1.25': true });
      expect(Object.keys(s.files).filter((f) => f.includes('10-bondify-'))).toEqual([]);
      for (const f of ['/etc/systemd/network/eth0.network', '/etc/systemd/network/wlan0.network'])
        expect([f, s.files[f]]).toEqual([f, before[f]]);
    });
  });
});

// The release artifact the guest installs: the Arch package, built before the boot from the release tarball (the
// ship tests' build, one per content) and copied into the checkout (the guest reads the host's root; its own /tmp is
// a tmpfs).
const PACKAGE_DIR = fileURLToPath(new URL('../../release/lab-arch/', import.meta.url));

describe('lab: the installed Arch package — init, the y/N question, Enter to confirm, failover, check, the packaged timer, rollback --to standard without backups', () => {
  beforeAll(async () => {
    const out = mkdtempBuild();
    try {
      const pkg = (await buildPackage(out, (await release()).tarball)) as string;
      rmSync(PACKAGE_DIR, { recursive: true, force: true });
      mkdirSync(PACKAGE_DIR, { recursive: true });
      copyFileSync(pkg, path.join(PACKAGE_DIR, path.basename(pkg)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 900_000);
  const get = scenarioResults('apply-interactive', { timeoutMs: 1_500_000, args: [PACKAGE_DIR] });

  it('the package installed into the guest: bondify from PATH is /usr/bin/bondify, units in /usr/lib/systemd/system, no code cache and no hook', () => {
    const i = get<{ code: number; which: string; units: string[]; caches: string[]; pacmanOut: string }>('installed');
    expect(i.code, i.pacmanOut).toBe(0);
    expect(i.which).toBe('/usr/bin/bondify');
    expect(i.units).toEqual(['bondify-check.service', 'bondify-check.timer']);
    expect(i.caches, i.pacmanOut).toEqual([]);
    expect(i.pacmanOut).not.toMatch(/failed to execute|code cache/);
  });

  it('failover on the installed bondify: wlan0 carries traffic, eth0 comes back, then check says OK', () => {
    const f = get<{ onWifi: boolean; viaWifi: boolean; backOnEth0: boolean; check: { code: number; out: string } }>('failoverCheck');
    expect([f.onWifi, f.viaWifi, f.backOnEth0]).toEqual([true, true, true]);
    expect(f.check.code, f.check.out).toBe(0);
    expect(f.check.out).toMatch(/^BONDIFY OK /);
  });

  // scripts/lab/guest/hardened-check.mjs: the packaged service started by systemd, with cron install's drop-in.
  interface Run {
    start: number;
    status: number;
    result: string;
    seconds: number;
    lines: string[];
    file?: { text: string; mtimeMs: number } | null;
  }
  type HealRun = Run & { bond0Before: boolean; bond0After: boolean; active: string | null; gateway: boolean };
  interface Hardened {
    props: Record<string, string>;
    score: string | null;
    healScore: string | null;
    plain: Run;
    healInstall: { code: number; dropin: string | null };
    heal: HealRun;
    afterHeal: Run;
    controls: { noInet: Run; noPromFolder: Run; noNetAdmin: HealRun };
    healAgain: HealRun | null;
    bondAfterControls: boolean;
    remove: number;
  }
  const exposure = (line: string | null) => Number(/exposure level for bondify-check\.service: (\d+\.\d+)/.exec(line ?? '')?.[1] ?? NaN);
  // The check's exit code is its verdict (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); the journal has its lines.
  const verdict = (r: Run) => ({ start: r.start, status: r.status, result: r.result });
  const text = (r: Run) => r.lines.join('\n');

  it('the packaged service is sandboxed (ProtectSystem=strict, no new privileges, two capabilities, four socket families, a start timeout), systemd-analyze in the guest scores it OK, and the plain check passes', () => {
    const h = get<Hardened>('hardened');
    expect(h.props).toMatchObject({ ProtectSystem: 'strict', NoNewPrivileges: 'yes', TimeoutStartUSec: '2min', StateDirectory: 'bondify' });
    expect(h.props.CapabilityBoundingSet?.split(' ').sort()).toEqual(['cap_net_admin', 'cap_net_raw']);
    expect(h.props.RestrictAddressFamilies?.split(' ').sort()).toEqual(['AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_UNIX']);
    for (const s of [h.score, h.healScore]) expect(exposure(s), String(s)).toBeLessThan(3);
    expect(verdict(h.plain)).toEqual({ start: 0, status: 0, result: 'success' });
  });

  it('under the sandbox, check --ping --prom --heal recreates a deleted bond0 (WARNING, healed:), writes the metrics, and the next run pings OK', () => {
    const h = get<Hardened>('hardened');
    expect(h.healInstall.dropin).toContain(
      '\nTimeoutStartSec=300s\nReadWritePaths=-/var/lib/prometheus/node-exporter -/etc/systemd/network -/etc/modprobe.d -/etc/udev/rules.d\n',
    );
    const { bond0Before, bond0After, active, gateway } = h.heal;
    expect({ ...verdict(h.heal), bond0Before, bond0After, active, gateway }, text(h.heal)).toEqual({
      start: 0,
      status: 1,
      result: 'success',
      bond0Before: false,
      bond0After: true,
      active: 'eth0',
      gateway: true,
    });
    expect(text(h.heal)).toMatch(/^healed: re-applied the config \(bond0: desired present, current absent\)/m);
    expect(verdict(h.afterHeal), text(h.afterHeal)).toEqual({ start: 0, status: 0, result: 'success' });
    expect(text(h.afterHeal)).not.toContain('unreachable');
    expect(h.afterHeal.file?.text).toContain('bondify_up{bond="bond0"} 1\n');
  });

  it('what each piece does: without inet sockets --ping is CRITICAL, without the metrics folder --prom cannot write; without CAP_NET_ADMIN heal still recreates the bond (networkd, another service, makes it)', () => {
    const h = get<Hardened>('hardened');
    const c = h.controls;
    expect([c.noInet.status, text(c.noInet)]).toEqual([2, expect.stringContaining('unreachable')]);
    expect([c.noPromFolder.status, c.noPromFolder.file, text(c.noPromFolder)]).toEqual([
      3,
      null,
      expect.stringContaining('metrics not written'),
    ]);
    // Measured in the lab (CI run of 2026-12-07): heal asks networkd over D-Bus to make bond0, so the check's own
    // CAP_NET_ADMIN is not what recreates it; the bond came back and the run said WARNING (healed).
    expect([c.noNetAdmin.bond0After, c.noNetAdmin.status], text(c.noNetAdmin)).toEqual([true, 1]);
    // The bond is there for the steps after: either still (networkd made it) or after one more heal.
    expect(
      h.bondAfterControls || h.healAgain?.bond0After,
      h.healAgain ? text(h.healAgain) : 'no bond0 and no heal after the controls',
    ).toBe(true);
    expect(h.remove).toBe(0);
  });

  it('systemctl enable --now bondify-check.timer: the packaged unit runs /usr/bin/bondify check, seen in the journal', () => {
    const t = get<{ enable: number; line: string | null; result: string; execStart: string; fragment: string }>('timer');
    // One comparison, so a failure shows every field. The guest's systemd (Debian's, merged /usr) names the vendor
    // directory /lib/systemd/system; Arch's names it /usr/lib/systemd/system: the same directory.
    expect(t).toEqual({
      enable: 0,
      fragment: expect.stringMatching(/^(\/usr)?\/lib\/systemd\/system\/bondify-check\.timer$/),
      execStart: expect.stringContaining('path=/usr/bin/bondify ; argv[]=/usr/bin/bondify check ;'),
      line: expect.stringMatching(/^BONDIFY OK /),
      result: 'success',
    });
  });

  it("init: from the real eth0/wlan0.network, a config with the same address, gateway, DNS and each slave's own address", () => {
    const i = get<{ code: number; out: string; text: string | null }>('init');
    expect(i.code, i.out).toBe(0);
    expect(i.out).toContain(
      '/etc/systemd/network/eth0.network (eth0 192.168.1.252/24), /etc/systemd/network/wlan0.network (wlan0 192.168.1.25/24)',
    );
    const m = validateConfig(i.text ?? '', 'init').model;
    // The reference scenario, plus the permanent MAC init records: the hwsim radio has one; eth0, a veth, has none.
    const ref = validateConfig(REFERENCE_INI, 'reference').model;
    expect(m).toEqual({ ...ref, slaves: ref.slaves.map((s) => (s.name === 'wlan0' ? { ...s, permanentMac: '02:00:00:00:00:00' } : s)) });
    expect(m.network).toMatchObject({ addresses: ['192.168.1.252/24'], gateway: '192.168.1.1', dns: ['192.168.1.1', '8.8.8.8'] });
    expect(m.slaves.map((s) => [s.name, s.standard?.addresses])).toEqual([
      ['eth0', ['192.168.1.252/24']],
      ['wlan0', ['192.168.1.25/24']],
    ]);
  });

  it('init again without --force: exit 73 (EX_CANTCREAT), the file byte for byte as it was', () => {
    const s = get<{ second: { code: number; out: string; unchanged: boolean } }>('init');
    expect(s.second.code, s.second.out).toBe(73);
    expect(s.second.out).toContain('--force');
    expect(s.second.unchanged).toBe(true);
  });

  it("plan from init's config: the same files as from the reference config, wlan0 matched by the permanent MAC init recorded", () => {
    type Entry = { path: string; mode: string; action: string; content: string };
    const p = get<{ fromInit: Entry[] | null; fromReference: Entry[] | null }>('plans');
    expect(p.fromReference?.length).toBeGreaterThanOrEqual(4);
    // init records wlan0's permanent MAC (the hwsim radio has one; eth0, a veth, has none and stays matched by name):
    // wlan0's file then matches by PermanentMACAddress= and the power-save rule by ATTR{address}; all else is the same.
    const mac = /^mac = ([0-9a-f:]{17})$/m.exec(get<{ text: string | null }>('init').text ?? '')?.[1];
    expect(mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    const init = p.fromInit ?? [];
    const ref = p.fromReference ?? [];
    expect(init.map((e) => [e.path, e.mode, e.action])).toEqual(ref.map((e) => [e.path, e.mode, e.action]));
    for (const [i, e] of init.entries()) {
      const r = ref[i]!;
      if (e.path.endsWith('/10-bondify-wlan0.network')) {
        expect(e.content).toContain(`[Match]\nPermanentMACAddress=${mac}\n`);
        expect(e.content.replace(`PermanentMACAddress=${mac}`, 'Name=wlan0')).toBe(r.content);
      } else if (e.path.endsWith('90-bondify-power-save.rules')) {
        expect(e.content).toContain(`ATTR{address}=="${mac}", RUN+="/sbin/iw dev $name set power_save off"`);
      } else {
        expect(e.content, e.path).toBe(r.content);
      }
    }
  });

  it('apply on a terminal, answered n: exit 1, no file changed, no bond0', () => {
    const a = get<{ code: number; out: string; treeUnchanged: boolean; bond0: boolean }>('answerNo');
    expect(a.code, a.out).toBe(1);
    expect(a.out).toMatch(/apply these \d+ change\(s\)\? \[y\/N\]/);
    expect(a.out).toContain('not applied: nothing was changed');
    expect(a.treeUnchanged).toBe(true);
    expect(a.bond0).toBe(false);
  });

  it('apply --confirm on a terminal, answered y then Enter: applied, kept past the deadline, the revert timer gone', () => {
    const a = get<{
      code: number;
      out: string;
      timerWhileAsking: string;
      timerAfter: string;
      timerLoad: string;
      journalLeft: boolean;
      active: string;
      bond0: string[];
      gateway: boolean;
      standardFiles: Record<string, unknown>;
    }>('answerYesEnter');
    expect(a.code, a.out).toBe(0);
    expect(a.out).toContain('healthy after');
    expect(a.out).toContain('confirmed: keeping the configuration');
    expect(a.timerWhileAsking).toBe('active');
    expect(a.timerAfter).not.toBe('active');
    expect(a.timerLoad).toBe('not-found');
    expect(a.journalLeft).toBe(false);
    expect(a.active).toBe('eth0');
    expect(a.bond0).toEqual(['192.168.1.252/24']);
    expect(a.gateway).toBe(true);
    expect(a.standardFiles).toEqual({ 'eth0.network': null, 'wlan0.network': null });
  });

  it('rollback --to standard with no backup left: the reference files byte for byte, bond0 gone, both links reach the gateway', () => {
    const b = get<{
      code: number;
      out: string;
      files: unknown;
      identical: boolean;
      textIdentical: boolean;
      own: string[];
      bond0: boolean;
      eth0: string[];
      wlan0: string[];
      gatewayViaEth0: boolean;
      gatewayViaWlan0: boolean;
      standard: boolean;
    }>('rollbackStandard');
    expect(b.code, b.out).toBe(0);
    expect(b.out).toContain('rollback to the standard method from the config');
    expect(b.files).toEqual(get('originals'));
    expect(b.identical).toBe(true);
    expect(b.textIdentical).toBe(true);
    expect(b.own).toEqual([]);
    expect(b.bond0).toBe(false);
    expect(b.eth0).toEqual(['192.168.1.252/24']);
    expect(b.wlan0).toEqual(['192.168.1.25/24']);
    expect(b.gatewayViaEth0).toBe(true);
    expect(b.gatewayViaWlan0).toBe(true);
    expect(b.standard).toBe(true);
  });
});
