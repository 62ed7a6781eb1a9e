// Inputs for the fuzzer: random text and bytes, real inputs (the /proc/net/bonding captures, the golden
// bondify.ini files) cut and mutated, and text built from the right vocabulary so it gets past the first checks.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const readDir = (dir, pick) =>
  fs
    .readdirSync(here(dir))
    .filter(pick)
    .sort()
    .map((n) => fs.readFileSync(here(dir) + n, 'utf8'));

export const CAPTURES = readDir('../../fixtures/proc-bonding/', (n) => n.endsWith('.txt'));
export const GOLDEN_CONFIGS = fs
  .readdirSync(here('../../golden/'))
  .sort()
  .map((d) => fs.readFileSync(here(`../../golden/${d}/bondify.ini`), 'utf8'));

const PROC_KEYS = [
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
];
const PROC_VALUES = [
  'fault-tolerance (active-backup)',
  'fault-tolerance (active-backup) (fail_over_mac active)',
  'load balancing (round-robin)',
  'IEEE 802.3ad Dynamic link aggregation',
  'up',
  'down',
  'going back',
  'eth0 (primary_reselect always)',
  'None',
  '100',
  '-1',
  '1000 Mbps',
  'Unknown',
  'full',
  'half',
  '08:00:27:99:e7:e7',
  '192.168.1.1,10.0.0.1',
  '99999999999999999999',
];

const SECTIONS = ['bond', 'network', 'slave.eth0', 'slave.wlan0', 'slave.eth1', 'Bond', 'slave.', 'slave.x/y'];
const KEYS = [
  'name',
  'slaves',
  'primary',
  'miimon',
  'updelay',
  'downdelay',
  'primary_reselect',
  'fail_over_mac',
  'gratuitous_arp',
  'arp_interval',
  'arp_ip_targets',
  'arp_validate',
  'address',
  'gateway',
  'dns',
  'wireless',
];
const VALUES = [
  'eth0, wlan0',
  'eth0',
  'wlan0',
  'eth1',
  'bond0',
  '0',
  '100',
  '100ms',
  '200ms',
  '1s',
  '600s',
  '601s',
  'always',
  'better',
  'failure',
  'none',
  'active',
  'follow',
  'all',
  'backup',
  '3',
  '255',
  '256',
  'auto',
  'yes',
  'no',
  '192.168.1.252/24',
  '192.168.1.25/24',
  '192.168.1.1',
  '192.168.1.1, 8.8.8.8',
  '10.0.0.2/8',
  'fd00::2/64',
  'fd00::1',
  '::ffff:192.168.1.1',
  '',
  '"quoted"',
  'a;b',
  'x\\y',
];

/** Line-level and character-level damage to a real input, applied in sequence. */
function mutations(fc) {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  const noise = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii', maxLength: 40 }));
  return fc.oneof(
    fc.record({ op: fc.constant('truncate'), at }),
    fc.record({ op: fc.constant('delete-line'), at }),
    fc.record({ op: fc.constant('duplicate-line'), at }),
    fc.record({ op: fc.constant('swap-lines'), at, to: at }),
    fc.record({ op: fc.constant('insert'), at, text: noise }),
    fc.record({ op: fc.constant('replace-value'), at, text: noise }),
    fc.record({ op: fc.constant('flip-char'), at, code: fc.integer({ min: 0, max: 0x10ffff }) }),
    fc.record({ op: fc.constant('repeat'), times: fc.integer({ min: 2, max: 30 }) }),
  );
}

function mutate(text, m) {
  const lines = text.split('\n');
  const li = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
  const ci = Math.floor((m.at ?? 0) * text.length);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, ci);
    case 'delete-line':
      lines.splice(li, 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(li, 0, lines[li] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const j = Math.min(lines.length - 1, Math.floor(m.to * lines.length));
      [lines[li], lines[j]] = [lines[j] ?? '', lines[li] ?? ''];
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, ci) + m.text + text.slice(ci);
    case 'replace-value': {
      const l = lines[li] ?? '';
      const c = Math.max(l.indexOf(':'), l.indexOf('='));
      lines[li] = c < 0 ? m.text : l.slice(0, c + 1) + ' ' + m.text;
      return lines.join('\n');
    }
    case 'flip-char': {
      const cp = m.code >= 0xd800 && m.code <= 0xdfff ? 0xfffd : m.code;
      return text.slice(0, ci) + String.fromCodePoint(cp) + text.slice(ci + 1);
    }
    case 'repeat':
      return text.repeat(m.times);
    default:
      return text;
  }
}

/** A [bond] + [network] skeleton (so many inputs pass the first checks) with random key lines and sections mixed in. */
function configVocabulary(fc, pick) {
  const line = fc.oneof(
    { weight: 1, arbitrary: pick(SECTIONS).map((s) => `[${s}]`) },
    { weight: 6, arbitrary: fc.tuple(pick(KEYS), pick(VALUES)).map(([k, v]) => `${k} = ${v}`) },
  );
  const lines = fc.array(line, { maxLength: 6 });
  return fc
    .tuple(lines, lines, lines)
    .map(([b, n, rest]) => ['[bond]', 'slaves = eth0, wlan0', ...b, '[network]', 'address = 192.168.1.252/24', ...n, ...rest].join('\n'));
}

export function makeArbitraries(fc, target) {
  const reals = target === 'parser' ? CAPTURES : GOLDEN_CONFIGS;
  const mutated = fc
    .tuple(fc.constantFrom(...reals), fc.array(mutations(fc), { minLength: 1, maxLength: 6 }))
    .map(([t, ms]) => ms.reduce(mutate, t));
  const random = fc.string({ unit: 'binary', maxLength: 3000 });
  const bytes = fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b).toString('utf8'));
  const pick = (xs) => fc.oneof(fc.constantFrom(...xs), fc.string({ maxLength: 20 }));
  const vocabulary =
    target === 'parser'
      ? fc
          .array(
            fc.oneof(
              fc.tuple(pick(PROC_KEYS), pick(PROC_VALUES)).map(([k, v]) => `${k}: ${v}`),
              fc.constantFrom('', 'Slave Interface: eth0', 'Bonding Mode: fault-tolerance (active-backup)', '802.3ad info'),
            ),
            { maxLength: 60 },
          )
          .map((ls) => ls.join('\n'))
      : configVocabulary(fc, pick);
  return { mutated, vocabulary, random, bytes };
}
