// bondify on systemd-networkd 257 (the lab's trixie flavour: Debian 13 userland, same kernel). One boot.
// The reference user's Arch runs a networkd newer than 257; the default lab guest (Debian 12) only proves 252.
import { beforeAll, describe, expect, it } from 'vitest';
import { explain, runScenario, type ScenarioRun } from './harness.js';

interface Run {
  code: number;
  out: string;
  ms: number;
}
interface Health {
  mode: string | null;
  primary: string | null;
  active: string | null;
  slaves: string[];
  miimon: string | null;
  updelay: string | null;
  ifindex: string | null;
  bond0: string[];
  eth0: string[];
  wlan0: string[];
  defaultRoutes: string[];
  gateway: boolean;
}
interface Results {
  versions: { networkctl: string; os: string | null; node: string };
  wpaUnits: string;
  originals: Record<string, string | null>;
  apply1: Run;
  afterApply: Health;
  apply2: Run;
  afterChange: Health & { took: boolean };
  netdevOnDisk: string | null;
  checkAfterChange: Run;
  pingAcrossChange: { sent: number; received: number; maxGapMs: number };
  apply3: Run;
  afterMore: { downdelay: string | null; primaryReselect: string | null; numGratArp: string | null; ifindex: string | null };
  failover: { onWifi: boolean; viaWifi: boolean; backOnEth0: boolean; sent: number; received: number; maxGapMs: number };
  rollback: Run;
  afterRollbackFiles: Record<string, string | null>;
  afterRollbackOwn: string[];
  afterRollbackBond: boolean;
  afterRollbackStandard: boolean;
}

let run: ScenarioRun<Results>;
let r: Results;

describe('bondify on systemd-networkd 257 (Debian trixie guest, real kernel)', () => {
  beforeAll(async () => {
    run = await runScenario<Results>('apply-257', { timeoutMs: 600_000 });
    r = run.results;
    const up = /standard method up \(waited \d+ ms; uptime ([\d.]+) s\)/.exec(run.transcript)?.[1] ?? '?';
    console.log(
      `networkd 257 lab: standard method up at guest uptime ${up} s; guest ${(run.durationMs / 1000).toFixed(1)} s; ` +
        `ping across the reload-only change ${JSON.stringify(r.pingAcrossChange)}`,
    );
  });

  it('ran the scenario to the end on networkd 257', () => {
    expect(run.exitCode, explain(run)).toBe(0);
    expect(r.versions.networkctl).toMatch(/^systemd 257 /);
    expect(r.versions.os).toMatch(/trixie/);
    expect(r.wpaUnits).toMatch(/^wpa_supplicant@wlan0\.service\s+loaded active running/m);
  });

  it('apply from the standard method: healthy bond, eth0 active, gateway via bond0', () => {
    expect(r.apply1.code, r.apply1.out).toBe(0);
    expect(r.afterApply).toMatchObject({
      mode: 'fault-tolerance (active-backup) (fail_over_mac active)',
      primary: 'eth0',
      active: 'eth0',
      miimon: '100',
      bond0: ['192.168.1.252/24'],
      eth0: [],
      wlan0: [],
      defaultRoutes: ['192.168.1.1 bond0'],
      gateway: true,
    });
    expect([...r.afterApply.slaves].sort()).toEqual(['eth0', 'wlan0']);
  });

  it('a changed .netdev (miimon 100 → 200 ms) reaches the kernel on the reload-only path (same link), and check agrees', () => {
    expect(r.apply2.code, r.apply2.out).toBe(0);
    // The 257 path: reload + reconfigure, no deletion (REAPPLIES_NETDEV in src/networkd/control.ts) …
    expect(r.apply2.out).toContain('$ networkctl reload');
    expect(r.apply2.out).not.toContain('must be recreated');
    expect(r.afterChange.ifindex).toBe(r.afterApply.ifindex);
    // … and the kernel really took the new values.
    expect([...r.afterChange.slaves].sort()).toEqual(['eth0', 'wlan0']);
    expect(r.netdevOnDisk).toMatch(/^MIIMonitorSec=200ms$/m);
    expect(r.afterChange, r.apply2.out).toMatchObject({
      took: true,
      miimon: '200',
      updelay: '400',
      active: 'eth0',
      bond0: ['192.168.1.252/24'],
      gateway: true,
    });
    expect(r.checkAfterChange.code, r.checkAfterChange.out).toBe(0);
  });

  it('downdelay, primary_reselect and gratuitous_arp changes reach the kernel on the same link too', () => {
    expect(r.apply3.code, r.apply3.out).toBe(0);
    expect(r.apply3.out).not.toContain('must be recreated');
    expect(r.afterMore).toEqual({ downdelay: '200', primaryReselect: 'better 1', numGratArp: '5', ifindex: r.afterApply.ifindex });
  });

  it('eth0 cut → wlan0 active and the gateway still answers; eth0 back → active again', () => {
    expect(r.failover).toMatchObject({ onWifi: true, viaWifi: true, backOnEth0: true });
    expect(r.failover.received).toBeGreaterThan(r.failover.sent * 0.9);
  });

  it('rollback → the two original files byte for byte, nothing of bondify left, the standard method healthy', () => {
    expect(r.rollback.code, r.rollback.out).toBe(0);
    expect(r.originals['eth0.network']).toMatch(/^[0-9a-f]{64}$/);
    expect(r.afterRollbackFiles).toEqual(r.originals);
    expect(r.afterRollbackOwn).toEqual([]);
    expect(r.afterRollbackBond).toBe(false);
    expect(r.afterRollbackStandard).toBe(true);
  });
});
