// NOT WIRED: the lab proof of the Ansible role (issue item "proof in the lab"), kept out of test/lab/*.test.ts until
// it fits the lab's time budget. It passed once (2026-11-30, load 5-7): 727 s for the five plays, each module task
// on the device 6-34 s under TCG, each ansible-playbook start 15-23 s (README, "Many devices"). To wire it: rename
// to test/lab/ansible-lan.test.ts (it boots scenarios/ansible-lan.mjs on its own), or call ansibleFromLan(lab) at
// the end of scenarios/apply-confirm.mjs and move this describe into test/lab/apply.test.ts's apply-confirm block
// to share that boot.
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioResults } from '../harness.js';
import { INSTALL_TIMEOUT_MS, needDebianPackages } from '../../slow/deploy/debian.js';
import { recap } from '../../slow/deploy/recap.js';

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
type Device = Health & {
  bonding: string | null;
  miimon: string | null;
  revertTimer: string;
  files: Record<string, string | null>;
  defaultRoutes: string[];
  fromLan: Record<string, boolean>;
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

describe('lab: the Ansible role from a controller on the LAN', () => {
  // The guest runs the host's userland: sshd and ansible-playbook in it are the host's packages.
  beforeAll(() => needDebianPackages(['openssh-server', 'ansible-core']), INSTALL_TIMEOUT_MS);
  const get = scenarioResults('ansible-lan', { timeoutMs: 1_200_000 });

  describe('ansible-playbook site.yml from the gateway namespace, over SSH to 192.168.1.252', () => {
    const a = () => get<Ansible>('ansible');
    const run = (name: keyof Ansible['runs']) => {
      const r = a().runs[name];
      return {
        ...r,
        host: recap(r?.out ?? '')['pi-lab'],
        why: `${name}: exit ${r?.code}\n${(r?.out ?? '').split('\n').slice(-60).join('\n')}`,
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
