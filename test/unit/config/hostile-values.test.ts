// validateConfig in-process on values networkd or the kernel would reject or misread: each refusal names section,
// key, the value and a fix; the look-alikes that are fine (/31, /32, a link-local IPv6 gateway) are accepted.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { BondifyError } from '../../../src/errors.js';

const BOND = '[bond]\nslaves = eth0, wlan0\n';
const NET = '[network]\naddress = 192.168.1.252/24\ngateway = 192.168.1.1\n';
const bond = (extra: string) => `${BOND}${extra}\n${NET}`;
const net = (lines: string) => `${BOND}[network]\n${lines}\n`;
const slaves = (list: string) => `[bond]\nslaves = ${list}\n${NET}`;
const arp = (targets: string) => bond(`miimon = 0\narp_interval = 200ms\narp_ip_targets = ${targets}`);
const v6 = (lines: string) => net(`address = fd00::2/64\n${lines}`);
const std = (eth0: string, wlan0: string) => `${BOND}${NET}[slave.eth0]\n${eth0}\n[slave.wlan0]\n${wlan0}\n`;

function refusal(text: string): BondifyError {
  try {
    validateConfig(text, 'x.ini');
  } catch (e) {
    if (e instanceof BondifyError) return e;
    throw e;
  }
  throw new Error('accepted');
}

// [what, config, section, key, parts of the message]
const REFUSED: Array<[string, string, string, string, string[]]> = [
  // Names systemd's ifname_valid_full refuses (networkd never creates the bond).
  ['bond named all', bond('name = all'), 'bond', 'name', ['"all"', 'systemd refuses']],
  ['bond named default', bond('name = default'), 'bond', 'name', ['"default"', 'systemd refuses']],
  ['bond named with digits only', bond('name = 0'), 'bond', 'name', ['"0"', 'all digits', 'interface index']],
  ['bond named 12345', bond('name = 12345'), 'bond', 'name', ['all digits']],
  ['slave named all', slaves('eth0, all'), 'bond', 'slaves', ['"all"']],
  ['slave named 7', slaves('eth0, 7'), 'bond', 'slaves', ['"7"', 'all digits']],
  ['primary named default', bond('primary = default'), 'bond', 'primary', ['"default"']],
  ['[slave.0] section', `${BOND}${NET}[slave.0]\nwireless = no\n`, 'slave.0', '', ['all digits']],
  // Addresses that cannot be this host's.
  [
    '0.0.0.0/24 (networkd: pick from a pool)',
    net('address = 0.0.0.0/24'),
    'network',
    'address',
    ['"0.0.0.0/24"', 'pick an address from a pool'],
  ],
  ['0.1.2.3/8', net('address = 0.1.2.3/8'), 'network', 'address', ['0.0.0.0/8']],
  [':: /64', net('address = ::/64'), 'network', 'address', ['"::/64"', 'unspecified']],
  ['loopback', net('address = 127.0.0.2/8'), 'network', 'address', ['loopback']],
  ['IPv6 loopback', net('address = ::1/128'), 'network', 'address', ['loopback']],
  ['IPv4 multicast', net('address = 224.0.0.5/24'), 'network', 'address', ['multicast']],
  ['IPv6 multicast', net('address = ff02::1/64'), 'network', 'address', ['multicast']],
  ['limited broadcast', net('address = 255.255.255.255/32'), 'network', 'address', ['limited broadcast']],
  ['subnet broadcast', net('address = 192.168.1.255/24'), 'network', 'address', ['broadcast address of its subnet']],
  ['network address /30', net('address = 10.0.0.4/30'), 'network', 'address', ['network address of its subnet']],
  ['slave standard address 0.0.0.0', std('address = 0.0.0.0/24', 'address = 192.168.1.25/24'), 'slave.eth0', 'address', ['0.0.0.0']],
  // Gateways.
  ['gateway = own address', net('address = 192.168.1.252/24\ngateway = 192.168.1.252'), 'network', 'gateway', ["this link's own address"]],
  ['gateway = own address spelled differently', v6('gateway = fd00:0:0::2'), 'network', 'gateway', ['own address (fd00::2/64)']],
  [
    'gateway = network address',
    net('address = 192.168.1.252/24\ngateway = 192.168.1.0'),
    'network',
    'gateway',
    ['network address of 192.168.1.0/24'],
  ],
  [
    'gateway = subnet broadcast',
    net('address = 192.168.1.252/24\ngateway = 192.168.1.255'),
    'network',
    'gateway',
    ['broadcast address of 192.168.1.0/24'],
  ],
  ['gateway 0.0.0.0', net('address = 192.168.1.252/24\ngateway = 0.0.0.0'), 'network', 'gateway', ['0.0.0.0']],
  ['gateway ::', v6('gateway = ::'), 'network', 'gateway', ['unspecified']],
  ['gateway multicast', net('address = 192.168.1.252/24\ngateway = 224.0.0.1'), 'network', 'gateway', ['multicast']],
  [
    'link-local gateway without an IPv6 address',
    net('address = 192.168.1.252/24\ngateway = fe80::1'),
    'network',
    'gateway',
    ['link-local', 'no IPv6 address'],
  ],
  [
    "inherited gateway = a slave's own address",
    std('address = 192.168.1.1/24', 'address = 192.168.1.25/24'),
    'slave.eth0',
    'address',
    ['(taken from [network])', 'own address'],
  ],
  // ARP targets and DNS servers.
  ['ARP target 0.0.0.0', arp('0.0.0.0'), 'bond', 'arp_ip_targets', ['0.0.0.0', 'no host would answer']],
  ['ARP target 255.255.255.255', arp('192.168.1.1, 255.255.255.255'), 'bond', 'arp_ip_targets', ['255.255.255.255']],
  ['ARP target multicast', arp('224.0.0.1'), 'bond', 'arp_ip_targets', ['multicast']],
  ['DNS 0.0.0.0', net('address = 192.168.1.252/24\ndns = 0.0.0.0'), 'network', 'dns', ['DNS server 0.0.0.0']],
  ['DNS 255.255.255.255', net('address = 192.168.1.252/24\ndns = 8.8.8.8, 255.255.255.255'), 'network', 'dns', ['255.255.255.255']],
  ['DNS ::', net('address = 192.168.1.252/24\ndns = ::'), 'network', 'dns', ['unspecified']],
  [
    'slave DNS multicast',
    std('address = 192.168.1.9/24\ndns = 224.0.0.251', 'address = 192.168.1.25/24'),
    'slave.eth0',
    'dns',
    ['multicast'],
  ],
  // One address, two spellings.
  ['DNS twice, spelled differently', v6('dns = fd00::9, fd00:0::9'), 'network', 'dns', ['listed twice', 'fd00::9']],
  ['address twice, spelled differently', net('address = fd00::9/64, FD00:0:0::9/64'), 'network', 'address', ['listed twice']],
  [
    'two slaves, one standard address in two spellings',
    std('address = fd00::9/64\ngateway =', 'address = fd00:0::9/64\ngateway ='),
    'slave.wlan0',
    'address',
    ["also eth0's standard address"],
  ],
  // Derived values beyond the limits of explicit ones.
  ['miimon 600s: updelay would default to 1200s', bond('miimon = 600s'), 'bond', 'miimon', ['2 × miimon = 1200s', 'longer than the 600s']],
  ['miimon 301s: updelay would default to 602s', bond('miimon = 301s'), 'bond', 'miimon', ['602s']],
  // Values a ';' or '#' would cut short.
  [
    'dns separated by ;',
    net('address = 192.168.1.252/24\ndns = 1.1.1.1;8.8.8.8'),
    'network',
    'dns',
    ['\';\' right after "1.1.1.1"', '"8.8.8.8" would be dropped'],
  ],
  ['slaves separated by #', slaves('eth0#wlan0'), 'bond', 'slaves', ['\'#\' right after "eth0"']],
  ['a comment glued to a time', bond('miimon = 100ms;fast'), 'bond', 'miimon', ['"fast" would be dropped']],
];

describe('values networkd or the kernel would reject or misread are refused in-process', () => {
  it.each(REFUSED)('%s', (_what, text, section, key, parts) => {
    const e = refusal(text);
    expect(e.kind).toBe('config');
    expect(e.details.section).toBe(section);
    if (key !== '') expect(e.details.key).toBe(key);
    expect(e.details.file).toBe('x.ini');
    expect(e.message).toMatch(/^line \d+: /);
    expect(e.details.fix).toMatch(/\S/);
    for (const p of parts) expect(e.message).toContain(p);
  });
});

describe('look-alikes that are valid', () => {
  it('accepts /31 and /32 addresses whose host part is all zeros or ones (RFC 3021)', () => {
    expect(validateConfig(net('address = 10.0.0.0/31'), 'x.ini').model.network.addresses).toEqual(['10.0.0.0/31']);
    expect(validateConfig(net('address = 10.0.0.255/32'), 'x.ini').model.network.addresses).toEqual(['10.0.0.255/32']);
  });

  it('accepts an IPv6 link-local gateway on a link with an IPv6 address, and writes it as networkd takes it', () => {
    const { model } = validateConfig(v6('gateway = FE80::1'), 'x.ini');
    expect(model.network.gateway).toBe('fe80::1');
  });

  it('writes every address in its canonical spelling (the one `ip` prints), so verify compares like with like', () => {
    const { model } = validateConfig(
      net('address = FD00:0:0::0009/64, 192.168.1.252/24\ngateway = fd00:0::1\ndns = 2001:4860:4860:0:0:0:0:8888'),
      'x.ini',
    );
    expect(model.network).toEqual({
      addresses: ['fd00::9/64', '192.168.1.252/24'],
      gateway: 'fd00::1',
      dns: ['2001:4860:4860::8888'],
      ipv4: 'static',
      ipv6: 'static',
    });
  });

  it('accepts a local resolver as DNS server, a comment after a space, and an explicit updelay with a long miimon', () => {
    expect(validateConfig(net('address = 192.168.1.252/24\ndns = 127.0.0.53 ; systemd-resolved'), 'x.ini').model.network.dns).toEqual([
      '127.0.0.53',
    ]);
    expect(validateConfig(bond('miimon = 600s\nupdelay = 600s'), 'x.ini').model.updelayMs).toBe(600_000);
    expect(validateConfig(bond('miimon = 300s'), 'x.ini').model.updelayMs).toBe(600_000);
  });

  it('accepts names systemd allows that merely look special', () => {
    expect(validateConfig(bond('name = bond1'), 'x.ini').model.name).toBe('bond1');
    expect(validateConfig(bond('name = All'), 'x.ini').model.name).toBe('All');
    expect(validateConfig(slaves('eth0, 0x1'), 'x.ini').model.slaves.map((s) => s.name)).toEqual(['eth0', '0x1']);
  });
});
