// Hostile and broken /proc/net/bonding inputs for `status --bonding-file` and `check --bonding-file`: cut short,
// binary, huge, foreign files, terminal escapes, devices and things that are not files at all.
// Each: [what, content (or a special path to pass), parts the error message must contain].
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CAPTURES = fileURLToPath(new URL('../../fixtures/proc-bonding/', import.meta.url));
export const capture = (name: string): string => fs.readFileSync(CAPTURES + name, 'utf8');

/** A special input: a path made at run time rather than a file's content. */
export type Special = { special: 'missing' | 'directory' | 'dev-zero' | 'symlink-to-dev-zero' | 'dev-null' };
export type BondingCase = [string, string | Buffer | Special, string[]];

const AB = capture('otus-3.7.1-active-backup-fail-over-mac.txt');
const RR = capture('insights-3.7.1-balance-rr.txt');
const cutAt = (text: string, marker: string, extra: number) => text.slice(0, text.indexOf(marker) + extra);

export const HOSTILE_BONDING: BondingCase[] = [
  // Truncated.
  ['empty file', '', ['no "Bonding Mode:" line']],
  ['cut inside a key', cutAt(AB, 'MII Polling', 6), ['cut short', '"MII Po"']],
  ['cut after a slave header', cutAt(AB, 'Slave Interface: eth2', 22), ['cut short', 'slave "eth2" has no "MII Status"']],
  ['cut inside a slave name', cutAt(AB, 'Slave Interface: eth2', 21), ['cut short', 'middle of a line', '"Slave Interface: eth2"']],
  ['cut inside the driver line', AB.slice(0, 40), ['cut short', 'middle of a line']],
  ['cut before the bond MII status', cutAt(AB, 'MII Status', 0), ['cut short', 'no "MII Status" line']],
  [
    'cut inside a key, CRLF line ends',
    AB.replace(/\n/g, '\r\n').slice(0, AB.indexOf('Slave Interface: eth2') + 30),
    ['cut short', '"Slave Interf"'],
  ],
  ['balance-rr cut after its first slave name', cutAt(RR, 'Slave Interface', 22), ['cut short', 'has no "MII Status"']],
  [
    'cut inside a value (miimon 10 of 100)',
    cutAt(AB, 'MII Polling Interval (ms): 100', 29),
    ['cut short', 'middle of a line', '"MII Polling Interval (ms): 10"'],
  ],
  ['cut at a line end before the delays', cutAt(AB, 'Up Delay', 0), ['cut short', 'no "Up Delay (ms)" line']],
  [
    'last slave cut before its MAC',
    AB.slice(0, AB.lastIndexOf('Permanent HW addr')),
    ['cut short', 'slave "eth2" has no "Permanent HW addr" line'],
  ],
  ['cut at a line end before the slaves (a primary named)', cutAt(AB, '\nSlave Interface', 1), ['cut short', '"Primary Slave" is eth1']],
  ['balance-rr cut before its slaves (the bond up)', cutAt(RR, '\nSlave Interface', 1), ['cut short', 'MII status is up', 'no slave']],
  [
    'ARP bond cut before its ARP lines and slaves',
    cutAt(capture('insights-3.7.1-active-backup-arp.txt'), 'ARP Polling', 0),
    ['cut short', '"Primary Slave" is em3, but it lists no slave'],
  ],
  [
    'cut between ARP interval and targets',
    cutAt(capture('insights-3.7.1-active-backup-arp.txt'), 'ARP IP target', 0),
    ['cut short', 'no "ARP IP target/s" line'],
  ],
  // Pasted together or edited.
  ['two captures concatenated', AB + RR, ['"Ethernet Channel Bonding Driver" twice', 'pasted together']],
  ['a cut capture with a whole one after it', cutAt(AB, 'Slave Interface: eth2', 0) + AB, ['twice', 'pasted together']],
  [
    'a slave block duplicated',
    AB.replace('\nSlave Interface: eth2', '\nSlave Interface: eth1\nMII Status: up\n\nSlave Interface: eth2'),
    ['slave "eth1" twice'],
  ],
  ['an empty slave name', AB.replace('Slave Interface: eth2', 'Slave Interface: '), ['"Slave Interface:" without an interface name']],
  [
    'constructor as the mode',
    AB.replace(/Bonding Mode: .*/, 'Bonding Mode: constructor'),
    ['bonding mode bondify does not know', '"constructor"'],
  ],
  [
    '__proto__ as the mode',
    AB.replace(/Bonding Mode: .*/, 'Bonding Mode: __proto__'),
    ['bonding mode bondify does not know', '"__proto__"'],
  ],
  // Binary.
  ['an ELF binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, ...Buffer.from('x'.repeat(64))]), ['binary']],
  ['NUL bytes only', Buffer.alloc(32), ['binary']],
  ['UTF-16 copy of a capture', Buffer.from(AB, 'utf16le'), ['binary']],
  ['gzip of a capture', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x02]), ['binary']],
  ['terminal escape in a slave name', AB.replace('Slave Interface: eth1', 'Slave Interface: eth1\u001b]0;owned\u0007'), ['binary']],
  ['Latin-1 bytes', Buffer.from([0x42, 0x6f, 0x6e, 0x64, 0xe9, 0xe8, 0x0a]), ['no "Bonding Mode:" line']],
  // Huge.
  ['2 MiB of slave sections', AB + 'Slave Interface: x\nMII Status: up\n'.repeat(70_000), ['far too large']],
  ['/dev/zero', { special: 'dev-zero' }, ['is a device, not a regular file']],
  ['a symlink to /dev/zero', { special: 'symlink-to-dev-zero' }, ['is a device, not a regular file']],
  // Foreign.
  [
    '/proc/net/dev',
    'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs\n    lo: 1234 12 0 0 0 0 0 0 1234 12 0 0 0 0 0 0\n',
    ['no "Bonding Mode:" line'],
  ],
  ['/proc/cpuinfo', 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n', ['no "Bonding Mode:" line']],
  ['JSON', '{"mode":"active-backup","slaves":["eth0","wlan0"]}\n', ['no "Bonding Mode:" line']],
  [
    'teamdctl state',
    'setup:\n  runner: activebackup\nports:\n  eth0\n    link watches:\n      link summary: up\n',
    ['no "Bonding Mode:" line'],
  ],
  ['an HTML error page', '<html><body>404 Not Found</body></html>\n', ['no "Bonding Mode:" line']],
  [
    'a mode from nowhere',
    AB.replace(/Bonding Mode: .*/, 'Bonding Mode: quantum entanglement'),
    ['bonding mode bondify does not know', '"quantum entanglement"'],
  ],
  ['an empty mode', AB.replace(/Bonding Mode: .*/, 'Bonding Mode: '), ['bonding mode bondify does not know', '""']],
  ['only colons for a mode', 'Bonding Mode: : : :\n', ['bonding mode bondify does not know']],
  [
    'mode line only inside a slave',
    'Slave Interface: eth0\nBonding Mode: fault-tolerance (active-backup)\nMII Status: up\n',
    ['no "Bonding Mode:" line'],
  ],
  ['bond without MII status', AB.replace(/^MII Status: up\n/m, ''), ['cut short', 'no "MII Status" line']],
  // Not a readable file.
  ['a missing file', { special: 'missing' }, ['does not exist']],
  ['a directory', { special: 'directory' }, ['is a directory']],
  ['/dev/null', { special: 'dev-null' }, ['is a device, not a regular file']],
];

/**
 * Slave names a /proc copy may hold that a terminal would act on (C1 controls are valid in kernel names; bidi
 * overrides too): status and check read the file and must show each escaped. [what, the characters].
 */
export const HOSTILE_NAMES: Array<[string, string]> = [
  ['C1 CSI clearing the screen', '\u009b2J'],
  ['C1 OSC setting the window title', '\u009d0;owned\u009c'],
  ['right-to-left override', '\u202e'],
  ['bidi isolates', '\u2066x\u2069'],
  ['left-to-right and right-to-left marks', '\u200e\u200f'],
  ['vertical tab', '\u000b'],
  ['form feed', '\u000c'],
  ['line separator', '\u2028'],
  ['zero-width space', '\u200b'],
];

/** The capture with eth1 renamed to hold the hostile characters. */
export const withHostileName = (chars: string): string => AB.replaceAll('eth1', `eth${chars}1`);
