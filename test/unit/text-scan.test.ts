// Each scan of src/text-scan.ts gives what the regular expression it replaces gives, on generated strings: strings
// of the characters these expressions care about (every white space JavaScript's \s knows, digits, hex, the
// separators, the letters of "Mbps" in both cases and their look-alikes, the option names), and arbitrary text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstWord,
  isColonHex,
  isDigits,
  isDottedQuad,
  isIfnameText,
  isLowerWord,
  isPrintableAscii,
  isSpace,
  leadingVersion,
  mbpsDigits,
  runsBetween,
  splitLines,
  tokenWithOption,
  trailingOption,
  words,
} from '../../src/text-scan.js';

const SPACES = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const PIECES = [
  ...SPACES,
  ...'0123456789abcdefABCDEFvV:.,/()_-x',
  ...'mMbBpPsS',
  'Mbps',
  'mbps',
  '\u017f', // ſ: upper-cases to S, which /i without u does not fold
  '\u212a', // Kelvin sign
  '\u0000',
  '\u0008',
  '\u000e',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u200b', // zero width space: not \s
  'é',
  '(fail_over_mac',
  '(primary_reselect',
  'active',
  'eth0',
];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const RUNS = { numRuns: 3000 };

/** Property: f(s) equals the regular expression's answer g(s) for every generated s. */
function same<T>(f: (s: string) => T, g: (s: string) => T, extra: string[] = []) {
  for (const s of extra) expect(f(s), JSON.stringify(s)).toEqual(g(s));
  fc.assert(
    fc.property(text, (s) => {
      expect(f(s)).toEqual(g(s));
    }),
    RUNS,
  );
}

describe('text scans give what the regular expressions they replace give', () => {
  it('isSpace is \\s, character by character (every UTF-16 unit)', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it('isDigits: /^\\d+$/', () => same(isDigits, (s) => /^\d+$/.test(s), ['', '0', '٣', '12a']));

  it('splitLines: split(/\\r?\\n/)', () => same(splitLines, (s) => s.split(/\r?\n/), ['', '\r', '\r\n', 'a\r', 'a\r\r\nb\n', '\n\r']));

  it('firstWord: split(/\\s+/)[0]', () => same(firstWord, (s) => s.split(/\s+/)[0] ?? '', ['', ' a', 'a b', '\u00a0x']));

  it('words: split(/\\s+/).filter(Boolean)', () => same(words, (s) => s.split(/\s+/).filter(Boolean), ['', '  ', ' a  b ']));

  it('runsBetween white space and commas: split(/[\\s,]+/).filter(Boolean)', () =>
    same(
      (s) => runsBetween(s, (c) => isSpace(c) || c === 0x2c),
      (s) => s.split(/[\s,]+/).filter(Boolean),
      [',', '1.2.3.4, 5.6.7.8', ' ,a,,b '],
    ));

  it('isDottedQuad: /^\\d{1,3}(\\.\\d{1,3}){3}$/', () =>
    same(isDottedQuad, (s) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s), ['1.2.3.4', '1.2.3.4.', '1234.1.1.1', '1..2.3', '']));

  it('isColonHex: /^[0-9a-f]{2}(:[0-9a-f]{2}){5,19}$/', () => {
    const mac = (n: number) => Array.from({ length: n }, (_, i) => (i * 37).toString(16).padStart(2, '0').slice(-2)).join(':');
    same(isColonHex, (s) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5,19}$/.test(s), [mac(5), mac(6), mac(20), mac(21), mac(6).toUpperCase(), '']);
    // Generated MAC-like strings, which random text seldom is.
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('0a', 'ff', 'g0', 'A0', '1'), { minLength: 1, maxLength: 22 }),
        fc.constantFrom(':', '-', '::'),
        (parts, sep) => {
          const s = parts.join(sep);
          expect(isColonHex(s)).toBe(/^[0-9a-f]{2}(:[0-9a-f]{2}){5,19}$/.test(s));
        },
      ),
      RUNS,
    );
  });

  it('mbpsDigits: /^(\\d+)\\s*Mbps$/i', () =>
    same(mbpsDigits, (s) => /^(\d+)\s*Mbps$/i.exec(s)?.[1] ?? null, [
      '1000 Mbps',
      '10MBPS',
      '100 \u00a0mbps',
      'Mbps',
      '1 Mbp\u017f',
      '1 Mbps ',
    ]));

  it('leadingVersion: /^v?(\\d+)\\./', () =>
    same(leadingVersion, (s) => /^v?(\d+)\./.exec(s)?.[1] ?? null, ['v6.1.0', '3.7.1', 'v.1', 'vv1.', '6', '']));

  it('isPrintableAscii: /^[\\x20-\\x7e]*$/', () => same(isPrintableAscii, (s) => /^[\x20-\x7e]*$/.test(s), ['', 'a b~', 'a\n', '\u007f']));

  it('isIfnameText: /^[^\\s/:]{1,15}$/', () =>
    same(isIfnameText, (s) => /^[^\s/:]{1,15}$/.test(s), ['bond0', '', 'a'.repeat(15), 'a'.repeat(16), 'a/b', 'a:b', 'a\u00a0b']));

  it('isLowerWord: /^[a-z_]{1,20}$/', () => same(isLowerWord, (s) => /^[a-z_]{1,20}$/.test(s), ['active', '', 'a'.repeat(21), 'Active']));

  it('trailingOption: /\\(name\\s+(\\w+)\\)\\s*$/ — where the match starts and the word', () =>
    same(
      (s) => trailingOption(s, 'fail_over_mac'),
      (s) => {
        const m = /\(fail_over_mac\s+(\w+)\)\s*$/.exec(s);
        return m ? { index: m.index, word: m[1] } : null;
      },
      [
        'fault-tolerance (active-backup) (fail_over_mac active)',
        'fault-tolerance (active-backup) (fail_over_mac active)  \n',
        '(fail_over_mac active)',
        '(fail_over_mac  )',
        '(fail_over_macactive)',
        'x(fail_over_mac\u00a0follow_1)',
        '(fail_over_mac a b)',
        ')',
        '',
      ],
    ));

  it('tokenWithOption: /^(\\S+)(?:\\s+\\(name\\s+(\\w+)\\))?$/ — the token and the word', () =>
    same(
      (s) => tokenWithOption(s, 'primary_reselect'),
      (s) => {
        const m = /^(\S+)(?:\s+\(primary_reselect\s+(\w+)\))?$/.exec(s);
        return m ? [m[1], m[2]] : null;
      },
      [
        'eth0',
        'eth0 (primary_reselect always)',
        'eth0 (primary_reselect always) ',
        'eth0(primary_reselect always)',
        'eth0  \t(primary_reselect\u00a0better)',
        'eth0 x (primary_reselect always)',
        ' eth0',
        'eth0 ',
        'None',
        '',
      ],
    ));
});
