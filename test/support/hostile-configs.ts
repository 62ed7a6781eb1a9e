// Hostile and broken bondify.ini files, beyond test/unit/config's table of ordinary mistakes: syntax that is
// not INI, wrong types, out-of-range values, cross-field contradictions, attempts to inject lines, sections or
// paths into generated files, look-alike and invisible Unicode, raw bytes that are not UTF-8.
// Each: [what, file content, parts the error message must contain].

export type ConfigCase = [string, string | Buffer, string[]];

const BOND = '[bond]\nslaves = eth0, wlan0\n';
const NET = '[network]\naddress = 192.168.1.252/24\ngateway = 192.168.1.1\n';
const bond = (extra: string) => `${BOND}${extra}\n${NET}`;
const net = (lines: string) => `${BOND}[network]\n${lines}\n`;
const slaves = (list: string) => `[bond]\nslaves = ${list}\n${NET}`;
const slave = (name: string, lines: string) => `${BOND}${NET}[slave.${name}]\n${lines}\n`;
const arp = (extra: string) => bond(`miimon = 0\narp_interval = 200ms\narp_ip_targets = 192.168.1.1\n${extra}`);
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

export const HOSTILE_CONFIGS: ConfigCase[] = [
  // Syntax: not INI at all, or INI bondify does not accept.
  ['unterminated section header at the end', `${BOND}${NET}[bond`, ['line 6', 'not INI']],
  ['text after a section header', `[bond] please\nslaves = eth0, wlan0\n${NET}`, ['line 1', 'not INI']],
  ['nested brackets', `[[bond]]\n${NET}`, ['line 1', 'not INI']],
  ['empty section name', `[]\n${BOND}${NET}`, ['line 1', 'invalid section header (an empty name']],
  ['key without =', `[bond]\nslaves eth0, wlan0\n${NET}`, ['line 2', 'neither a [section] nor key = value']],
  ['key with a space', `[bond]\nslave list = eth0\n${NET}`, ['line 2', 'the name before "=" is not a key name']],
  ['value without a key', `[bond]\n= eth0\n${NET}`, ['line 2', 'not INI']],
  ['a YAML file', 'bond:\n  slaves: [eth0, wlan0]\n', ['line 1', 'not INI']],
  ['an empty file', '', ['[bond]', 'section is missing']],
  ['only comments', '; nothing here\n# at all\n', ['[bond]', 'section is missing']],
  ['a shell script', '#!/bin/sh\nip link add bond0 type bond\n', ['line 2', 'not INI']],
  ['a systemd unit instead', '[NetDev]\nName=bond0\nKind=bond\n', ['unknown section [NetDev]']],
  // Types: the wrong kind of value.
  ['boolean as a time', bond('miimon = true'), ['[bond] miimon', '"true" is not a time']],
  ['negative time', bond('updelay = -100'), ['[bond] updelay', '"-100" is not a time']],
  ['exponent notation', bond('miimon = 1e3'), ['[bond] miimon', '"1e3" is not a time']],
  ['hex number', bond('miimon = 0x64'), ['[bond] miimon', '"0x64" is not a time']],
  ['fractional count', bond('gratuitous_arp = 3.5'), ['[bond] gratuitous_arp', '"3.5"', '0 to 255']],
  ['negative count', bond('gratuitous_arp = -1'), ['[bond] gratuitous_arp', '"-1"', '0 to 255']],
  ['JSON array as a list', slaves('["eth0","wlan0"]'), ['[bond] slaves', "contains '['", 'inject']],
  ['two prefixes', net('address = 192.168.1.252/24/8'), ['[network] address', 'not in CIDR form']],
  ['port on a DNS server', net('address = 192.168.1.252/24\ndns = 8.8.8.8:53'), ['[network] dns', '"8.8.8.8:53" is not an IP address']],
  ['number as wireless', `${BOND}${NET}[slave.wlan0]\nwireless = 1\n`, ['[slave.wlan0] wireless', '"1" is not auto, yes or no']],
  // Ranges.
  ['time over the limit', bond('miimon = 601s'), ['[bond] miimon', 'longer than 600s']],
  ['time that overflows', bond('miimon = 99999999999999999999'), ['[bond] miimon', 'is not a time']],
  ['prefix 0', net('address = 192.168.1.252/0'), ['[network] address', 'invalid prefix length']],
  ['IPv6 prefix 129', net('address = fd00::2/129'), ['[network] address', 'invalid prefix length']],
  ['leading zero in an octet', net('address = 192.168.001.252/24'), ['[network] address', 'valid IP address']],
  [
    '17 ARP targets',
    arp('').replace('192.168.1.1\n', `${Array.from({ length: 17 }, (_, i) => `192.168.1.${i + 1}`).join(', ')}\n`),
    ['[bond] arp_ip_targets', '17 targets', 'at most 16'],
  ],
  // Cross-field rules.
  ['arp_validate without ARP monitoring', bond('arp_validate = all'), ['[bond] arp_validate', 'only applies to ARP monitoring']],
  ['IPv6 ARP target', arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = fd00::1'), ['[bond] arp_ip_targets', 'not IPv4']],
  [
    'ARP target twice',
    arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 192.168.1.1, 192.168.1.1'),
    ['[bond] arp_ip_targets', 'listed twice'],
  ],
  ['updelay with ARP monitoring', arp('updelay = 200ms'), ['[bond] updelay', 'only works with MII monitoring']],
  // ARP monitoring's newer keys: out-of-range counts, words the kernel does not know, injection attempts.
  ['arp_missed_max 0', arp('arp_missed_max = 0'), ['[bond] arp_missed_max', '"0"', '1 to 255']],
  ['arp_missed_max 256', arp('arp_missed_max = 256'), ['[bond] arp_missed_max', '"256"', '1 to 255']],
  ['arp_missed_max negative', arp('arp_missed_max = -2'), ['[bond] arp_missed_max', '"-2"', '1 to 255']],
  ['arp_missed_max with a unit', arp('arp_missed_max = 2s'), ['[bond] arp_missed_max', '"2s"', '1 to 255']],
  ['arp_missed_max in hex', arp('arp_missed_max = 0x2'), ['[bond] arp_missed_max', '"0x2"']],
  ['arp_missed_max with a second line', arp('arp_missed_max = 2\\nARPIntervalSec=1'), ['[bond] arp_missed_max', '1 to 255']],
  ['arp_missed_max without ARP monitoring', bond('arp_missed_max = 3'), ['[bond] arp_missed_max', 'only applies to ARP monitoring']],
  [
    'arp_all_targets not any|all',
    arp('arp_validate = active\narp_all_targets = every'),
    ['[bond] arp_all_targets', '"every" is not one of any, all'],
  ],
  [
    'arp_all_targets as a number',
    arp('arp_validate = active\narp_all_targets = 1'),
    ['[bond] arp_all_targets', '"1" is not one of any, all'],
  ],
  [
    'arp_all_targets with a networkd key glued on',
    arp('arp_validate = active\narp_all_targets = all ARPValidate=none'),
    ['[bond] arp_all_targets', 'not one of any, all'],
  ],
  [
    'arp_all_targets with arp_validate none',
    arp('arp_validate = none\narp_all_targets = all'),
    ['[bond] arp_all_targets', 'no effect with arp_validate = none'],
  ],
  ['arp_all_targets without ARP monitoring', bond('arp_all_targets = all'), ['[bond] arp_all_targets', 'only applies to ARP monitoring']],
  [
    'arp_validate filter (networkd 252 ignores it)',
    arp('arp_validate = filter'),
    ['[bond] arp_validate', '"filter" is not one of none, active, backup, all'],
  ],
  [
    'ARP monitoring without targets or an IPv4 gateway',
    `${BOND}miimon = 0\narp_interval = 200ms\n[network]\naddress = 192.168.1.252/24\n`,
    ['[bond] arp_interval', 'no IPv4 gateway to default to'],
  ],
  [
    'IPv6 gateway for an IPv4 network',
    net('address = 192.168.1.252/24\ngateway = fd00::1'),
    ['[network] gateway', 'outside every address', '192.168.1.0/24'],
  ],
  ['the bond as its own primary', bond('primary = bond0'), ['[bond] primary', 'not one of the slaves']],
  [
    'two slaves with the same standard address',
    `${BOND}${NET}[slave.eth0]\naddress = 192.168.1.9/24\n[slave.wlan0]\naddress = 192.168.1.9/24\n`,
    ['[slave.wlan0] address', "also eth0's standard address"],
  ],
  ['slave gateway without an address', `${BOND}${NET}[slave.eth0]\ngateway = 192.168.1.1\n`, ['[slave.eth0] gateway', 'no address']],
  // Addressing modes: networkd's own spellings, case, smuggled keys.
  ['ipv4 in upper case', net('ipv4 = DHCP'), ['[network] ipv4', '"DHCP" is not one of static, dhcp, off']],
  ['ipv4 = yes (networkd spelling)', net('ipv4 = yes'), ['[network] ipv4', '"yes" is not one of static, dhcp, off']],
  ['ipv6 = slaac', net('ipv6 = slaac'), ['[network] ipv6', '"slaac" is not one of static, ra, off']],
  ['ipv4 with a second networkd key', net('ipv4 = dhcp DHCP=yes'), ['[network] ipv4', 'is not one of static, dhcp, off']],
  ['ipv4 with a line break and section', net('ipv4 = "dhcp\\n[Network]\\nDHCP=yes"'), ['[network] ipv4', 'line break', 'inject']],
  ['ipv6 with a NUL', `${BOND}${NET}ipv6 = "ra\\u0000"\n`, ['[network] ipv6', 'U+0000']],
  // Injection into the generated networkd files.
  ['raw [Network] section', `${BOND}${NET}[Network]\nDNS=6.6.6.6\n`, ['unknown section [Network]', 'did you mean [network]?']],
  ['raw [Match] section with a wildcard', `${BOND}${NET}[Match]\nName=*\n`, ['unknown section [Match]']],
  ['networkd key in [bond]', bond('Name = *'), ['[bond] Name', 'unknown key Name']],
  ['line break and section in a quoted name', bond('name = "bond0\\n[Match]\\nName=*"'), ['[bond] name', 'line break', 'inject']],
  ['carriage return in a quoted name', bond('name = "bond0\\r"'), ['[bond] name', 'line break']],
  ['CR alone as a line break', `${BOND}name = bond0\r[Match]\rName=*\n${NET}`, ['unknown section [Match]']],
  ['NUL escaped in a quoted name', bond('name = "bo\\u0000nd0"'), ['[bond] name', 'U+0000']],
  ['escape sequence for the terminal', bond('name = "\\u001b]0;owned\\u0007"'), ['[bond] name', 'U+001B']],
  ['Unicode line separator in a name', bond('name = "bond0\\u2028x"'), ['[bond] name', 'whitespace']],
  ['shell substitution in a name', bond('name = $(reboot)'), ['[bond] name', '"$"']],
  ['backquotes in a slave name', slaves('eth0, `id`'), ['[bond] slaves', '"`"']],
  ['option injection through a slave name', slaves('-eth0, wlan0'), ['[bond] slaves', "starts with '-'", 'option']],
  ['option injection through the bond name', bond('name = --help'), ['[bond] name', "starts with '-'"]],
  ['a 60 KiB value on one line', bond(`name = ${'x'.repeat(60 * 1024)}`), ['line 3', 'longer than 1024 characters']],
  ['a 100 KiB file', `${BOND}${NET}${'; padding\n'.repeat(10_000)}`, ['larger than 64 KiB']],
  [
    '3000 unknown keys',
    `${BOND}${Array.from({ length: 3000 }, (_, i) => `k${i} = 1`).join('\n')}\n${NET}`,
    ['[bond] k0', 'unknown key k0'],
  ],
  // Paths: names that would climb out of /etc/systemd/network.
  ['bond name with ../', bond('name = ../../../tmp/x'), ['[bond] name', "contains '/'", 'outside /etc/systemd/network']],
  ['percent-encoded slash', slaves('eth0, ..%2fetc'), ['[bond] slaves', '"%"']],
  ['backslash in a name', bond('name = bond0\\\\x'), ['[bond] name', '"\\\\"']],
  ['slave section climbing up', `${BOND}${NET}[slave.../etc]\nwireless = no\n`, ['[slave.../etc]', "contains '/'"]],
  ['slave section for "."', `${BOND}${NET}[slave..]\nwireless = no\n`, ['[slave..]', '"."']],
  ['absolute path as a slave', slaves('eth0, /etc/passwd'), ['[bond] slaves', "contains '/'"]],
  ['overlong UTF-8 slash in a name', bytes(BOND, 'name = ..', [0xc0, 0xaf], 'etc\n', NET), ['line 3', 'not UTF-8', '0xc0']],
  // Unicode tricks.
  ['Cyrillic look-alike e in eth0', slaves('\u0435th0, wlan0'), ['[bond] slaves', 'U+0435']],
  ['zero-width space after eth0', slaves('eth0\u200b, wlan0'), ['[bond] slaves', 'U+200B']],
  ['right-to-left override in a name', slaves('eth0, wlan0\u202e'), ['[bond] slaves', 'U+202E']],
  ['fullwidth solidus', bond('name = ..\uff0fetc'), ['[bond] name', 'U+FF0F']],
  ['no-break space inside an address', net('address = 192.168.1.252\u00a0/24'), ['[network] address', 'valid IP address']],
  ['Cyrillic o in [bond]', `[b\u043end]\nslaves = eth0, wlan0\n${NET}`, ['unknown section [b\u043end]', 'did you mean [bond]?']],
  ['Arabic-Indic digits in a time', bond('miimon = \u0661\u0660\u0660ms'), ['[bond] miimon', 'is not a time']],
  ['fullwidth digits in an address', net('address = \uff11\uff19\uff12.168.1.252/24'), ['[network] address', 'valid IP address']],
  ['Latin-1 byte in a name', bytes(BOND, 'name = bond', [0xe9], '\n', NET), ['line 3', 'not UTF-8', '0xe9', 'ISO-8859-1']],
  ['UTF-16 file', Buffer.from(`${BOND}${NET}`, 'utf16le'), ['NUL bytes', 'binary']],
  ['emoji in a slave name', slaves('eth0, wlan0\u{1f600}'), ['[bond] slaves', 'U+1F600']],
  // Names and values a real networkd or kernel would reject or misread.
  ['bond named all', bond('name = all'), ['[bond] name', '"all"', 'systemd refuses']],
  ['bond named default', bond('name = default'), ['[bond] name', '"default"']],
  ['bond named 0', bond('name = 0'), ['[bond] name', 'all digits']],
  ['slave named 42', slaves('eth0, 42'), ['[bond] slaves', 'all digits']],
  ['address 0.0.0.0/24', net('address = 0.0.0.0/24'), ['[network] address', 'pick an address from a pool']],
  ['address ::/64', net('address = ::/64'), ['[network] address', 'unspecified']],
  ['loopback address', net('address = 127.0.0.1/8'), ['[network] address', 'loopback']],
  ['multicast address', net('address = 239.1.1.1/24'), ['[network] address', 'multicast']],
  ['limited broadcast address', net('address = 255.255.255.255/32'), ['[network] address', 'limited broadcast']],
  ['gateway = the bond address', net('address = 192.168.1.252/24\ngateway = 192.168.1.252'), ['[network] gateway', 'own address']],
  [
    'gateway = subnet broadcast',
    net('address = 192.168.1.252/24\ngateway = 192.168.1.255'),
    ['[network] gateway', 'broadcast address of 192.168.1.0/24'],
  ],
  ['gateway = network address', net('address = 10.1.0.2/16\ngateway = 10.1.0.0'), ['[network] gateway', 'network address of 10.1.0.0/16']],
  ['ARP target 0.0.0.0', arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 0.0.0.0'), ['[bond] arp_ip_targets', '0.0.0.0']],
  [
    'ARP target 255.255.255.255',
    arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 255.255.255.255'),
    ['[bond] arp_ip_targets', 'limited broadcast'],
  ],
  // ARP targets no host answers: the gateway's address rules, and ARP stays on the link.
  [
    'ARP target = the bond address',
    arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 192.168.1.252'),
    ['[bond] arp_ip_targets', "the bond's own address"],
  ],
  [
    'ARP target = subnet broadcast',
    arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 192.168.1.255'),
    ['[bond] arp_ip_targets', 'broadcast address of 192.168.1.0/24'],
  ],
  [
    'ARP target = network address',
    arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 192.168.1.0'),
    ['[bond] arp_ip_targets', 'network address of 192.168.1.0/24'],
  ],
  [
    "ARP target = the bond's second address",
    net('address = 10.1.0.2/16, 192.168.1.252/24\ngateway = 192.168.1.1').replace(
      '[network]',
      'miimon = 0\narp_interval = 200ms\narp_ip_targets = 10.1.0.2\n[network]',
    ),
    ['[bond] arp_ip_targets', "the bond's own address (10.1.0.2/16)"],
  ],
  [
    'ARP target beyond the router',
    arp('').replace('arp_ip_targets = 192.168.1.1', 'arp_ip_targets = 1.1.1.1'),
    ['[bond] arp_ip_targets', "outside the bond's subnets", 'ARP only reaches hosts on the'],
  ],
  ['DNS 255.255.255.255', net('address = 192.168.1.252/24\ndns = 255.255.255.255'), ['[network] dns', 'limited broadcast']],
  ['DNS twice in two spellings', net('address = fd00::2/64\ndns = fd00::9, fd00:0::9'), ['[network] dns', 'listed twice', 'fd00::9']],
  [
    'standard address twice in two spellings',
    `${BOND}${NET}[slave.eth0]\naddress = fd00::9/64\ngateway =\n[slave.wlan0]\naddress = fd00:0::9/64\ngateway =\n`,
    ['[slave.wlan0] address', "also eth0's standard address"],
  ],
  ['miimon 600s: default updelay 1200s', bond('miimon = 600s'), ['[bond] miimon', '2 × miimon = 1200s']],
  ['dns list separated by ;', net('address = 192.168.1.252/24\ndns = 1.1.1.1;8.8.8.8'), ['[network] dns', '"8.8.8.8" would be dropped']],
  ['link-local gateway on an IPv4-only bond', net('address = 192.168.1.252/24\ngateway = fe80::1'), ['[network] gateway', 'link-local']],
  // Wifi power save and permanent MACs: both end up in a udev rule that root runs (RUN+=) and in [Match].
  [
    'power_save maybe',
    slave('wlan0', 'wireless = yes\npower_save = maybe'),
    ['[slave.wlan0] power_save', '"maybe" is not one of off, on, keep'],
  ],
  ['power_save 0', slave('wlan0', 'wireless = yes\npower_save = 0'), ['[slave.wlan0] power_save', '"0" is not one of']],
  [
    'power_save breaking out of the udev rule',
    slave('wlan0', 'wireless = yes\npower_save = off", RUN+="/bin/sh -c reboot'),
    ['[slave.wlan0] power_save', 'is not one of off, on, keep'],
  ],
  [
    'power_save on a wired slave',
    slave('eth0', 'wireless = no\npower_save = off'),
    ['[slave.eth0] power_save', 'power_save is a wifi setting, and eth0 is not wireless'],
  ],
  ['mac all zeros', slave('eth0', 'mac = 00:00:00:00:00:00'), ['[slave.eth0] mac', 'a link without a permanent MAC']],
  ['mac broadcast', slave('eth0', 'mac = ff:ff:ff:ff:ff:ff'), ['[slave.eth0] mac', 'broadcast address']],
  ['mac multicast', slave('eth0', 'mac = 01:00:5e:00:00:01'), ['[slave.eth0] mac', 'multicast address']],
  ['mac with five bytes', slave('eth0', 'mac = dc:a6:32:12:34'), ['[slave.eth0] mac', '"dc:a6:32:12:34" is not a MAC address']],
  ['mac with dashes', slave('eth0', 'mac = dc-a6-32-12-34-56'), ['[slave.eth0] mac', 'is not a MAC address']],
  ['mac glob', slave('eth0', 'mac = dc:a6:32:*'), ['[slave.eth0] mac', 'is not a MAC address']],
  [
    'mac breaking out of the udev rule',
    slave('wlan0', 'wireless = yes\nmac = dc:a6:32:12:34:56", RUN+="/bin/sh'),
    ['[slave.wlan0] mac', 'is not a MAC address'],
  ],
  [
    'mac with fullwidth colons',
    slave('eth0', 'mac = dc\uff1aa6\uff1a32\uff1a12\uff1a34\uff1a56'),
    ['[slave.eth0] mac', 'is not a MAC address'],
  ],
  [
    'one mac on two slaves',
    `${BOND}${NET}[slave.eth0]\nmac = dc:a6:32:12:34:56\n[slave.wlan0]\nmac = DC:A6:32:12:34:56\n`,
    ['[slave.wlan0] mac', "dc:a6:32:12:34:56 is also eth0's permanent MAC"],
  ],
];
