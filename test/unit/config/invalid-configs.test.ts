// Every invalid bondify.ini, loaded in-process the way every command loads it (loadConfig through a real Host on a
// temp root): a config error (exit 78 once the CLI maps it) whose message names the file, section, key, the bad
// value and a fix. test/slow/cli/config-errors.test.ts runs a few through the built CLI for what the CLI adds.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { nodeHost } from '../../../src/system/node-host.js';
import { reportError } from '../../../src/cli/report-error.js';
import { isBondifyError } from '../../../src/errors.js';
import { tempDir } from '../../support/fixtures.js';

const BOND = '[bond]\nslaves = eth0, wlan0\n';
const NET = '[network]\naddress = 192.168.1.252/24\ngateway = 192.168.1.1\n';
const bond = (extra: string) => `${BOND}${extra}\n${NET}`;
const net = (lines: string) => `${BOND}[network]\n${lines}\n`;
const arp = (targets: string) => bond(`miimon = 0\narp_interval = 200ms\narp_ip_targets = ${targets}`);

// [what, file content, parts the message must contain]
const CASES: Array<[string, string, string[]]> = [
  ['unknown key (typo)', bond('miimom = 100ms'), ['[bond] miimom', 'unknown key miimom', 'did you mean miimon?', '"100ms"']],
  ['key in the wrong section', `${BOND}miimon = 100\n${NET}[slave.eth0]\nmiimon = 100\n`, ['[slave.eth0] miimon', 'belongs in [bond]']],
  ['unknown section', `${BOND}${NET}[bnod]\nname = bond0\n`, ['[bnod]', 'did you mean [bond]?']],
  ['address with a bad octet', net('address = 192.168.1.300/24'), ['[network] address', '"192.168.1.300/24"', 'valid IP address']],
  ['address without prefix', net('address = 192.168.1.252'), ['[network] address', 'not in CIDR form']],
  ['prefix out of range', net('address = 192.168.1.252/33'), ['[network] address', 'invalid prefix length']],
  ['network address as host', net('address = 192.168.1.0/24'), ['[network] address', 'network address of its subnet']],
  ['gateway not an IP', net('address = 192.168.1.252/24\ngateway = 192.168.1'), ['[network] gateway', '"192.168.1"', 'not an IP address']],
  [
    'gateway outside every subnet',
    net('address = 192.168.1.252/24, 10.0.0.2/8\ngateway = 172.16.0.1'),
    ['[network] gateway', '172.16.0.1', 'outside every address', '192.168.1.0/24, 10.0.0.0/8'],
  ],
  ['gateway with an IPv6 zone id', net('address = fd00::2/64\ngateway = fe80::1%eth0'), ['[network] gateway', 'not an IP address']],
  ['dns not an IP', net('address = 192.168.1.252/24\ndns = 8.8.8'), ['[network] dns', 'not an IP address']],
  ['empty interface name in the list', bond('').replace('eth0, wlan0', 'eth0, , wlan0'), ['[bond] slaves', 'empty item']],
  ['empty primary', bond('primary ='), ['[bond] primary', 'is empty']],
  ['interface name over 15 bytes', bond('').replace('wlan0', 'wlan0123456789abc'), ['[bond] slaves', '17 bytes long', 'at most 15']],
  ['interface name with a slash', bond('').replace('wlan0', '../../etc/x'), ['[bond] slaves', "contains '/'"]],
  ['interface name with whitespace', bond('').replace('wlan0', 'wl an0'), ['[bond] slaves', 'whitespace']],
  ['interface name "."', bond('name = .'), ['[bond] name', '"."', 'kernel refuses']],
  ['interface name ".."', bond('').replace('wlan0', '..'), ['[bond] slaves', '".."']],
  ['interface name with a control character', bond('name = "bo\\u0007nd0"'), ['[bond] name', 'control character U+0007']],
  ['interface name with a glob', bond('').replace('wlan0', 'wlan*'), ['[bond] slaves', '"*"', 'patterns']],
  ['duplicate slaves', bond('').replace('eth0, wlan0', 'eth0, wlan0, eth0'), ['[bond] slaves', 'eth0 is listed twice']],
  ['a single slave', bond('').replace('eth0, wlan0', 'eth0'), ['[bond] slaves', 'at least two slaves']],
  ['primary not a slave', bond('primary = eth1'), ['[bond] primary', 'not one of the slaves', 'did you mean eth0?']],
  ['bond is its own slave', bond('name = eth0'), ['[bond] slaves', 'cannot be one of its own slaves']],
  ['miimon 0 without arp_interval', bond('miimon = 0'), ['[bond] miimon', 'never notice a dead link', 'arp_interval']],
  [
    'both monitors on',
    bond('miimon = 100ms\narp_interval = 200ms\narp_ip_targets = 192.168.1.1'),
    ['[bond] arp_interval', 'both MII monitoring', 'miimon = 0'],
  ],
  [
    'arp_interval without targets and no gateway',
    `${BOND}miimon = 0\narp_interval = 200ms\n[network]\naddress = 192.168.1.252/24\n`,
    ['[bond] arp_interval', 'arp_ip_targets is empty', 'no IPv4 gateway'],
  ],
  [
    'ARP target = the bond address',
    arp('192.168.1.252'),
    ['[bond] arp_ip_targets', '"192.168.1.252"', "the bond's own address", 'e.g. the gateway 192.168.1.1'],
  ],
  ['ARP target = subnet broadcast', arp('192.168.1.1, 192.168.1.255'), ['[bond] arp_ip_targets', 'broadcast address of 192.168.1.0/24']],
  ['ARP target = network address', arp('192.168.1.0'), ['[bond] arp_ip_targets', 'network address of 192.168.1.0/24', 'not a host']],
  [
    'ARP target outside the subnet',
    arp('8.8.8.8'),
    [
      '[bond] arp_ip_targets',
      '"8.8.8.8"',
      "outside the bond's subnets (192.168.1.0/24)",
      'ARP only reaches hosts on the',
      'probe the router',
    ],
  ],
  [
    'updelay not a multiple of miimon',
    bond('miimon = 100ms\nupdelay = 250ms'),
    ['[bond] updelay', 'not a multiple of miimon', 'round it down to 200ms'],
  ],
  ['downdelay not a multiple of miimon', bond('miimon = 100\ndowndelay = 50'), ['[bond] downdelay', 'not a multiple of miimon']],
  ['time without a known unit', bond('miimon = 1m'), ['[bond] miimon', '"1m" is not a time', 'bare number means milliseconds']],
  [
    'fail_over_mac none with a wifi slave',
    bond('fail_over_mac = none'),
    ['[bond] fail_over_mac', '"none"', 'wireless slave wlan0', 'cannot take another', 'fail_over_mac = active'],
  ],
  [
    'fail_over_mac follow with a forced wifi slave',
    `${bond('fail_over_mac = follow').replace('wlan0', 'wifi1')}[slave.wifi1]\nwireless = yes\n`,
    ['[bond] fail_over_mac', 'wireless slave wifi1'],
  ],
  [
    'not one of the allowed words',
    bond('primary_reselect = sometimes'),
    ['[bond] primary_reselect', '"sometimes"', 'always | better | failure'],
  ],
  ['gratuitous_arp out of range', bond('gratuitous_arp = 300'), ['[bond] gratuitous_arp', '0 to 255']],
  ['wireless not auto/yes/no', `${BOND}${NET}[slave.wlan0]\nwireless = maybe\n`, ['[slave.wlan0] wireless', 'not auto, yes or no']],
  [
    'a slave section for a non-slave',
    `${BOND}${NET}[slave.wlan1]\naddress = 192.168.1.25/24\n`,
    ['[slave.wlan1]', 'not in [bond] slaves', 'did you mean [slave.wlan0]?'],
  ],
  [
    'slave gateway outside its subnet',
    `${BOND}${NET}[slave.wlan0]\naddress = 10.1.1.25/24\n`,
    ['[slave.wlan0] address', '(taken from [network])', 'outside every address'],
  ],
  [
    'newline injected through a quoted value',
    net('address = "192.168.1.252/24\\n[Network]\\nDNS=6.6.6.6"'),
    ['[network] address', 'line break', 'inject'],
  ],
  ['section injected through brackets', net('address = 192.168.1.252/24\ndns = 1.1.1.1 [Match]'), ['[network] dns', "'['", 'inject']],
  ['key set twice', net('address = 192.168.1.252/24\naddress = 192.168.1.253/24'), ['[network] address', 'set twice (first on line']],
  ['section twice', `${BOND}${NET}[bond]\nprimary = eth0\n`, ['[bond]', 'appears twice']],
  ['key before any section', `slaves = eth0, wlan0\n${BOND}${NET}`, ['line 1', 'before any [section]']],
  ['no [network]', BOND, ['[network]', 'section is missing']],
  ['not an INI file', '{"bond": {"slaves": ["eth0", "wlan0"]}}\n', ['line 1', 'not INI']],
  ['binary file with NUL bytes', `${BOND}\u0000\u0001\u0002${NET}`, ['NUL bytes', 'binary']],
  ['very long value', bond(`name = ${'b'.repeat(2000)}`), ['longer than 1024 characters']],
  ['very long but legal line length', bond(`name = ${'b'.repeat(500)}`), ['[bond] name', '500 bytes long']],
];

/** What a user would see: loadConfig's error as the CLI reports it (message and exit code). */
function refusal(root: string, file: string | undefined): { message: string; code: number } {
  try {
    loadConfig(nodeHost({ root }), file, { allowDefault: true });
  } catch (e) {
    expect(isBondifyError(e), String(e)).toBe(true);
    return reportError(e);
  }
  throw new Error('the config was accepted');
}

describe('invalid configs are refused as config errors naming file, key, value and fix', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('invalid');
  });

  // Alternate between the default path under the root and an explicit --config path, so both ways of finding the
  // file are covered.
  it.each(CASES.map((c, i) => [...c, i % 2 === 0] as const))('%s', (_, text, parts, viaDefault) => {
    const file = path.join(root, 'etc/bondify/bondify.ini');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const r = refusal(root, viaDefault ? undefined : file);
    expect(r.code, r.message).toBe(78);
    expect(r.message.startsWith(`bondify: ${file}`), r.message).toBe(true);
    for (const p of parts) expect(r.message).toContain(p);
    expect(r.message).toMatch(/\n {2}fix: \S/);
  });

  it.each([
    ['a missing --config file', (d: string) => path.join(d, 'nope.ini'), 66, 'the config file does not exist'],
    ['a directory as --config', (d: string) => d, 78, 'cannot read the config file: is a directory'],
  ])('%s: exit %i naming it', (_, pick, code, part) => {
    const r = refusal(root, pick(root));
    expect(r.code).toBe(code);
    expect(r.message).toContain(part);
    expect(r.message.startsWith(`bondify: ${pick(root)}`), r.message).toBe(true);
  });
});
