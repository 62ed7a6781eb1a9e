// The bond's dynamic addresses from files only: networkd's lease file, /proc/net/if_inet6, and what check says.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressReport, leaseIaid, parseIfInet6, parseLease, readAddressFacts } from '../../../src/observe/addresses.js';
import { renderProm } from '../../../src/observe/prom.js';
import { fakeHost } from '../../support/fake-host.js';
import { populate } from '../../support/fixtures.js';
import { check, checkHost } from '../../support/check-harness.js';
import { REF_LINKS, writeKernel } from '../../support/kernel-tree.js';

// As networkd 252 writes /run/systemd/netif/leases/<ifindex> (the lab's bond under dnsmasq, 2 min leases).
const LEASE = `# This is private data. Do not parse.
ADDRESS=192.168.1.153
NETMASK=255.255.255.0
ROUTER=192.168.1.1
SERVER_ADDRESS=192.168.1.1
T1=60
T2=105
LIFETIME=120
CLIENTID=ff00000001000200...
`;

// /proc/net/if_inet6: an RA (SLAAC) address, a static one (PERMANENT 0x80), link-local, another link's.
const IF_INET6 = `fd000001000000000000000000000002 05 40 00 80     bond0
fd0000010000000034a1b2fffec3d4e5 05 40 00 00     bond0
fe80000000000000f021aefffe556cd0 05 40 20 80     bond0
fd000001000000000000000000000099 03 40 00 00      eth0
`;

describe('the lease file', () => {
  it('gives the address, the lease length and the server', () => {
    expect(parseLease(LEASE)).toEqual({ address: '192.168.1.153', lifetimeS: 120, server: '192.168.1.1' });
  });
  it('is no lease without a well-formed ADDRESS (a cut or foreign file)', () => {
    expect(parseLease('')).toBeNull();
    expect(parseLease('ADDRESS=192.168.1.153\nLIFETIME=soon\n')).toEqual({ address: '192.168.1.153', lifetimeS: null, server: null });
    expect(parseLease('ADDRESS=fe80::1\n')).toBeNull();
    expect(parseLease('# ADDRESS=192.168.1.9\n')).toBeNull();
  });
});

describe("a link's IAID from its lease (init's dhcp_iaid)", () => {
  it('reads the IAID of a DUID client identifier (ff, 4 bytes of IAID, the DUID); none for a MAC one or no lease', () => {
    const host = fakeHost();
    populate(host.kernelRoot, {
      '/sys/class/net/eth0/ifindex': '2\n',
      '/run/systemd/netif/leases/2': LEASE.replace(/^CLIENTID=.*$/m, 'CLIENTID=ff514a9e4500020000ab11e1a2b3c4d5e6f70811'),
      '/sys/class/net/eth1/ifindex': '3\n',
      '/run/systemd/netif/leases/3': LEASE.replace(/^CLIENTID=.*$/m, 'CLIENTID=01dca632123456'),
      '/sys/class/net/wlan0/ifindex': '4\n',
    });
    expect(leaseIaid(host, 'eth0')).toBe(0x514a9e45);
    expect(leaseIaid(host, 'eth1')).toBeNull();
    expect(leaseIaid(host, 'wlan0')).toBeNull();
    expect(leaseIaid(host, 'eth9')).toBeNull();
  });
});

describe('/proc/net/if_inet6', () => {
  it("lists the bond's global addresses in RFC 5952 text, static by the PERMANENT flag, others from RAs", () => {
    expect(parseIfInet6(IF_INET6, 'bond0')).toEqual([
      { address: 'fd00:1::2', prefixLen: 64, origin: 'static' },
      { address: 'fd00:1::34a1:b2ff:fec3:d4e5', prefixLen: 64, origin: 'ra' },
    ]);
    expect(parseIfInet6(IF_INET6, 'wlan0')).toEqual([]);
  });
});

describe('readAddressFacts', () => {
  it("reads the lease by the bond's ifindex and what is left of it from the file's time", () => {
    const host = fakeHost();
    populate(host.kernelRoot, {
      '/sys/class/net/bond0/ifindex': '5\n',
      '/run/systemd/netif/leases/5': LEASE,
      '/proc/net/if_inet6': IF_INET6,
    });
    const written = host.now().getTime() / 1000 - 45;
    fs.utimesSync(path.join(host.kernelRoot, 'run/systemd/netif/leases/5'), written, written);
    const f = readAddressFacts(host, 'bond0');
    expect(f.lease).toEqual({ address: '192.168.1.153', lifetimeS: 120, remainingS: 75, server: '192.168.1.1' });
    expect(f.ipv6.map((a) => a.address)).toEqual(['fd00:1::2', 'fd00:1::34a1:b2ff:fec3:d4e5']);
  });
  it('is no lease when networkd holds none (no file) or the bond is gone', () => {
    const host = fakeHost();
    populate(host.kernelRoot, { '/sys/class/net/bond0/ifindex': '5\n' });
    expect(readAddressFacts(host, 'bond0')).toEqual({ lease: null, ipv6: [] });
    expect(readAddressFacts(host, 'bond9')).toEqual({ lease: null, ipv6: [] });
  });
});

const facts = (v4: string | null, v6: string[] = []) => ({
  lease: v4 === null ? null : { address: v4, lifetimeS: 120, remainingS: 60, server: '192.168.1.1' },
  ipv6: v6.map((address) => ({ address, prefixLen: 64, origin: 'ra' as const })),
});

describe("check's judgement of the addresses", () => {
  it('is silent with the lease and the RA address it had last time', () => {
    const prev = { v4: '192.168.1.153', v6: ['fd00:1::5'] };
    const r = addressReport('bond0', { ipv4: 'dhcp', ipv6: 'ra' }, facts('192.168.1.153', ['fd00:1::5']), prev);
    expect(r).toEqual({ problems: [], memory: prev, changed: 0 });
  });
  it('warns when the bond holds no lease with ipv4 = dhcp, and no RA address with ipv6 = ra', () => {
    const r = addressReport('bond0', { ipv4: 'dhcp', ipv6: 'ra' }, facts(null), undefined);
    expect(r.problems.map((p) => p.message)).toEqual([
      "bond0 holds no DHCP lease (ipv4 = dhcp): no IPv4 address from the router; see 'networkctl status bond0'",
      'bond0 has no IPv6 address from a router advertisement (ipv6 = ra)',
    ]);
    expect(r.changed).toBeNull();
  });
  it("counts a SLAAC address the kernel marks PERMANENT (RAs with infinite lifetimes, as the lab's)", () => {
    const f = { lease: null, ipv6: [{ address: 'fd00:1::5', prefixLen: 64, origin: 'static' as const }] };
    expect(addressReport('bond0', { ipv6: 'ra' }, f, undefined).problems).toEqual([]);
  });
  it('does not ask for a lease with a static IPv4 address', () => {
    expect(addressReport('bond0', { ipv4: 'static', ipv6: 'ra' }, facts(null, ['fd00:1::5']), undefined).problems).toEqual([]);
  });
  it('warns once when the address changed since the last run, and remembers the new one', () => {
    const r = addressReport('bond0', { ipv4: 'dhcp', ipv6: 'ra' }, facts('192.168.1.183', ['fd00:1::6']), {
      v4: '192.168.1.153',
      v6: ['fd00:1::5'],
    });
    expect(r.changed).toBe(1);
    expect(r.problems.map((p) => p.message)).toEqual([
      "bond0's DHCP address changed since the last check: 192.168.1.153 → 192.168.1.183 (connections to 192.168.1.153 are lost)",
      "bond0's IPv6 address changed since the last check: fd00:1::5 → fd00:1::6",
    ]);
    expect(r.memory).toEqual({ v4: '192.168.1.183', v6: ['fd00:1::6'] });
    // The next run compares with the new memory: no second warning.
    expect(addressReport('bond0', { ipv4: 'dhcp', ipv6: 'ra' }, facts('192.168.1.183', ['fd00:1::6']), r.memory).problems).toEqual([]);
  });
  it('takes a malformed memory for none, and a second SLAAC address beside the old one for no change', () => {
    expect(addressReport('bond0', { ipv4: 'dhcp' }, facts('192.168.1.153'), { v4: 7 }).changed).toBeNull();
    const r = addressReport('bond0', { ipv6: 'ra' }, facts(null, ['fd00:1::5', 'fd00:1::6']), { v4: null, v6: ['fd00:1::5'] });
    expect(r.changed).toBe(0);
  });
});

describe('the metrics', () => {
  const base = { bond: 'bond0', state: null, failoversTotal: null, now: new Date('2026-11-23T12:00:00Z') };
  const health = { status: 'OK', problems: [], perf: {} } as unknown as Parameters<typeof renderProm>[0]['health'];
  it('export the lease, its remaining time and whether an address changed', () => {
    const text = renderProm({ ...base, health, addresses: { lease: true, leaseRemainingS: 75, changed: 1 } });
    expect(text).toContain('bondify_dhcp_lease{bond="bond0"} 1\n');
    expect(text).toContain('bondify_dhcp_lease_remaining_seconds{bond="bond0"} 75\n');
    expect(text).toContain('bondify_address_changed{bond="bond0"} 1\n');
  });
  it('leave out what is unknown, and every address metric for a static bond', () => {
    const text = renderProm({ ...base, health, addresses: { lease: false, leaseRemainingS: null, changed: null } });
    expect(text).toContain('bondify_dhcp_lease{bond="bond0"} 0\n');
    expect(text).not.toMatch(/^bondify_dhcp_lease_remaining_seconds\{/m);
    expect(text).not.toMatch(/^bondify_address_changed\{/m);
    expect(renderProm({ ...base, health })).not.toContain('bondify_dhcp_lease');
  });
});

describe('bondify check on a DHCP bond (fake kernel tree, live read)', () => {
  const INI = `[bond]\nname = bond0\nslaves = eth0, wlan0\nprimary = eth0\nmiimon = 100ms\nupdelay = 200ms\n\n[network]\nipv4 = dhcp\nipv6 = ra\n\n[slave.eth0]\nwireless = no\n\n[slave.wlan0]\nwireless = yes\npower_save = keep\n`;
  const lease = (address: string) => LEASE.replace('ADDRESS=192.168.1.153', `ADDRESS=${address}`);

  it('is OK with its lease and RA address, warns once when the lease changed, and warns with no lease', async () => {
    const host = checkHost(INI);
    writeKernel(host.kernelRoot, { active: 'eth0', links: REF_LINKS() });
    populate(host.kernelRoot, {
      '/sys/class/net/bond0/ifindex': '5\n',
      '/run/systemd/netif/leases/5': LEASE,
      '/proc/net/if_inet6': IF_INET6,
    });
    const first = await check(host, null);
    expect(first.status, first.lines.join('\n')).toBe('OK');
    populate(host.kernelRoot, { '/run/systemd/netif/leases/5': lease('192.168.1.183') });
    const changed = await check(host, null, { prom: '/bondify.prom' });
    expect(changed.status).toBe('WARNING');
    expect(changed.lines.join('\n')).toContain("bond0's DHCP address changed since the last check: 192.168.1.153 → 192.168.1.183");
    expect(fs.readFileSync(path.join(host.root, 'bondify.prom'), 'utf8')).toContain('bondify_address_changed{bond="bond0"} 1\n');
    expect((await check(host, null)).status).toBe('OK');
    fs.rmSync(path.join(host.kernelRoot, 'run/systemd/netif/leases/5'));
    const lost = await check(host, null);
    expect(lost.status).toBe('WARNING');
    expect(lost.lines.join('\n')).toContain('bond0 holds no DHCP lease (ipv4 = dhcp)');
  });
});
