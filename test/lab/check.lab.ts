// Lab proof of `bondify check` on the real bonding driver (QEMU guest, Debian 6.1 kernel, systemd): OK with both
// links, WARNING with eth0 cut, CRITICAL with both cut and with the bond deleted, the failover logged once, the
// textfile metrics following, and the systemd timer really running check; `check --heal` recreating a deleted bond,
// and reverting an unconfirmed apply after a simulated reboot; `bondify drill` passing, killed (its guard), and failing on
// a dead wifi path. Guest side: check-scenario.mjs and drill-steps.mjs.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProcBonding } from '../../src/observe/proc-parser.js';
// @ts-expect-error the lab harness is plain JavaScript
import { runScenario } from '../../scripts/lab/harness.mjs';
// @ts-expect-error plain JavaScript lab module
import { ensurePackages } from '../../scripts/lab/lib/packages.mjs';

interface Run {
  code: number;
  lines: string[];
  prom: string | null;
}
interface Results {
  setup: string;
  captureUp: string;
  captureEth0Down: string;
  captureBothDown: string;
  bothUp: Run;
  eth0Cut: Run;
  eth0CutAgain: Run;
  eth0Back: Run;
  bothCut: Run;
  bondDeleted: Run;
  journalAfterFailover: string[];
  journalAfterFailback: string[];
  timerInstall: { code: number; out: string; enabled: string };
  timerRan: { ran: boolean; prom: string | null; unitLog: string[] };
  timerRemove: { code: number; out: string; timerFileLeft: boolean };
  standardOriginals: { eth0: string | null; wlan0: string | null };
  healBondBefore: boolean;
  heal: Run;
  afterHeal: Run;
  healAgain: Run;
  healLogAfterRecreate: string[];
  wrongPrimary: { primary: string | null; check: Run };
  wrongPrimaryHeal: Run;
  wrongPrimaryAfter: { primary: string | null; active: string | null; check: Run };
  looseSlave: { slaves: string | null; check: Run };
  looseSlaveHeal: Run;
  looseSlaveAfter: { slaves: string | null; check: Run };
  reboot: {
    rollbackCode: number;
    pendingStep: string | null;
    timerAfterStop: string;
    beforeHeal: { bond0: boolean; step: string | null; files: { eth0: string | null; wlan0: string | null } };
    heal: { code: number; lines: string[] };
    after: {
      bond0: boolean;
      files: { eth0: string | null; wlan0: string | null };
      filesIdentical: boolean;
      bondifyFiles: string[];
      journalLeft: boolean;
      standardBack: boolean;
    };
  };
  healLogAfterReboot: string[];
  deadPathStandard: DeadPath;
  deadPathMii: DeadPath;
  deadPathArp: DeadPath;
  arp: {
    apply: number;
    netdev: string | null;
    capture: string;
    sysfs: Record<string, string | null>;
    status: string;
    statusJson: string;
    check: Run;
  };
  arpAfter: { active: string | null; check: Run };
  drillHealthy: Drill & { prom: string | null };
  drillKilled: {
    onBackup: boolean;
    guardAfterKill: string;
    back: boolean;
    backAfterMs: number;
    active: string | null;
    guardUnitLog: string[];
  };
  drillDeadWifi: Drill & { wifiState: string; gwReaches252: boolean };
  drillSeconds: number;
}

/** One `bondify drill --json` (test/lab/drill-steps.mjs): its exit, its JSON, the active slave and guard after it. */
interface Drill {
  code: number;
  stderr: string;
  active: string | null;
  guard: string;
  json: {
    result: string;
    failoverMs: number | null;
    failbackMs: number | null;
    hold: { sent: number; received: number; lossPct: number; longestGapMs: number; activeAtEnd: string | null } | null;
    wifi: { associated: boolean; signalDbm: number | null; txBitrateMbps: number | null } | null;
    activeAtEnd: string | null;
    causes: string[];
  } | null;
}

/** One dead-path event (scripts/bench/failover-measure.mjs measureOnce with fault 'path'). */
interface DeadPath {
  inboundGapMs: number | 'lost';
  outboundGapMs: number | 'lost';
  inboundRepliesDuringFault: number;
  holdMs: number;
  activeAtFaultEnd: string | null;
  activeAtEnd: string | null;
  activeChangesDuringFault: number | null;
  activeChangesAfterReturn: number | null;
  linkFailuresRise: Record<string, number> | null;
  during?: { check: { code: number; lines: string[] }; checkPing: { code: number; lines: string[] } };
}

const SCENARIO = fileURLToPath(new URL('./check-scenario.mjs', import.meta.url));
const FAILOVER = 'bond0: failover to wlan0 from eth0 (primary eth0)';
const FAILBACK = 'bond0: failback to primary eth0 from wlan0';
const MII_MONITOR = 'MII (carrier) every 100 ms: a dead path with the carrier up goes unseen (check --ping probes it)';
const metric = (prom: string | null, line: string) => (prom ?? '').split('\n').includes(line);

let r: Results;
let transcript = '';

describe('bondify check in the lab (real kernel)', () => {
  beforeAll(async () => {
    // The dead-path events (standard, MII, ARP) and the ARP apply add about 76 s to this boot (guest ~380 s), the
    // three drills about 47 s (2026-12-07: guest 548 s on a loaded host).
    const out = await runScenario(SCENARIO, { timeoutMs: 1_200_000 });
    transcript = out.transcript;
    if (out.exitCode !== 0) throw new Error(`scenario failed: ${out.error}\n${transcript.split('\n').slice(-40).join('\n')}`);
    r = out.results as Results;
    console.log(`check lab: guest ${(out.durationMs / 1000).toFixed(1)} s, of which the drills ${r.drillSeconds} s`);
  });

  // bondify drill (issue 24) on the healthy MII bond, before the faults below.
  it('drill on a healthy bond: exit 0, a failover and a failback time, wlan0 held for the whole hold (active_slave), back on eth0, guard disarmed', () => {
    const d = r.drillHealthy;
    expect([d.code, d.json?.result], JSON.stringify(d)).toEqual([0, 'passed']);
    expect(d.json?.failoverMs).toEqual(expect.any(Number));
    expect(d.json?.failbackMs).toEqual(expect.any(Number));
    expect(d.json?.hold).toMatchObject({ activeAtEnd: 'wlan0', lossPct: expect.any(Number) });
    expect(d.json?.hold?.received).toBeGreaterThan(0);
    expect(d.json?.wifi).toMatchObject({ associated: true, signalDbm: expect.any(Number) });
    expect([d.json?.activeAtEnd, d.active, d.guard]).toEqual(['eth0', 'eth0', 'inactive']);
    expect(metric(d.prom, 'bondify_drill_result{bond="bond0"} 0')).toBe(true);
    expect(metric(d.prom, `bondify_drill_failover_seconds{bond="bond0"} ${(d.json?.failoverMs ?? 0) / 1000}`)).toBe(true);
    console.log(`drill: failover ${d.json?.failoverMs} ms, failback ${d.json?.failbackMs} ms, hold ${JSON.stringify(d.json?.hold)}`);
  });

  it('drill SIGKILLed while on wlan0: its guard timer puts eth0 back by itself', () => {
    const k = r.drillKilled;
    expect([k.onBackup, k.guardAfterKill, k.back, k.active], JSON.stringify(k)).toEqual([true, 'active', true, 'eth0']);
    expect(k.guardUnitLog.join('\n')).toContain('Started bondify-drill-guard.service');
    console.log(`drill killed: eth0 back ${k.backAfterMs} ms after the SIGKILL`);
  });

  it('drill with the wifi path dead behind a live association: exit 2, names wlan0, back on eth0 at once, .252 reachable', () => {
    const d = r.drillDeadWifi;
    expect([d.code, d.json?.result, d.json?.failoverMs, d.json?.hold], JSON.stringify(d)).toEqual([2, 'failed', null, null]);
    expect(d.json?.causes.some((c) => c.startsWith('wlan0 is associated but nothing reached the gateway'))).toBe(true);
    expect([d.json?.activeAtEnd, d.active, d.guard, d.wifiState, d.gwReaches252]).toEqual(['eth0', 'eth0', 'inactive', 'COMPLETED', true]);
    expect(d.json?.failbackMs).toEqual(expect.any(Number));
  });

  it("reads the 6.1 kernel's own /proc/net/bonding with the parser", () => {
    const s = parseProcBonding(r.captureUp, { bond: 'bond0', file: 'lab' });
    expect([s.mode, s.failOverMac, s.primary, s.primaryReselect, s.activeSlave, s.miimonMs]).toEqual([
      'active-backup',
      'active',
      'eth0',
      'always',
      'eth0',
      100,
    ]);
    expect(s.slaves.map((x) => [x.name, x.miiStatus]).sort()).toEqual([
      ['eth0', 'up'],
      ['wlan0', 'up'],
    ]);
    const down = parseProcBonding(r.captureEth0Down, { bond: 'bond0', file: 'lab' });
    expect([down.activeSlave, down.slaves.find((x) => x.name === 'eth0')?.miiStatus]).toEqual(['wlan0', 'down']);
  });

  it('OK with both links up (gateway pinged through the bond)', () => {
    expect(r.bothUp.code).toBe(0);
    // The primary first whatever order networkd enslaved the links in (it may enslave wlan0 first); counts depend on
    // the boot.
    expect(r.bothUp.lines).toEqual([expect.any(String), `monitor: ${MII_MONITOR}`]);
    expect(r.bothUp.lines[0]).toMatch(
      /^BONDIFY OK - bond0 active-backup: eth0 active \(primary\), wlan0 up \| active_is_primary=1 slaves_up=2 link_failures=\d+c$/,
    );
  });

  it('WARNING with eth0 cut: running on wlan0', () => {
    expect(r.eth0Cut.code).toBe(1);
    expect(r.eth0Cut.lines[0]).toMatch(
      /^BONDIFY WARNING - bond0 active-backup: eth0 down \(primary\), wlan0 active \| active_is_primary=0 slaves_up=1 link_failures=\d+c$/,
    );
    expect(r.eth0Cut.lines).toContain('WARNING: running on backup slave wlan0, not the primary eth0');
  });

  it('logs the failover once (journal), and the failback once', () => {
    expect(r.eth0Cut.lines).toContain(`event: ${FAILOVER}`);
    expect(r.eth0CutAgain.lines.filter((l) => l.startsWith('event:'))).toEqual([]);
    expect(r.journalAfterFailover).toEqual([FAILOVER]);
    expect(r.eth0Back.code).toBe(0);
    expect(r.journalAfterFailback).toEqual([FAILOVER, FAILBACK]);
  });

  it('the textfile metrics change with the bond', () => {
    expect(metric(r.bothUp.prom, 'bondify_active_is_primary{bond="bond0"} 1')).toBe(true);
    expect(metric(r.bothUp.prom, 'bondify_failovers_total{bond="bond0"} 0')).toBe(true);
    expect(metric(r.eth0Cut.prom, 'bondify_active_is_primary{bond="bond0"} 0')).toBe(true);
    expect(metric(r.eth0Cut.prom, 'bondify_slave_up{bond="bond0",slave="eth0"} 0')).toBe(true);
    expect(metric(r.eth0Cut.prom, 'bondify_failovers_total{bond="bond0"} 1')).toBe(true);
    expect(metric(r.eth0Cut.prom, 'bondify_check_status{bond="bond0"} 1')).toBe(true);
    expect(metric(r.bondDeleted.prom, 'bondify_up{bond="bond0"} 0')).toBe(true);
  });

  it('CRITICAL with both links cut', () => {
    expect(r.bothCut.code).toBe(2);
    expect(r.bothCut.lines[0]).toMatch(/^BONDIFY CRITICAL - /);
    expect(r.bothCut.lines).toContain('CRITICAL: bond0 has no active slave');
  });

  it('CRITICAL with the bond deleted', () => {
    expect(r.bondDeleted.code).toBe(2);
    expect(r.bondDeleted.lines).toContain('CRITICAL: bond bond0 does not exist');
  });

  it('the systemd timer really runs check, and cron remove takes it away', () => {
    expect([r.timerInstall.code, r.timerInstall.enabled], r.timerInstall.out).toEqual([0, 'enabled']);
    expect(r.timerRan.ran).toBe(true);
    expect(r.timerRan.unitLog.some((l) => l.startsWith('BONDIFY CRITICAL - bond bond0 does not exist'))).toBe(true);
    expect(metric(r.timerRan.prom, 'bondify_up{bond="bond0"} 0')).toBe(true);
    expect([r.timerRemove.code, r.timerRemove.timerFileLeft]).toEqual([0, false]);
  });

  it('check --heal recreates the deleted bond (WARNING, "healed:", logged once); the next check is OK; a second heal does nothing', () => {
    const healed = 'healed: re-applied the config (bond0: desired present, current absent); bond0 verified healthy';
    expect(r.healBondBefore).toBe(false);
    expect(r.heal.code, r.heal.lines.join('\n')).toBe(1);
    expect(r.heal.lines[0]).toMatch(/^BONDIFY WARNING - bond0 active-backup: /);
    expect(r.heal.lines.filter((l) => l.startsWith('healed:'))).toEqual([
      expect.stringMatching(new RegExp(`^${healed.replace(/[()]/g, '\\$&')} \\(backup [0-9TZ-]+\\)$`)),
    ]);
    expect(metric(r.heal.prom, 'bondify_up{bond="bond0"} 1')).toBe(true);
    expect(r.afterHeal.code, r.afterHeal.lines.join('\n')).toBe(0);
    expect(r.afterHeal.lines[0]).toMatch(/^BONDIFY OK - bond0 active-backup: /);
    expect([r.healAgain.code, r.healAgain.lines.filter((l) => l.startsWith('heal'))], r.healAgain.lines.join('\n')).toEqual([0, []]);
    expect(r.healLogAfterRecreate).toEqual([
      expect.stringMatching(/^bond0: healed: re-applied the config \(bond0: desired present, current absent\)/),
    ]);
  });

  it('check --heal puts back a primary changed by hand (sysfs): primary eth0, eth0 active, the next check OK', () => {
    expect(r.wrongPrimary.primary).toMatch(/^wlan0/);
    expect(r.wrongPrimary.check.lines.join('\n')).toContain('bond0.primary: desired eth0, current wlan0');
    expect(
      r.wrongPrimaryHeal.lines.filter((l) => l.startsWith('healed:')),
      r.wrongPrimaryHeal.lines.join('\n'),
    ).toEqual([expect.stringContaining('bond0.primary: desired eth0, current wlan0')]);
    expect(r.wrongPrimaryAfter.primary).toMatch(/^eth0/);
    expect(r.wrongPrimaryAfter.active).toBe('eth0');
    expect(r.wrongPrimaryAfter.check.code, r.wrongPrimaryAfter.check.lines.join('\n')).toBe(0);
  });

  it('check --heal puts a slave taken out of the bond back in: both enslaved, the next check OK', () => {
    expect(r.looseSlave.slaves).toBe('eth0');
    expect(r.looseSlave.check.code, r.looseSlave.check.lines.join('\n')).toBe(1);
    expect(
      r.looseSlaveHeal.lines.filter((l) => l.startsWith('healed:')),
      r.looseSlaveHeal.lines.join('\n'),
    ).toEqual([expect.stringContaining('bond0.slaves: desired eth0, wlan0, current eth0 (wlan0 not enslaved)')]);
    expect((r.looseSlaveAfter.slaves ?? '').split(' ').sort()).toEqual(['eth0', 'wlan0']);
    expect(r.looseSlaveAfter.check.code, r.looseSlaveAfter.check.lines.join('\n')).toBe(0);
  });

  it('simulation of a reboot inside the apply --confirm window (session killed, revert timer stopped): check --heal after the deadline reverts to the standard method', () => {
    const b = r.reboot;
    expect([b.rollbackCode, b.pendingStep, b.timerAfterStop]).toEqual([0, 'awaiting-confirm', 'inactive']);
    // Past the deadline nothing had reverted it: the bond still up, the standard files still moved aside.
    expect([b.beforeHeal.bond0, b.beforeHeal.step, b.beforeHeal.files]).toEqual([true, 'awaiting-confirm', { eth0: null, wlan0: null }]);
    expect(b.heal.lines.filter((l) => l.startsWith('healed:'))).toEqual([
      expect.stringMatching(
        /^healed: reverted the unconfirmed apply of backup [0-9TZ-]+: its deadline \S+ passed and its revert timer was lost; verified healthy$/,
      ),
    ]);
    // The config still asks for a bond, so the check after the revert is CRITICAL (bond missing) — and says why once.
    expect([b.heal.code, b.heal.lines]).toEqual([2, expect.arrayContaining(['CRITICAL: bond bond0 does not exist'])]);
    expect(b.after).toEqual({
      bond0: false,
      files: r.standardOriginals,
      filesIdentical: true,
      bondifyFiles: [],
      journalLeft: false,
      standardBack: true,
    });
    // Logged once: the journal holds each earlier heal of this boot once, and this revert once.
    expect(r.healLogAfterReboot.filter((l) => l.includes('reverted the unconfirmed apply'))).toHaveLength(1);
    expect(r.healLogAfterReboot).toHaveLength(4);
  });

  it('every textfile the lab wrote, in every state it produced, passes promtool check metrics', async () => {
    await ensurePackages((m: string) => process.stderr.write(`lab check: ${m}\n`), ['prometheus']);
    const files: Array<[string, string]> = [];
    const walk = (v: unknown, at: string) => {
      if (v === null || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v)) {
        if (k === 'prom' && typeof x === 'string') files.push([at, x]);
        else walk(x, at ? `${at}.${k}` : k);
      }
    };
    walk(r, '');
    expect(files.map(([name]) => name)).toEqual(
      expect.arrayContaining(['bothUp', 'eth0Cut', 'bothCut', 'bondDeleted', 'timerRan', 'heal']),
    );
    for (const [name, text] of files) {
      const p = await execa('promtool', ['check', 'metrics'], { input: text, reject: false, all: true });
      expect([name, p.exitCode, p.all]).toEqual([name, 0, '']);
    }
  });

  // A dead path with the cable in: eth0's port on the router stops forwarding both ways, eth0 keeps carrier.
  it('dead path, standard method: .252 unreachable from the gateway for the whole fault', () => {
    const d = r.deadPathStandard;
    expect(d.holdMs).toBeGreaterThanOrEqual(4000);
    expect([d.inboundRepliesDuringFault, d.inboundGapMs, d.outboundGapMs]).toEqual([0, 'lost', 'lost']);
  });

  it('dead path, MII bond: never fails over, .252 unreachable for the whole fault, and check alone says OK (check --ping does not)', () => {
    const d = r.deadPathMii;
    expect(d.holdMs).toBeGreaterThanOrEqual(4000);
    expect([d.inboundRepliesDuringFault, d.inboundGapMs]).toEqual([0, 'lost']);
    expect([d.activeAtFaultEnd, d.activeChangesDuringFault, d.linkFailuresRise]).toEqual(['eth0', 0, { eth0: 0, wlan0: 0 }]);
    expect(d.during?.check.code, d.during?.check.lines.join('\n')).toBe(0);
    expect(d.during?.checkPing.code).toBe(2);
    expect(
      d.during?.checkPing.lines.some((l) => l.startsWith('CRITICAL: gateway 192.168.1.1 unreachable through bond0')),
      d.during?.checkPing.lines.join('\n'),
    ).toBe(true);
  });

  it('ARP bond: networkd gets ARPIntervalSec, ARPIPTargets (the gateway by default) and ARPValidate=active (the default), the kernel runs it, status and check name the monitor', () => {
    expect(r.arp.apply).toBe(0);
    expect(r.arp.netdev).toContain('ARPIntervalSec=100ms\nARPIPTargets=192.168.1.1\nARPValidate=active\n');
    expect(r.arp.netdev).not.toContain('MIIMonitorSec');
    expect(r.arp.sysfs).toMatchObject({
      arp_interval: '100',
      arp_ip_target: '192.168.1.1',
      arp_validate: 'active 1',
      arp_all_targets: 'any 0',
      arp_missed_max: '2',
      miimon: '0',
    });
    const s = parseProcBonding(r.arp.capture, { bond: 'bond0', file: 'lab' });
    expect([s.miimonMs, s.arpIntervalMs, s.arpIpTargets, s.arpMissedMax, s.activeSlave]).toEqual([0, 100, ['192.168.1.1'], 2, 'eth0']);
    const monitor =
      /ARP \(path\) every 100 ms to 192\.168\.1\.1 \(validate active, all_targets any, missed_max 2\); ARP verdict: (eth0 up, wlan0 up|wlan0 up, eth0 up)$/;
    expect(r.arp.status).toMatch(new RegExp(`^  monitor: ${monitor.source}`, 'm'));
    expect(r.arp.status).toMatch(/^ {2}SLAVE {2}ARP /m);
    expect(JSON.parse(r.arp.statusJson)).toMatchObject({
      arpIntervalMs: 100,
      arpIpTargets: ['192.168.1.1'],
      arpValidate: 'active',
      arpAllTargets: 'any',
      arpMissedMax: 2,
    });
    expect(r.arp.check.code, r.arp.check.lines.join('\n')).toBe(0);
    expect(r.arp.check.lines.at(-1)).toMatch(new RegExp(`^monitor: ${monitor.source}`));
  });

  it('dead path, ARP bond: fails over to wlan0 (inbound .252 back during the fault), check says so, and fails back to eth0 with one switch', () => {
    const d = r.deadPathArp;
    expect(d.holdMs).toBeGreaterThanOrEqual(4000);
    expect(d.inboundRepliesDuringFault).toBeGreaterThan(0);
    // Restored long before the path returns; the figure against arp_interval × (arp_missed_max + 1) + 200 ms is
    // the benchmark's (TCG timing on a shared host is too noisy to hold a unit test to it).
    expect(typeof d.inboundGapMs === 'number' && d.inboundGapMs < 3000, String(d.inboundGapMs)).toBe(true);
    expect([d.activeAtFaultEnd, d.activeAtEnd]).toEqual(['wlan0', 'eth0']);
    // wlan0 never fails and the failback is one switch. At the fault's onset eth0 can fail twice before wlan0 holds
    // (seen in the lab: 2 failures and 3 active-slave changes within the first second; README, carrier vs path).
    expect(d.linkFailuresRise?.wlan0).toBe(0);
    expect(d.linkFailuresRise?.eth0).toBeGreaterThanOrEqual(1);
    expect(d.activeChangesAfterReturn).toBeLessThanOrEqual(1);
    // The first check starts right after the fault and may read the bond mid-failover; the second runs after it.
    expect(d.during?.checkPing.code, d.during?.checkPing.lines.join('\n')).toBe(1);
    expect(d.during?.checkPing.lines).toContain('WARNING: running on backup slave wlan0, not the primary eth0');
    expect(
      d.during?.checkPing.lines.some((l) => l.startsWith('CRITICAL: gateway 192.168.1.1 unreachable')),
      d.during?.checkPing.lines.join('\n'),
    ).toBe(false);
    expect(r.arpAfter.active).toBe('eth0');
    // The failover raised eth0's link failure count, which the first check after it may still report.
    expect(
      r.arpAfter.check.lines.filter((l) => /^(WARNING|CRITICAL|UNKNOWN):/.test(l) && !/link failures rose/.test(l)),
      r.arpAfter.check.lines.join('\n'),
    ).toEqual([]);
  });
});
