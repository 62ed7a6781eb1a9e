// Lab proof of DHCP and IPv6 on the bond (QEMU guest, real bonding driver, networkd 252, dnsmasq as the router):
// a Pi on Arch Linux ARM's stock files, `init`, `apply`; the lease and the SLAAC address move to bond0; failover,
// a renew on the backup and failback keep them; rollback gives the stock files back byte for byte. Two router
// kinds in one boot: a plain pool, and a reservation of 192.168.1.252 for eth0's MAC. Guest side: dhcp-scenario.mjs.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the lab harness is plain JavaScript
import { runScenario } from '../../scripts/lab/harness.mjs';

interface Addrs {
  v4: string[];
  v6: string[];
  mac: string | null;
  active: string | null;
}
interface Ping {
  sent: number;
  lost: number;
  maxGapMs: number;
}
interface CheckRun {
  code: number;
  lines: string[];
  prom: string | null;
}
interface Case {
  stockLease: string[];
  init: { code: number; out: string };
  ini: string | null;
  apply: { code: number; out: string; ms: number };
  bondFiles: Record<string, string>;
  applied: Addrs;
  slaves: { eth0: string[]; wlan0: string[] };
  status: string;
  checkUp: CheckRun;
  failover?: Addrs;
  renew?: Addrs;
  renewLog?: string[];
  checkOnBackup?: CheckRun;
  failback?: Addrs;
  ping4?: Ping;
  ping6?: Ping;
  checkAfter?: CheckRun;
  rollback: { code: number; out: string };
  identical: boolean;
  eth0Back: string[];
  bondGone: boolean;
}
interface Results {
  stock: Record<string, string>;
  macs: { eth0: string; wlan0: string };
  pool: Case;
  reservation: Case;
}

const SCENARIO = fileURLToPath(new URL('./dhcp-scenario.mjs', import.meta.url));
let r: Results;

describe('DHCP and IPv6 on the bond, from the stock Arch Linux ARM files (real kernel, dnsmasq router)', () => {
  beforeAll(async () => {
    const out = await runScenario(SCENARIO, { timeoutMs: 1_500_000 });
    r = out.results as Results;
    console.log(`dhcp lab: guest ${(out.durationMs / 1000).toFixed(1)} s\n${JSON.stringify(r, null, 1).slice(0, 20_000)}`);
    if (out.exitCode !== 0) throw new Error(`scenario failed: ${out.error}\n${out.transcript.split('\n').slice(-40).join('\n')}`);
  });

  it('starts from the stock files: eth.network, en.network and wlan0.network, each DHCP=yes', () => {
    expect(Object.keys(r.stock)).toEqual(['en.network', 'eth.network', 'wlan0.network']);
    expect(r.stock['eth.network']).toBe('[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n');
  });

  describe.each(['pool', 'reservation'] as const)('%s', (kind) => {
    const c = () => r[kind];
    it('init exits 0 and keeps DHCP and RAs for the bond', () => {
      expect(c().init.code, c().init.out).toBe(0);
      expect(c().ini).toMatch(/^ipv4 = dhcp$/m);
    });
    it('apply gives bond0 a lease and a SLAAC address, and leaves no address on the slaves', () => {
      expect(c().apply.code, c().apply.out).toBe(0);
      expect(c().applied.v4).toHaveLength(1);
      expect(c().applied.v6.length).toBeGreaterThanOrEqual(1);
      if (kind === 'reservation') expect(c().applied.v4).toEqual(['192.168.1.252']);
      expect(c().slaves).toEqual({ eth0: [], wlan0: [] });
      // The SLAAC address is listed; its label is not asserted: this router's RAs give it an infinite lifetime, and
      // status (reading ip's lifetimes) then calls it static — a known flaw, noted on issue 21.
      expect(c().status).toMatch(/addresses: .*\(DHCP, lease .* left\), fd00:1::[0-9a-f:]+\/64 \(/);
      expect(c().checkUp.code, c().checkUp.lines.join('\n')).toBe(0);
      expect(c().checkUp.prom).toMatch(/^bondify_dhcp_lease\{bond="bond0"\} 1$/m);
    });
    it('rollback gives the stock files back byte for byte, and eth0 its lease', () => {
      expect(c().rollback.code, c().rollback.out).toBe(0);
      expect(c().identical).toBe(true);
      expect(c().bondGone).toBe(true);
      expect(c().eth0Back.length).toBe(1);
      if (kind === 'reservation') expect(c().eth0Back).toEqual(['192.168.1.252']);
    });
  });

  it('pool: failover, a renew on the backup and failback keep the v4 and v6 addresses, answering the gateway', () => {
    const c = r.pool;
    for (const step of [c.failover, c.renew, c.failback]) {
      expect(step?.v4).toContain(c.applied.v4[0]);
      expect(step?.v6).toContain(c.applied.v6[0]);
    }
    expect(c.failover?.active).toBe('wlan0');
    expect(c.failback?.active).toBe('eth0');
    // Under TCG on a loaded host; the figures are in docs/dhcp-identity.md.
    expect(c.ping4?.maxGapMs).toBeLessThan(5_000);
    expect(c.ping6?.maxGapMs).toBeLessThan(5_000);
    expect(c.checkAfter?.lines.join('\n')).not.toContain('changed since the last check');
  });
});
