// Invalid addressing (ipv4 = static|dhcp|off, ipv6 = static|ra|off, address, gateway) in [network] and
// [slave.<if>]: `bondify apply` refuses each with exit 78, a message naming the file, section, key, value and fix,
// and the target root left byte for byte as it was (the stock Arch Linux ARM files in it).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTree, put, tempDir } from '../../support/fixtures.js';
import { bondify } from '../../support/in-process.js';

const BOND = '[bond]\nslaves = eth0, wlan0\n';
const net = (lines: string) => `${BOND}[network]\n${lines}\n`;
const DHCP = '[network]\nipv4 = dhcp\nipv6 = ra\n';
const slave = (lines: string) => `${BOND}${DHCP}[slave.eth0]\n${lines}\n`;

// [what, file content, parts the message must contain]
const CASES: Array<[string, string, string[]]> = [
  [
    'ipv4 = dhcp beside a static IPv4 address',
    net('ipv4 = dhcp\naddress = 192.168.1.252/24'),
    ['[network] ipv4', 'value: "dhcp"', 'static IPv4 address 192.168.1.252/24', 'fix: remove the IPv4 address'],
  ],
  [
    'ipv4 = static without an IPv4 address',
    net('ipv4 = static\naddress = fd00::2/64'),
    ['[network] ipv4', 'no IPv4 address', 'ipv4 = dhcp'],
  ],
  ['ipv4 = off with an IPv4 address', net('ipv4 = off\naddress = 192.168.1.252/24'), ['[network] ipv4', 'value: "off"', 'ipv4 = off, but']],
  [
    'ipv6 = static without an IPv6 address',
    net('address = 192.168.1.252/24\nipv6 = static'),
    ['[network] ipv6', 'no IPv6 address', 'ipv6 = ra'],
  ],
  ['ipv6 = off with an IPv6 address', net('address = fd00::2/64\nipv6 = off\nipv4 = dhcp'), ['[network] ipv6', 'fd00::2/64']],
  [
    'an IPv4 gateway with ipv4 = dhcp',
    net('ipv4 = dhcp\ngateway = 192.168.1.1'),
    ['[network] gateway', 'value: "192.168.1.1"', 'DHCP server gives the default route', 'fix: remove gateway'],
  ],
  ['an IPv4 gateway with ipv4 = off', net('ipv6 = ra\ngateway = 192.168.1.1'), ['[network] gateway', 'ipv4 = off']],
  [
    'an IPv6 gateway without an IPv6 address, ipv6 not ra',
    net('ipv4 = dhcp\ngateway = fd00::1'),
    ['[network] gateway', 'value: "fd00::1"', 'no IPv6 address', 'set ipv6 = ra'],
  ],
  [
    'an IPv6 gateway beside only IPv4 addresses',
    net('address = 192.168.1.252/24\ngateway = fd00::1'),
    ['[network] gateway', 'outside every address', '192.168.1.0/24'],
  ],
  [
    'no address at all, both families off',
    net('ipv4 = off\nipv6 = off'),
    ['[network] address', 'the bond needs an address', 'ipv4 = dhcp'],
  ],
  ['an empty address and no modes', net('address ='), ['[network] address', 'the bond needs an address']],
  ['no [network] keys at all', net(''), ['[network] address', 'the bond needs an address']],
  ['ipv4 = yes', net('ipv4 = yes'), ['[network] ipv4', '"yes" is not one of static, dhcp, off', 'static | dhcp | off']],
  ['ipv6 = slaac', net('ipv6 = slaac'), ['[network] ipv6', '"slaac" is not one of static, ra, off', 'static | ra | off']],
  ['address = dhcp', net('address = dhcp'), ['[network] address', '"dhcp" is not an address', 'ipv4 = dhcp']],
  [
    'dhcp = yes (the networkd spelling)',
    net('address = 192.168.1.252/24\ndhcp = yes'),
    ['[network] dhcp', 'unknown key dhcp', 'ipv4 = static|dhcp|off'],
  ],
  [
    'a slave with ipv4 = dhcp beside its static IPv4 address',
    slave('ipv4 = dhcp\naddress = 192.168.1.30/24'),
    ['[slave.eth0] ipv4', 'static IPv4 address 192.168.1.30/24'],
  ],
  [
    'a slave with ipv4 = dhcp and its own IPv4 gateway',
    slave('ipv4 = dhcp\ngateway = 192.168.1.1'),
    ['[slave.eth0] gateway', 'DHCP server'],
  ],
  ['a slave with ipv6 = static and no IPv6 address', slave('ipv6 = static'), ['[slave.eth0] ipv6', 'no IPv6 address']],
  ['dhcp_identity = ethernet', net('ipv4 = dhcp\ndhcp_identity = ethernet'), ['[network] dhcp_identity', 'stable, ethernet-mac, networkd']],
  [
    "dhcp_identity = ethernet-mac without the primary's permanent MAC",
    net('ipv4 = dhcp\ndhcp_identity = ethernet-mac'),
    ['[slave.eth0] mac', "eth0's permanent MAC", 'fix: add mac =', 'ethtool -P eth0'],
  ],
  [
    'dhcp_identity = ethernet-mac beside fail_over_mac = active',
    `[bond]\nslaves = eth0, wlan0\nfail_over_mac = active\n${DHCP}dhcp_identity = ethernet-mac\n[slave.eth0]\nmac = dc:a6:32:12:34:56\n`,
    ['[bond] fail_over_mac', 'value: "active"', 'keeps one MAC on the bond', 'fix: remove fail_over_mac'],
  ],
  ['dhcp_iaid not a number', net('ipv4 = dhcp\ndhcp_iaid = eth0'), ['[network] dhcp_iaid', '"eth0" is not a 32-bit IAID']],
  ['dhcp_iaid over 32 bits', net('ipv4 = dhcp\ndhcp_iaid = 4294967296'), ['[network] dhcp_iaid', 'not a 32-bit IAID', '0-4294967295']],
  [
    'dhcp_iaid on a static bond',
    net('address = 192.168.1.252/24\ndhcp_iaid = 7'),
    ['[network] dhcp_iaid', 'ipv4 is static', 'fix: remove dhcp_iaid, or set ipv4 = dhcp'],
  ],
  [
    'dhcp_iaid with dhcp_identity = networkd',
    net('ipv4 = dhcp\ndhcp_identity = networkd\ndhcp_iaid = 7'),
    ['[network] dhcp_iaid', 'leaves the IAID to networkd', 'dhcp_identity = stable'],
  ],
];

describe('invalid addressing is refused by apply: exit 78, file/section/key/value/fix, nothing written', () => {
  it.each(CASES)('%s', async (_, text, parts) => {
    const root = tempDir('invalid-addressing');
    put(root, '/etc/systemd/network/eth.network', '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n');
    const file = path.join(root, 'etc/bondify/bondify.ini');
    put(root, '/etc/bondify/bondify.ini', text);
    const before = hashTree(root);
    const r = await bondify(['apply', '--root', root, '--config', file]);
    expect(r.code, r.text).toBe(78);
    expect(r.stderr.startsWith(`bondify: ${file}`), r.stderr).toBe(true);
    for (const p of parts) expect(r.stderr).toContain(p);
    expect(r.stderr).toMatch(/\n {2}fix: \S/);
    expect(r.stdout).toBe('');
    expect(hashTree(root)).toBe(before);
  });
});
