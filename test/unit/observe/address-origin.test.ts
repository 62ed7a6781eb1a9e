// `bondify status`: the bond's addresses with their origin and the lease's time left, from `ip -j addr`.
import { describe, expect, it } from 'vitest';
import { addressRows, formatAddresses } from '../../../src/observe/address-origin.js';

// `ip -j addr show dev bond0` (iproute2 6.1) on the lab's bond: a DHCP lease, a SLAAC address, a static one,
// a DHCPv6 /128 and the link-local address.
const IP_JSON = JSON.stringify([
  {
    ifindex: 5,
    ifname: 'bond0',
    addr_info: [
      {
        family: 'inet',
        local: '192.168.1.153',
        prefixlen: 24,
        scope: 'global',
        dynamic: true,
        valid_life_time: 75,
        preferred_life_time: 75,
      },
      { family: 'inet', local: '10.0.0.2', prefixlen: 24, scope: 'global', valid_life_time: 4294967295 },
      {
        family: 'inet6',
        local: 'fd00:1::34a1:b2ff:fec3:d4e5',
        prefixlen: 64,
        scope: 'global',
        dynamic: true,
        mngtmpaddr: true,
        valid_life_time: 3598,
      },
      { family: 'inet6', local: 'fd00:1::1234', prefixlen: 128, scope: 'global', dynamic: true, valid_life_time: 86400 },
      { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link', valid_life_time: 4294967295 },
    ],
  },
]);

describe("the bond's addresses in status", () => {
  it('name each global address by origin, with the time left of what has one', () => {
    expect(addressRows(IP_JSON)).toEqual([
      { address: '192.168.1.153', prefixLen: 24, origin: 'DHCP', validS: 75 },
      { address: '10.0.0.2', prefixLen: 24, origin: 'static', validS: null },
      { address: 'fd00:1::34a1:b2ff:fec3:d4e5', prefixLen: 64, origin: 'SLAAC', validS: 3598 },
      { address: 'fd00:1::1234', prefixLen: 128, origin: 'DHCPv6', validS: 86400 },
    ]);
  });
  it("read as one line, the lease's remaining time with it", () => {
    expect(formatAddresses(addressRows(IP_JSON))).toBe(
      '  addresses: 192.168.1.153/24 (DHCP, lease 75 s left), 10.0.0.2/24 (static), fd00:1::34a1:b2ff:fec3:d4e5/64 (SLAAC), fd00:1::1234/128 (DHCPv6)\n',
    );
    expect(formatAddresses([{ address: '192.168.1.9', prefixLen: 24, origin: 'DHCP', validS: 86_000 }])).toBe(
      '  addresses: 192.168.1.9/24 (DHCP, lease 23 h left)\n',
    );
  });
  it('say none for a bond without an address, and read nothing from what is not ip -j output', () => {
    expect(formatAddresses([])).toBe('  addresses: none\n');
    expect(addressRows('not json')).toEqual([]);
    expect(addressRows('{"addr_info":[]}')).toEqual([]);
  });
  it('escape what the kernel says before it reaches the terminal', () => {
    const evil = JSON.stringify([{ addr_info: [{ family: 'inet', local: '1.2.3.4\u001b[2J', prefixlen: 24, scope: 'global' }] }]);
    expect(formatAddresses(addressRows(evil))).not.toContain('\u001b');
  });
  it("take the lease's address as DHCP even without a lifetime (KeepConfiguration=dhcp), its time from the lease", () => {
    const kept = JSON.stringify([
      { addr_info: [{ family: 'inet', local: '192.168.1.153', prefixlen: 24, scope: 'global', valid_life_time: 4294967295 }] },
    ]);
    expect(addressRows(kept)).toEqual([{ address: '192.168.1.153', prefixLen: 24, origin: 'static', validS: null }]);
    expect(addressRows(kept, { address: '192.168.1.153', remainingS: 75 })).toEqual([
      { address: '192.168.1.153', prefixLen: 24, origin: 'DHCP', validS: 75 },
    ]);
  });
  it('take a finite lifetime for dynamic when ip prints no flag', () => {
    const v6 = JSON.stringify([
      { addr_info: [{ family: 'inet6', local: 'fd00:1::5', prefixlen: 64, scope: 'global', valid_life_time: 3598 }] },
    ]);
    expect(addressRows(v6)[0]?.origin).toBe('SLAAC');
  });
  it('call an address with an infinite lifetime SLAAC (or DHCP) when the config leaves its family to the router and does not list it', () => {
    const forever = JSON.stringify([
      {
        addr_info: [
          { family: 'inet6', local: 'fd00:1::2', prefixlen: 64, scope: 'global', valid_life_time: 4294967295 },
          { family: 'inet6', local: 'fd00:1::3b44:1', prefixlen: 64, scope: 'global', valid_life_time: 4294967295 },
        ],
      },
    ]);
    const config = { statics: ['fd00:1::2'], ipv4: 'dhcp' as const, ipv6: 'ra' as const };
    expect(addressRows(forever, null, config).map((r) => r.origin)).toEqual(['static', 'SLAAC']);
    // Without the config, or with ipv6 static, only the lifetime speaks: static.
    expect(addressRows(forever).map((r) => r.origin)).toEqual(['static', 'static']);
    expect(addressRows(forever, null, { ...config, ipv6: 'static' }).map((r) => r.origin)).toEqual(['static', 'static']);
  });
});
