// Untrusted strings on the way to a terminal: one escaping function for names, lines and messages, used by status,
// check, the plan's text and error reports; the output guard keeps bondify's own newlines and colours only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forTerminal, guardOutput } from '../../src/terminal-text.js';
import { parseProcBonding } from '../../src/observe/proc-parser.js';
import { formatStatus } from '../../src/observe/status-report.js';
import { formatCheck } from '../../src/observe/check-report.js';
import { formatHealed } from '../../src/usecases/check-heal.js';
import { renderProm } from '../../src/observe/prom.js';
import { evaluate } from '../../src/observe/health.js';
import { plain } from '../../src/observe/paint.js';
import { formatEntry } from '../../src/render/plan-text.js';
import { reportError } from '../../src/cli/report-error.js';
import { BondifyError } from '../../src/errors.js';

// Anything a terminal would act on or that changes how a line reads, other than printing a glyph.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;

// [what, hostile character, its escape]
const CHARS: Array<[string, string, string]> = [
  ['ESC (starts terminal sequences)', '\u001b', '\\u001b'],
  ['BEL', '\u0007', '\\u0007'],
  ['vertical tab', '\u000b', '\\u000b'],
  ['form feed', '\u000c', '\\u000c'],
  ['carriage return (overwrites the line)', '\r', '\\r'],
  ['line feed', '\n', '\\n'],
  ['tab', '\t', '\\t'],
  ['DEL', '\u007f', '\\u007f'],
  ['C1 CSI', '\u009b', '\\u009b'],
  ['C1 OSC', '\u009d', '\\u009d'],
  ['left-to-right mark', '\u200e', '\\u200e'],
  ['right-to-left mark', '\u200f', '\\u200f'],
  ['left-to-right embedding', '\u202a', '\\u202a'],
  ['right-to-left override', '\u202e', '\\u202e'],
  ['left-to-right isolate', '\u2066', '\\u2066'],
  ['right-to-left isolate', '\u2067', '\\u2067'],
  ['first strong isolate', '\u2068', '\\u2068'],
  ['pop directional isolate', '\u2069', '\\u2069'],
  ['Arabic letter mark', '\u061c', '\\u061c'],
  ['line separator', '\u2028', '\\u2028'],
  ['paragraph separator', '\u2029', '\\u2029'],
  ['zero-width space', '\u200b', '\\u200b'],
  ['zero-width joiner', '\u200d', '\\u200d'],
  ['word joiner', '\u2060', '\\u2060'],
  ['byte order mark', '\ufeff', '\\ufeff'],
  ['soft hyphen', '\u00ad', '\\u00ad'],
  ['tag character', '\u{e0041}', '\\udb40\\udc41'],
];

describe('forTerminal', () => {
  it.each(CHARS)('escapes %s', (_what, c, escaped) => {
    expect(forTerminal(`eth${c}0`)).toBe(`eth${escaped}0`);
    expect(forTerminal(`eth${c}0`)).not.toMatch(RAW);
  });

  it('leaves printable text alone, non-ASCII letters and emoji included', () => {
    for (const s of ['eth0', 'wlan0 → eth0', 'Größe', 'сеть', '網路', 'wlan😀', 'a\\b', '"quoted"']) expect(forTerminal(s)).toBe(s);
  });
});

describe('guardOutput (the last step before stdout/stderr)', () => {
  it('keeps line breaks and tabs, escapes the rest', () => {
    expect(guardOutput('a\tb\nc\u009b\u202ed\r\n', false)).toBe('a\tb\nc\\u009b\\u202ed\\r\n');
  });

  it('keeps SGR colour codes only once the command coloured its output; never other sequences', () => {
    expect(guardOutput('\u001b[32mok\u001b[39m', true)).toBe('\u001b[32mok\u001b[39m');
    expect(guardOutput('\u001b[32mok\u001b[39m', false)).toBe('\\u001b[32mok\\u001b[39m');
    expect(guardOutput('\u001b]0;owned\u0007 \u001b[2J', true)).toBe('\\u001b]0;owned\\u0007 \\u001b[2J');
  });

  it('JSON stays valid and means the same', () => {
    const value = { name: 'eth\u009b0\u202e\u2028', path: 'a\\b' };
    const guarded = guardOutput(JSON.stringify(value, null, 2), false);
    expect(guarded).not.toMatch(RAW);
    expect(JSON.parse(guarded)).toEqual(value);
  });
});

const AB = readFileSync(new URL('../fixtures/proc-bonding/otus-3.7.1-active-backup-fail-over-mac.txt', import.meta.url), 'utf8');

describe('every human-readable output escapes untrusted strings', () => {
  it.each(CHARS.filter(([, c]) => !/\s/.test(c)))('status and check with %s in slave and active names', (_what, c) => {
    // Built from a parsed capture (the parser itself refuses C0 controls as binary; the formatters must not rely on it).
    const clean = parseProcBonding(AB, { bond: `bond${c}0`, file: 'x' });
    const rename = (n: string | null) => (n === 'eth1' ? `eth${c}1` : n);
    const state = {
      ...clean,
      primary: rename(clean.primary),
      activeSlave: rename(clean.activeSlave),
      slaves: clean.slaves.map((s) => ({
        ...s,
        name: rename(s.name) ?? '',
        miiStatus: s.name === 'eth1' ? ('down' as const) : s.miiStatus,
      })),
    };
    const status = formatStatus({ ...state, notes: [`note about eth${c}1`] }, plain);
    expect(status).not.toMatch(RAW);
    expect(status).toContain(`eth${forTerminal(c)}1`);
    const health = evaluate({ bond: 'bond0', state, desired: null, stateError: null, configError: null, rises: [], ping: null });
    const check = formatCheck({
      bond: 'bond0',
      health,
      state,
      events: [{ kind: 'failover', message: `failover to eth${c}1` }],
      notes: [`n${c}`],
      failoversTotal: 0,
      checkedAt: new Date(0),
    });
    expect(check).not.toMatch(RAW);
    expect(check.split('\n')[0]).toMatch(/^BONDIFY /);
  });

  it("check's plugin output keeps '|' for perfdata alone: a name holding one cannot start fake perfdata", () => {
    const clean = parseProcBonding(AB, { bond: 'bond0', file: 'x' });
    const state = { ...clean, slaves: clean.slaves.map((s) => ({ ...s, name: s.name === 'eth2' ? 'e|x=9' : s.name })) };
    const health = evaluate({ bond: 'bond0', state, desired: null, stateError: null, configError: null, rises: [], ping: null });
    const out = formatCheck({
      bond: 'bond0',
      health,
      state,
      events: [{ kind: 'failover', message: 'to e|x=9' }],
      notes: [],
      failoversTotal: 0,
      checkedAt: new Date(0),
    });
    expect(out).toContain('e\\u007cx=9');
    expect(out.split('\n').map((l) => l.split('|').length - 1)).toEqual(out.split('\n').map((_, i) => (i === 0 ? 1 : 0)));
  });

  it('check --heal lines are escaped like the check lines', () => {
    const state = parseProcBonding(AB, { bond: 'bond0', file: 'x' });
    const health = evaluate({ bond: 'bond0', state, desired: null, stateError: null, configError: null, rises: [], ping: null });
    const outcome = { bond: 'bond0', health, state, events: [], notes: [], failoversTotal: 0, checkedAt: new Date(0) };
    const out = formatHealed({
      outcome,
      heal: {
        healed: 'enslaved e\u202e|x=1',
        failed: 'heal failed: eth\u009b1\nleft e|th0',
        refused: null,
        notes: ['n\u2028'],
        transcript: [],
      },
    });
    expect(out).not.toMatch(RAW);
    expect(out.split('\n').slice(1).join('\n')).not.toContain('|');
  });

  it('a Prometheus label cannot be broken by a hostile slave name: one sample per line, the value read back whole', () => {
    const clean = parseProcBonding(AB, { bond: 'bond0', file: 'x' });
    const name = 'e"}\\\n1 x{\u2028';
    const state = { ...clean, slaves: clean.slaves.map((s) => ({ ...s, name: s.name === 'eth1' ? name : s.name })) };
    const health = evaluate({ bond: 'bond0', state, desired: null, stateError: null, configError: null, rises: [], ping: null });
    const text = renderProm({ bond: 'bond0', state, health, failoversTotal: 0, now: new Date(0) });
    const samples = text.split('\n').filter((l) => l.startsWith('bondify_slave_up'));
    expect(samples).toHaveLength(2);
    // Undo the exposition format's three escapes: the label value is the name, whole.
    const value = /slave="((?:[^"\\]|\\.)*)"/.exec(samples[0] ?? '')?.[1]?.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    expect(value).toBe(name);
  });

  it('an error report escapes file, section, key, value, message and fix', () => {
    const e = new BondifyError('config', 'bad name eth\u202e0', {
      file: '/tmp/x\u009b.ini',
      section: 'bond',
      key: 'name',
      value: 'eth\u202e0\u2028',
      fix: 'rename eth\u202e0',
    });
    const { message } = reportError(e);
    expect(message).not.toMatch(RAW);
    expect(message).toContain('eth\\u202e0');
    expect(message.split('\n')).toHaveLength(4); // three lines and the final newline: nothing injected a line
  });

  it('the plan text escapes what is in an existing file and its path', () => {
    const entry = {
      path: '/etc/systemd/network/x\u009b.network',
      mode: 0o644,
      content: '[Match]\nName=bond0\n',
      action: 'update' as const,
      current: '[Match]\nName=\u001b]0;owned\u0007eth0\u202e\n',
    };
    const text = formatEntry(entry, false);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('-Name=\\u001b]0;owned\\u0007eth0\\u202e');
    const same = formatEntry({ ...entry, action: 'unchanged', content: entry.current }, false);
    expect(same).not.toMatch(RAW);
  });
});

describe('printable ASCII passes through without the Unicode expressions', () => {
  // The quick path (printable ASCII) may only skip work: every character from U+0000 to U+00FF, alone and between
  // printable text, comes out as the full expressions alone make it (the reference below).
  const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const escape = (c: string) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const reference = {
    forTerminal: (t: string) => t.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, escape),
    guardOutput: (t: string) => t.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, (c) => (c === '\n' || c === '\t' ? c : escape(c))),
  };
  const all = [...Array(256).keys()].map((c) => String.fromCharCode(c));
  it.each([
    ['forTerminal', (t: string) => forTerminal(t)],
    ['guardOutput', (t: string) => guardOutput(t, false)],
  ] as const)('%s', (name, guard) => {
    const printable = all.filter((c) => c >= ' ' && c <= '~').join('');
    expect(guard(printable)).toBe(printable);
    for (const c of all) for (const t of [c, `a${c}b`, `${printable}${c}\n`]) expect(guard(t)).toBe(reference[name](t));
    expect(guard('a\u202eb\u00adc')).toBe('a\\u202eb\\u00adc');
  });
});
