// The lab itself, on the real kernel: bonding driver present, standard method up, each fault real. One boot.
import { beforeAll, describe, expect, it } from 'vitest';
import { explain, runScenario, type ScenarioRun } from './harness.js';
// @ts-expect-error plain JavaScript shared with the lab harness
import { STALE_HOST_ROOTS } from '../../scripts/lab/lib/host-state.mjs';

interface Links {
  eth0Carrier: boolean | null;
  wifi: string | null;
  viaEth0: boolean;
  viaWlan0: boolean;
  timeout?: string;
}
interface Fault {
  during: Links;
  after: Links;
}
interface Results {
  hostState: { planted: boolean; cleared: string[]; left: string[] };
  standard: Links & { eth0: string[]; wlan0: string[]; gwBr0: string[]; files: Record<string, string | null>; wirelessWlan0: boolean };
  units: { active: Record<string, string>; pid1: string };
  defaultBond0: boolean;
  btest: string | null;
  eth0Loss: Fault;
  wifiLoss: Fault;
  bothLost: Fault;
  gatewayGone: Fault;
  ping: { sent: number; received: number; maxGapMs: number };
}

const allBack = { eth0Carrier: true, wifi: 'COMPLETED', viaEth0: true, viaWlan0: true };
let run: ScenarioRun<Results>;
let r: Results;

describe('the lab guest (real Debian kernel under QEMU)', () => {
  beforeAll(async () => {
    run = await runScenario<Results>('lab-selftest');
    r = run.results;
    // Timing for scripts/lab/README.md: guest wall time, and how long each fault took to be undone.
    const recovered = Object.fromEntries(Object.entries(run.results).filter(([k]) => k.endsWith('RecoveredMs')));
    console.log(`lab self-test: guest ${(run.durationMs / 1000).toFixed(1)} s; recovery ms ${JSON.stringify(recovered)}`);
  });

  it('ran the scenario to the end', () => {
    expect(run.exitCode, explain(run)).toBe(0);
  });

  it('starts from no bondify state although the host layer holds stale state, config, schedule and units', () => {
    // The planted tree was really there, under the guest's root, before /init cleared it…
    expect(r.hostState.planted).toBe(true);
    expect(r.hostState.cleared).toEqual(expect.arrayContaining(STALE_HOST_ROOTS as string[]));
    // …and nothing of bondify's is left for a scenario to inherit.
    expect(r.hostState.left).toEqual([]);
  });

  it('boots systemd as PID 1 with networkd, udevd, dbus and wpa_supplicant@wlan0 active', () => {
    expect(r.units.pid1).toBe('systemd');
    expect(r.units.active).toEqual({
      'systemd-networkd': 'active',
      'systemd-udevd': 'active',
      dbus: 'active',
      'wpa_supplicant@wlan0': 'active',
    });
  });

  it('starts in the reference standard method, byte for byte, with both links reaching the gateway', () => {
    expect(r.standard.files['eth0.network']).toBe(
      '[Match]\nName=eth0\n\n[Network]\nDHCP=no\nDNS=192.168.1.1\nDNS=8.8.8.8\nAddress=192.168.1.252/24\nGateway=192.168.1.1\n',
    );
    expect(r.standard.files['wlan0.network']).toBe(
      '[Match]\nName=wlan0\n\n[Network]\nDHCP=no\nDNS=192.168.1.1\nAddress=192.168.1.25/24\nGateway=192.168.1.1\n',
    );
    expect(r.standard.eth0).toEqual(['192.168.1.252/24']);
    expect(r.standard.wlan0).toEqual(['192.168.1.25/24']);
    expect(r.standard.gwBr0).toEqual(['192.168.1.1/24']);
    expect(r.standard.wirelessWlan0).toBe(true);
    expect({
      eth0Carrier: r.standard.eth0Carrier,
      wifi: r.standard.wifi,
      viaEth0: r.standard.viaEth0,
      viaWlan0: r.standard.viaWlan0,
    }).toEqual(allBack);
  });

  it('has the real bonding driver, loaded with max_bonds=0', () => {
    expect(r.defaultBond0).toBe(false);
    expect(r.btest).toMatch(/^Bonding Mode: fault-tolerance \(active-backup\)$/m);
    expect(r.btest).toMatch(/^MII Polling Interval \(ms\): 100$/m);
  });

  it.each([
    ['eth0Loss', { eth0Carrier: false, viaEth0: false, wifi: 'COMPLETED', viaWlan0: true }],
    // Not viaEth0: with two links in one subnet (the standard method) the gateway may have learnt .252 at wlan0's
    // MAC (ARP flux), so eth0's replies can go missing too while the wifi is down; the results record it.
    ['wifiLoss', { eth0Carrier: true, viaWlan0: false }],
    ['bothLost', { eth0Carrier: false, viaEth0: false, viaWlan0: false }],
    ['gatewayGone', { eth0Carrier: true, wifi: 'COMPLETED', viaEth0: false, viaWlan0: false }],
  ] as const)('fault %s drops what it claims and is fully undone', (name, during) => {
    const f = r[name];
    expect(f.during).toMatchObject(during);
    expect(f.during.timeout).toBeUndefined();
    if (name === 'wifiLoss' || name === 'bothLost') expect(f.during.wifi).not.toBe('COMPLETED');
    expect(f.after).toEqual(allBack);
  });

  it('measures a continuous ping', () => {
    expect(r.ping.sent).toBeGreaterThan(20);
    expect(r.ping.received).toBeGreaterThan(r.ping.sent * 0.8);
  });
});
