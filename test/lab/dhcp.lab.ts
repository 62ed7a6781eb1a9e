// Lab proof of DHCP and IPv6 on the bond (QEMU guest, real bonding driver, networkd 252, dnsmasq as the router):
// a Pi on Arch Linux ARM's stock files, `init`, `apply`; the lease and the SLAAC address move to bond0; failover,
// a renew on the backup and failback keep them; rollback gives the stock files back byte for byte. Two router
// kinds in one boot: a plain pool (bondify's default, dhcp_identity = stable with eth0's IAID), and a reservation of
// 192.168.1.252 for eth0's MAC (the one line dhcp_identity = ethernet-mac). Guest side: dhcp-scenario.mjs.
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
  oneLine?: boolean;
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
  macsAfter: { eth0: string; wlan0: string };
}
interface Results {
  stock: Record<string, string>;
  wired: { absent?: boolean; standard?: boolean; eth0?: { addrAssignType: string | null; address: string | null } };
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
    // The figures docs/dhcp-identity.md and the README quote, one line per router kind; then the whole record.
    const summary = (['pool', 'reservation'] as const).map((k) => {
      const c = r?.[k];
      const ping = (p?: Ping) => (p ? `${p.lost}/${p.sent} lost, longest gap ${p.maxGapMs} ms` : 'n/a');
      return `${k}: eth0 had ${c?.stockLease?.join(' ')}; bond ${c?.applied?.v4?.join(' ')} ${c?.applied?.v6?.join(' ')} → failover ${c?.failover?.v4?.join(' ')} → renew ${c?.renew?.v4?.join(' ')} → failback ${c?.failback?.v4?.join(' ')}; v4 ${ping(c?.ping4)}; v6 ${ping(c?.ping6)}`;
    });
    console.log(
      `dhcp lab: guest ${(out.durationMs / 1000).toFixed(1)} s\n${summary.join('\n')}\n${JSON.stringify(r, null, 1).slice(0, 20_000)}`,
    );
    if (out.exitCode !== 0) throw new Error(`scenario failed: ${out.error}\n${out.transcript.split('\n').slice(-40).join('\n')}`);
  });

  it('starts from the stock files: eth.network, en.network and wlan0.network, each DHCP=yes; eth0 is a NIC with a permanent MAC', () => {
    expect(Object.keys(r.stock)).toEqual(['en.network', 'eth.network', 'wlan0.network']);
    expect(r.stock['eth.network']).toBe('[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n');
    // addr_assign_type 0: NET_ADDR_PERM, the MAC the card was made with (a veth has none).
    expect(r.wired.eth0, JSON.stringify(r.wired)).toEqual({ addrAssignType: '0', address: r.macs.eth0 });
  });

  describe.each(['pool', 'reservation'] as const)('%s', (kind) => {
    const c = () => r[kind];
    it("init exits 0, keeps DHCP and RAs for the bond, and records eth0's MAC and its lease's IAID", () => {
      expect(c().init.code, c().init.out).toBe(0);
      expect(c().ini).toMatch(/^ipv4 = dhcp$/m);
      expect(c().ini).toContain(`\n[slave.eth0]\nipv4 = dhcp\nipv6 = ra\nwireless = no\nmac = ${r.macs.eth0}\n`);
      expect(c().ini).toMatch(/^dhcp_iaid = \d+$/m);
      expect(c().ini).toContain('\n; dhcp_identity = ethernet-mac\n');
    });
    it('apply gives bond0 a lease and a SLAAC address, and leaves no address on the slaves', () => {
      expect(c().apply.code, c().apply.out).toBe(0);
      expect(c().applied.v4).toHaveLength(1);
      expect(c().applied.v6.length).toBeGreaterThanOrEqual(1);
      // The default keeps the address eth0 had: the pool's (eth0's IAID), the reservation's (eth0's MAC at apply).
      expect(c().applied.v4).toEqual(c().stockLease.map((a) => a.split('/')[0]));
      if (kind === 'reservation') expect(c().applied.v4).toEqual(['192.168.1.252']);
      expect(c().slaves).toEqual({ eth0: [], wlan0: [] });
      // This router's RAs give the SLAAC address an infinite lifetime; status tells it from a static one by the config.
      expect(c().status).toMatch(/addresses: .*\(DHCP, lease .* left\), fd00:1::[0-9a-f:]+\/64 \(SLAAC\)/);
      expect(c().checkUp.code, c().checkUp.lines.join('\n')).toBe(0);
      expect(c().checkUp.prom).toMatch(/^bondify_dhcp_lease\{bond="bond0"\} 1$/m);
    });
    it('rollback gives the stock files back byte for byte, eth0 its lease, and each link its own MAC', () => {
      expect(c().rollback.code, c().rollback.out).toBe(0);
      expect(c().identical).toBe(true);
      expect(c().bondGone).toBe(true);
      expect(c().eth0Back.length).toBe(1);
      if (kind === 'reservation') expect(c().eth0Back).toEqual(['192.168.1.252']);
      // Each link has its own MAC again (ethernet-mac had given wlan0 eth0's).
      expect(c().macsAfter).toEqual(r.macs);
    });
  });

  it.each(['pool', 'reservation'] as const)(
    '%s: failover, a renew on the backup and failback keep the v4 and v6 addresses, answering the gateway',
    (kind) => {
      const c = r[kind];
      if (kind === 'reservation') {
        // The one line: the bond keeps eth0's MAC on the wifi too, and the router keeps answering .252 to it.
        expect(c.oneLine).toBe(true);
        expect(c.bondFiles['10-bondify-bond0.netdev']).toContain(`MACAddress=${r.macs.eth0}\n`);
        expect([c.applied.mac, c.failover?.mac, c.failback?.mac]).toEqual([r.macs.eth0, r.macs.eth0, r.macs.eth0]);
        expect(c.renewLog?.join('\n')).toMatch(/DHCPACK\S* 192\.168\.1\.252/);
        expect(c.renewLog?.join('\n')).not.toContain('DHCPNAK');
      }
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
    },
  );
});
