// A copy of /proc/net/bonding cut anywhere, pasted twice or edited is refused, or reports exactly what the whole
// file says: every real capture cut at every character, plus concatenations and duplicated slave blocks.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import { parseProcBonding } from '../../../src/observe/proc-parser.js';
import { isBondifyError } from '../../../src/errors.js';
import type { BondState } from '../../../src/observe/types.js';

const DIR = fileURLToPath(new URL('../../fixtures/proc-bonding/', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const read = (name: string) => readFileSync(DIR + name, 'utf8');
const parse = (text: string) => parseProcBonding(text, { bond: 'bond0', file: 'copy.txt' });

function outcome(text: string): BondState | 'refused' {
  try {
    return parse(text);
  } catch (e) {
    if (isBondifyError(e) && e.kind === 'data') return 'refused';
    throw e;
  }
}

/** What a cut reports that differs from the whole file: every bond value equal, its slaves a prefix of the whole's. */
function differences(cut: BondState, whole: BondState): string[] {
  const { slaves: cs, ...cm } = cut;
  const { slaves: ws, ...wm } = whole;
  const out = Object.keys(wm)
    .filter((k) => JSON.stringify(cm[k as keyof typeof cm]) !== JSON.stringify(wm[k as keyof typeof wm]))
    .map((k) => `bond ${k}`);
  cs.forEach((s, i) => {
    if (JSON.stringify(s) !== JSON.stringify(ws[i])) out.push(`slave ${i} (${s.name})`);
  });
  return out;
}

// Each capture as published (LF) and as pasted from Windows (CRLF), where a cut can also fall between \r and \n.
const VARIANTS = FILES.flatMap(
  (f) =>
    [
      [f, 'LF'],
      [f, 'CRLF'],
    ] as const,
);
const textOf = (file: string, ends: 'LF' | 'CRLF') => (ends === 'LF' ? read(file) : read(file).replace(/\n/g, '\r\n'));

describe('every real capture cut at every character', () => {
  const totals = { cuts: 0, accepted: 0, wrong: 0 };
  afterAll(() =>
    recordFigure({
      name: 'cut captures',
      tried: totals.cuts,
      counts: { 'refused or exact': totals.cuts - totals.wrong },
      note: `${totals.accepted} accepted with the whole file's values`,
    }),
  );

  it.each(VARIANTS)("%s (%s): each accepted cut reports only the whole file's values", (file, ends) => {
    const text = textOf(file, ends);
    const whole = parse(text);
    const wrong: string[] = [];
    for (let i = 0; i < text.length; i++) {
      const r = outcome(text.slice(0, i));
      totals.cuts++;
      if (r === 'refused') continue;
      totals.accepted++;
      const d = differences(r, whole);
      if (d.length > 0) totals.wrong++;
      if (d.length > 0) wrong.push(`cut at ${i} (${JSON.stringify(text.slice(Math.max(0, i - 20), i))}): ${d.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('accepts whole-line cuts that lose no reported value (the property is not vacuous)', () => {
    const text = read('otus-3.7.1-active-backup-fail-over-mac.txt');
    const cut = parse(text.slice(0, text.lastIndexOf('Slave queue ID')));
    expect(cut.slaves.map((s) => s.name)).toEqual(['eth1', 'eth2']);
    expect(totals.accepted).toBeGreaterThan(0);
  });
});

describe('copies that are not one whole file', () => {
  const AB = read('otus-3.7.1-active-backup-fail-over-mac.txt');
  const RR = read('insights-3.7.1-balance-rr.txt');
  const cases: Array<[string, string, RegExp]> = [
    ['the same capture twice', AB + AB, /twice/],
    ['two different captures', AB + RR, /twice/],
    ['a cut capture followed by a whole one', AB.slice(0, AB.indexOf('Slave Interface: eth2')) + RR, /twice/],
    [
      'a value cut short: miimon 10 of 100',
      AB.slice(0, AB.indexOf('MII Polling Interval (ms): 100') + 'MII Polling Interval (ms): 10'.length),
      /middle of a line.*"MII Polling Interval \(ms\): 10"/,
    ],
    ['a whole line but the file stops before the delays', AB.slice(0, AB.indexOf('Up Delay')), /no "Up Delay \(ms\)" line/],
    [
      'a duplicated slave block',
      AB.replace('\nSlave Interface: eth2', '\nSlave Interface: eth1\nMII Status: up\n\nSlave Interface: eth2'),
      /slave "eth1" twice/,
    ],
    ['an empty slave name', AB.replace('Slave Interface: eth2', 'Slave Interface:'), /without an interface name/],
    ['a key twice in one slave block', AB.replace('Duplex: full\n', 'Duplex: full\nDuplex: half\n'), /"Duplex" twice/],
    ['the last slave stops before its MAC', AB.slice(0, AB.lastIndexOf('Permanent HW addr')), /slave "eth2" has no "Permanent HW addr"/],
    [
      'ARP interval without its targets',
      read('insights-3.7.1-active-backup-arp.txt').replace(/ARP IP target.*\n/, ''),
      /no "ARP IP target\/s" line/,
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    expect(() => parse(text)).toThrow(expect.objectContaining({ kind: 'data', message: expect.stringMatching(message) }));
  });
});
