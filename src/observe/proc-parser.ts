// Pure parser of /proc/net/bonding/<bond> text (kernels 2.6 → 6.x, every mode). Unknown lines are ignored;
// a file that is not a bonding status file at all (binary, foreign, cut short) is a 'data' error.
import { BondifyError } from '../errors.js';
import { shortModeName, usesPrimary } from './modes.js';
import * as v from './proc-values.js';
import type { BondState, SlaveState } from './types.js';

export interface ParseOptions {
  /** The bond's name (the file name under /proc/net/bonding, or --bond for a saved file). */
  bond: string;
  /** How to name the input in error messages. */
  file: string;
}

// Every key the kernel prints that the parser reads; used to spot a file cut in the middle of one.
const KNOWN_KEYS = ['Ethernet Channel Bonding Driver', 'Bonding Mode', 'Primary Slave', 'Currently Active Slave',
  'MII Status', 'MII Polling Interval (ms)', 'Up Delay (ms)', 'Down Delay (ms)', 'ARP Polling Interval (ms)',
  'ARP IP target/s (n.n.n.n form)', 'Slave Interface', 'Speed', 'Duplex', 'Link Failure Count', 'Permanent HW addr',
  'Aggregator ID', 'Slave queue ID', 'Peer Notification Delay (ms)'];

type Fields = Map<string, string>;

/** Splits "Key: value" lines into the bond's section and one section per slave, keeping the first of each key. */
function sections(lines: string[]): { master: Fields; slaves: Fields[] } {
  const master: Fields = new Map();
  const slaves: Fields[] = [];
  let current = master;
  for (const raw of lines) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // blank lines, "802.3ad info", a stray "Speed": not ours
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'Slave Interface') {
      current = new Map([[key, value]]);
      slaves.push(current);
    } else if (!current.has(key)) {
      current.set(key, value); // first wins: "Aggregator ID" inside "Active Aggregator Info" comes after none of ours
    }
  }
  return { master, slaves };
}

function fail(o: ParseOptions, message: string, fix: string): never {
  throw new BondifyError('data', message, { file: o.file, fix });
}

function checkText(text: string, o: ParseOptions): string[] {
  // eslint-disable-next-line no-control-regex
  if (text.length > 1 << 20 || /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) {
    fail(o, 'is binary or far too large to be a /proc/net/bonding file', 'pass the text of /proc/net/bonding/<bond>');
  }
  const lines = text.split(/\r?\n/);
  const last = lines[lines.length - 1]?.trim() ?? '';
  if (last !== '' && !last.includes(':') && KNOWN_KEYS.some((k) => k.startsWith(last) && k !== last)) {
    fail(o, `is cut short: it ends in the middle of a line (${JSON.stringify(last)})`, 'copy the whole file again');
  }
  return lines;
}

function slaveState(f: Fields, o: ParseOptions): SlaveState {
  const name = f.get('Slave Interface') ?? '';
  if (!f.has('MII Status')) {
    fail(o, `is cut short: slave ${JSON.stringify(name)} has no "MII Status" line`, 'copy the whole file again');
  }
  return {
    name,
    miiStatus: v.slaveMii(f.get('MII Status')),
    speedMbps: v.speed(f.get('Speed')),
    duplex: v.duplex(f.get('Duplex')),
    linkFailures: v.int(f.get('Link Failure Count')),
    permHwAddr: v.mac(f.get('Permanent HW addr')),
    aggregatorId: v.int(f.get('Aggregator ID')),
  };
}

export function parseProcBonding(text: string, o: ParseOptions): BondState {
  const { master: m, slaves } = sections(checkText(text, o));
  const modeLine = m.get('Bonding Mode');
  if (modeLine === undefined) {
    fail(o, 'is not a bonding status file: it has no "Bonding Mode:" line', 'pass a copy of /proc/net/bonding/<bond>');
  }
  const fom = /\s*\(fail_over_mac\s+(\w+)\)\s*$/.exec(modeLine);
  const mode = shortModeName(fom ? modeLine.slice(0, fom.index) : modeLine);
  if (mode === null) {
    fail(o, `names a bonding mode bondify does not know: ${JSON.stringify(modeLine)}`, 'pass a Linux /proc/net/bonding file');
  }
  if (!m.has('MII Status')) {
    fail(o, 'is cut short: the bond has no "MII Status" line', 'copy the whole file again');
  }
  const primary = /^(\S+)(?:\s+\(primary_reselect\s+(\w+)\))?$/.exec(m.get('Primary Slave') ?? '');
  const primaryName = v.text(primary?.[1]);
  const arpInterval = v.int(m.get('ARP Polling Interval (ms)'));
  return {
    bond: o.bond,
    mode,
    // The kernel prints the suffix only when it is not "none", and only in active-backup.
    failOverMac: fom ? v.failOverMac(fom[1]) : mode === 'active-backup' ? 'none' : null,
    primary: primaryName,
    primaryReselect: primaryName === null ? null : v.primaryReselect(primary?.[2]),
    activeSlave: usesPrimary(mode) || m.has('Currently Active Slave') ? v.text(m.get('Currently Active Slave')) : null,
    miiStatus: v.bondMii(m.get('MII Status')),
    miimonMs: v.int(m.get('MII Polling Interval (ms)')),
    updelayMs: v.int(m.get('Up Delay (ms)')),
    downdelayMs: v.int(m.get('Down Delay (ms)')),
    arpIntervalMs: arpInterval === 0 ? null : arpInterval,
    arpIpTargets: v.ipList(m.get('ARP IP target/s (n.n.n.n form)')),
    slaves: slaves.map((s) => slaveState(s, o)),
    driver: v.text(m.get('Ethernet Channel Bonding Driver')),
    sources: ['proc'],
    notes: [],
  };
}
