// Pure parser of /proc/net/bonding/<bond> text (kernels 2.6 → 6.x, every mode). Unknown lines are ignored;
// a file that is not one whole bonding status file (binary, foreign, cut short, two pasted together) is a 'data'
// error: what it reports is exactly what the whole file says, or nothing.
import { BondifyError } from '../errors.js';
import { shortModeName, usesPrimary } from './modes.js';
import * as v from './proc-values.js';
import { readSettings } from './settings-read.js';
import type { BondMode, BondState, SlaveState } from './types.js';

export interface ParseOptions {
  /** The bond's name (the file name under /proc/net/bonding, or --bond for a saved file). */
  bond: string;
  /** How to name the input in error messages. */
  file: string;
}

// Every key the kernel prints that the parser reads; a second one in the same block means two captures pasted
// together (or an edited file), not a kernel file.
const KNOWN_KEYS = new Set([
  'Ethernet Channel Bonding Driver',
  'Bonding Mode',
  'Primary Slave',
  'Currently Active Slave',
  'MII Status',
  'MII Polling Interval (ms)',
  'Up Delay (ms)',
  'Down Delay (ms)',
  'ARP Polling Interval (ms)',
  'ARP IP target/s (n.n.n.n form)',
  'Slave Interface',
  'Speed',
  'Duplex',
  'Link Failure Count',
  'Permanent HW addr',
  'Aggregator ID',
  'Slave queue ID',
  'Peer Notification Delay (ms)',
  'ARP Missed Max',
]);
/** The slave lines a report is made of, in the kernel's order. */
const SLAVE_VALUES = ['MII Status', 'Speed', 'Duplex', 'Link Failure Count', 'Permanent HW addr', 'Aggregator ID'];

type Fields = Map<string, string>;
interface Parsed {
  master: Fields;
  slaves: Fields[];
}

function fail(o: ParseOptions, message: string, fix: string): never {
  throw new BondifyError('data', message, { file: o.file, fix });
}

const AGAIN = 'copy the whole file again, once (cat /proc/net/bonding/<bond> > file)';

/** Splits "Key: value" lines into the bond's section and one section per slave, refusing a key seen twice. */
function sections(lines: string[], o: ParseOptions): Parsed {
  const master: Fields = new Map();
  const slaves: Fields[] = [];
  const names = new Map<string, number>();
  let current = master;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon <= 0) return; // blank lines, "802.3ad info", a stray "Speed": not ours
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'Slave Interface') {
      if (value === '') fail(o, `line ${i + 1} is "Slave Interface:" without an interface name`, AGAIN);
      const first = names.get(value);
      if (first !== undefined)
        fail(o, `lists slave ${JSON.stringify(value)} twice (lines ${first} and ${i + 1}): two captures pasted together?`, AGAIN);
      names.set(value, i + 1);
      current = new Map([[key, value]]);
      slaves.push(current);
      return;
    }
    // The driver and mode lines open the file: finding one again (in any block) means a second capture follows.
    const opener = key === 'Ethernet Channel Bonding Driver' || key === 'Bonding Mode';
    if (KNOWN_KEYS.has(key) && (current.has(key) || (opener && master.has(key)))) {
      fail(o, `holds "${key}" twice (again on line ${i + 1}): two captures pasted together, or an edited file`, AGAIN);
    }
    // Unknown keys keep the first value: "Aggregator ID" inside "Active Aggregator Info" comes after none of ours.
    if (!current.has(key)) current.set(key, value);
  });
  return { master, slaves };
}

function checkText(text: string, o: ParseOptions): string[] {
  // eslint-disable-next-line no-control-regex
  if (text.length > 1 << 20 || /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) {
    fail(o, 'is binary or far too large to be a /proc/net/bonding file', 'pass the text of /proc/net/bonding/<bond>');
  }
  // The kernel ends every line with a line break, so a copy that does not stops inside its last line, whose value
  // may be a prefix of the real one ("10" of "100"). Trailing blanks carry no value and are allowed.
  // A loop, not /[ \t]+$/: that regex takes quadratic time on a long run of blanks that is not at the end.
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const body = text.slice(0, end);
  const lines = body.split(/\r?\n/);
  if (body !== '' && !body.endsWith('\n')) {
    fail(o, `is cut short: it ends in the middle of a line (${JSON.stringify(lines[lines.length - 1]?.trim() ?? '')})`, AGAIN);
  }
  return lines;
}

/** The bond's lines every kernel prints, and the ARP target line that always follows the ARP interval. */
function checkMaster(p: Parsed, o: ParseOptions): void {
  const m = p.master;
  for (const key of ['MII Status', 'MII Polling Interval (ms)', 'Up Delay (ms)', 'Down Delay (ms)']) {
    if (!m.has(key)) fail(o, `is cut short: the bond has no "${key}" line`, AGAIN);
  }
  if (m.has('ARP Polling Interval (ms)') && !m.has('ARP IP target/s (n.n.n.n form)')) {
    fail(o, 'is cut short: the bond has an "ARP Polling Interval" line but no "ARP IP target/s" line after it', AGAIN);
  }
  if (p.slaves.length === 0) checkNoSlave(m, o);
}

/**
 * A file without a slave block is a bond without a slave, unless the bond's own lines need one: a primary or an
 * active slave named, or the bond's carrier up (the kernel takes it down with its last slave). Those show a copy
 * cut before its slaves. A copy cut at a line end before lines that say nothing of a slave (the ARP lines) cannot
 * be told from a whole file; read as one, it reports no slave (CRITICAL) whatever the lines it lost said.
 */
function checkNoSlave(m: Fields, o: ParseOptions): void {
  for (const key of ['Primary Slave', 'Currently Active Slave']) {
    const name = v.text(/^\S+/.exec(m.get(key) ?? '')?.[0]); // "eth0 (primary_reselect always)": the name alone
    if (name !== null) fail(o, `is cut short: its "${key}" is ${name}, but it lists no slave`, AGAIN);
  }
  if (v.bondMii(m.get('MII Status')) === 'up') {
    fail(o, "is cut short: the bond's MII status is up, but it lists no slave (the kernel takes a bond down with its last slave)", AGAIN);
  }
}

/**
 * Which slave lines a whole block has: what every other block of the file has (a block followed by another is
 * whole), and at least what this kernel always prints — Link Failure Count; Permanent HW addr since driver 3
 * (2.6.1 printed none); Aggregator ID in 802.3ad. A block cut after these lines loses only lines not reported.
 */
function checkSlaves(p: Parsed, mode: BondMode, o: ParseOptions): void {
  const major = Number(/^v?(\d+)\./.exec(p.master.get('Ethernet Channel Bonding Driver') ?? '')?.[1] ?? '99');
  const needed = new Set(['MII Status', 'Link Failure Count']);
  if (major >= 3) needed.add('Permanent HW addr');
  if (mode === '802.3ad') needed.add('Aggregator ID');
  for (const f of p.slaves) for (const key of SLAVE_VALUES) if (f.has(key)) needed.add(key);
  for (const f of p.slaves) {
    const missing = SLAVE_VALUES.find((key) => needed.has(key) && !f.has(key));
    if (missing !== undefined)
      fail(o, `is cut short: slave ${JSON.stringify(f.get('Slave Interface') ?? '')} has no "${missing}" line`, AGAIN);
  }
}

function slaveState(f: Fields): SlaveState {
  return {
    name: f.get('Slave Interface') ?? '',
    miiStatus: v.slaveMii(f.get('MII Status')),
    speedMbps: v.speed(f.get('Speed')),
    duplex: v.duplex(f.get('Duplex')),
    linkFailures: v.int(f.get('Link Failure Count')),
    permHwAddr: v.mac(f.get('Permanent HW addr')),
    aggregatorId: v.int(f.get('Aggregator ID')),
  };
}

export function parseProcBonding(text: string, o: ParseOptions): BondState {
  const parsed = sections(checkText(text, o), o);
  const { master: m, slaves } = parsed;
  const modeLine = m.get('Bonding Mode');
  if (modeLine === undefined) {
    fail(o, 'is not a bonding status file: it has no "Bonding Mode:" line', 'pass a copy of /proc/net/bonding/<bond>');
  }
  // No leading \s*: unanchored, it would take quadratic time on a long run of blanks (shortModeName trims).
  const fom = /\(fail_over_mac\s+(\w+)\)\s*$/.exec(modeLine);
  const mode = shortModeName(fom ? modeLine.slice(0, fom.index) : modeLine);
  if (mode === null) {
    fail(o, `names a bonding mode bondify does not know: ${JSON.stringify(modeLine)}`, 'pass a Linux /proc/net/bonding file');
  }
  checkMaster(parsed, o);
  checkSlaves(parsed, mode, o);
  const primary = /^(\S+)(?:\s+\(primary_reselect\s+(\w+)\))?$/.exec(m.get('Primary Slave') ?? '');
  const primaryName = v.text(primary?.[1]);
  // The ARP lines are printed only while ARP monitoring runs: no line is 0, off.
  const settings = readSettings((row) =>
    row.kernel.proc === null ? undefined : (m.get(row.kernel.proc) ?? (row.field === 'arpIntervalMs' ? '0' : undefined)),
  );
  return {
    bond: o.bond,
    mode,
    ...settings,
    // The kernel prints the suffix only when it is not "none", and only in active-backup.
    failOverMac: fom ? v.failOverMac(fom[1]) : mode === 'active-backup' ? 'none' : null,
    primary: primaryName,
    primaryReselect: primaryName === null ? null : v.primaryReselect(primary?.[2]),
    activeSlave: usesPrimary(mode) || m.has('Currently Active Slave') ? v.text(m.get('Currently Active Slave')) : null,
    miiStatus: v.bondMii(m.get('MII Status')),
    slaves: slaves.map(slaveState),
    driver: v.text(m.get('Ethernet Channel Bonding Driver')),
    sources: ['proc'],
    notes: [],
  };
}
