// Splits bondify.ini into sections and key lines, refusing anything that is not plain INI; `ini` decodes each
// value (quotes, inline comments, escapes). Scanning lines ourselves keeps line numbers for messages, catches
// duplicates (`ini` silently keeps the last) and keeps dotted section names like [slave.eth0.100] flat.
import ini from 'ini';
import { BondifyError } from '../errors.js';

export interface IniEntry {
  key: string;
  value: string;
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  entries: IniEntry[];
}

export const MAX_FILE_BYTES = 64 * 1024;
export const MAX_LINE_CHARS = 1024;

const SECTION = /^\[([^[\]]*)\]\s*(?:[;#].*)?$/;
const KEY_LINE = /^([^=[\]]+)=(.*)$/;
const KEY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
// Control characters (a decoded "\n" among them) and brackets could start a new line or [Section] in a
// generated file; no bondify value needs them.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_VALUE = /[\u0000-\u001f\u007f[\]]/;

function fail(file: string, line: number, message: string, extra: { section?: string; key?: string; fix: string }): never {
  throw new BondifyError('config', `line ${line}: ${message}`, { file, ...extra });
}

function decodeValue(raw: string): string {
  const decoded: unknown = ini.decode(`v = ${raw}`)['v'];
  return decoded === undefined || decoded === null ? '' : String(decoded);
}

/**
 * `ini` ends a value at the first unquoted ';' or '#', spaced or not: "1.1.1.1;8.8.8.8" would silently become
 * "1.1.1.1". A comment must follow whitespace; one glued to a value is refused rather than guessed at.
 */
function gluedComment(raw: string): { at: string; before: string; after: string } | null {
  const t = raw.trimEnd();
  if (/^\s*["']/.test(t)) return null; // quoted: ini keeps ';' and '#' inside the quotes
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '\\') i++;
    else if (c === ';' || c === '#')
      return i > 0 && /\s/.test(t[i - 1] ?? '') ? null : { at: c, before: t.slice(0, i).trim(), after: t.slice(i + 1).trim() };
  }
  return null;
}

export function describeUnsafe(value: string): string {
  const m = UNSAFE_VALUE.exec(value);
  if (!m) return '';
  const c = m[0];
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === '[' || c === ']') return `'${c}'`;
  return `the control character U+${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

const tooBig = (size: number, file: string): BondifyError =>
  new BondifyError('config', `file is ${size} bytes, larger than ${MAX_FILE_BYTES / 1024} KiB: not a bondify config`, {
    file,
    fix: 'point --config at bondify.ini',
  });

/**
 * The checks on the file's bytes, before they are decoded: the size (of the file, not of its decoded text), binary
 * content, and UTF-8 — a legacy encoding would otherwise turn each byte into a 3-byte U+FFFD and be called too large.
 */
export function checkConfigBytes(data: Buffer, file: string): void {
  if (data.length > MAX_FILE_BYTES) throw tooBig(data.length, file);
  if (data.includes(0))
    throw new BondifyError('config', 'file contains NUL bytes: it is binary, not an INI file', {
      file,
      fix: 'point --config at a text bondify.ini',
    });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    const bad = firstInvalidUtf8(data);
    const line = data
      .subarray(0, bad)
      .toString('latin1')
      .split(/\r\n|\n|\r/).length;
    throw new BondifyError(
      'config',
      `line ${line}: not UTF-8 (byte ${bad + 1} is 0x${(data[bad] ?? 0).toString(16).padStart(2, '0')}; a file saved as ISO-8859-1 or another legacy encoding?)`,
      {
        file,
        fix: `save it as UTF-8, e.g. iconv -f ISO-8859-1 -t UTF-8 ${file} > ${file}.utf8 && mv ${file}.utf8 ${file}`,
      },
    );
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (lead byte and its continuations). */
function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const c = b[i] as number;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (i + k >= b.length || ((b[i + k] as number) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return Math.max(0, b.length - 1); // only an overlong form or a surrogate, which the lead-byte scan lets through
}

/** Shape problems of one line (no file content in any message: the file may be something else, e.g. /etc/shadow). */
function shapeOf(
  raw: string,
):
  | { kind: 'blank' }
  | { kind: 'section'; name: string }
  | { kind: 'key'; key: string; raw: string }
  | { kind: 'bad'; message: string; fix: string } {
  const trimmed = raw.trim();
  if (raw.length > MAX_LINE_CHARS)
    return { kind: 'bad', message: `line is longer than ${MAX_LINE_CHARS} characters`, fix: 'shorten it; no bondify value is that long' };
  if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return { kind: 'blank' };
  const sec = SECTION.exec(trimmed);
  if (sec) {
    const name = (sec[1] ?? '').trim();
    if (name === '' || describeUnsafe(name) !== '')
      return {
        kind: 'bad',
        message: 'invalid section header (an empty name or a control character)',
        fix: 'use [bond], [network] or [slave.<interface>]',
      };
    return { kind: 'section', name };
  }
  const kv = KEY_LINE.exec(raw);
  if (!kv)
    return {
      kind: 'bad',
      message: 'not INI: the line is neither a [section] nor key = value',
      fix: 'write settings as key = value under a [section] header',
    };
  const key = (kv[1] ?? '').trim();
  if (!KEY_NAME.test(key))
    return { kind: 'bad', message: 'the name before "=" is not a key name', fix: 'key names are letters, digits and _ (e.g. miimon)' };
  return { kind: 'key', key, raw: kv[2] ?? '' };
}

/**
 * Sections and keys of an INI text. The whole file's shape is checked first, and only a file that is INI
 * throughout gets messages about its sections and keys; no message here ever repeats a value (ConfigContext
 * decides which values may be shown).
 */
export function scanIni(text: string, file: string): IniSection[] {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_FILE_BYTES) throw tooBig(size, file);
  if (text.includes('\u0000')) {
    throw new BondifyError('config', 'file contains NUL bytes: it is binary, not an INI file', {
      file,
      fix: 'point --config at a text bondify.ini',
    });
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .map(shapeOf);
  let seenSection = false;
  lines.forEach((l, i) => {
    if (l.kind === 'bad') fail(file, i + 1, l.message, { fix: l.fix });
    if (l.kind === 'section') seenSection = true;
    if (l.kind === 'key' && !seenSection)
      fail(file, i + 1, 'a key = value line comes before any [section]', { fix: 'put it under [bond] or [network]' });
  });
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  lines.forEach((l, i) => {
    const line = i + 1;
    if (l.kind === 'section') {
      const seen = sections.find((s) => s.name === l.name);
      if (seen)
        fail(file, line, `section [${l.name}] appears twice (first on line ${seen.line})`, {
          section: l.name,
          fix: 'merge the two sections into one',
        });
      current = { name: l.name, line, entries: [] };
      sections.push(current);
      return;
    }
    if (l.kind !== 'key' || current === null) return;
    const sectionName: string = current.name;
    const { key } = l;
    // Only a bondify section's value may be quoted back: the file may be something else named by --config.
    const glued = /^(bond|network|slave\..+)$/.test(sectionName) ? gluedComment(l.raw) : null;
    if (glued) {
      fail(
        file,
        line,
        `'${glued.at}' right after ${JSON.stringify(glued.before)} starts a comment, so ${JSON.stringify(glued.after)} would be dropped`,
        {
          section: sectionName,
          key,
          fix: `separate list items with commas (dns = 1.1.1.1, 8.8.8.8); a comment needs a space before its '${glued.at}'`,
        },
      );
    }
    const value = decodeValue(l.raw);
    const unsafe = describeUnsafe(value);
    if (unsafe !== '') {
      fail(file, line, `value contains ${unsafe}, which could inject lines or sections into a generated networkd file`, {
        section: sectionName,
        key,
        fix: 'remove it; bondify values are names, numbers, times and addresses',
      });
    }
    const dup = current.entries.find((e) => e.key === key);
    if (dup)
      fail(file, line, `key ${key} is set twice (first on line ${dup.line})`, {
        section: sectionName,
        key,
        fix: 'keep one line; lists are comma separated (dns = 192.168.1.1, 8.8.8.8)',
      });
    current.entries.push({ key, value, line });
  });
  return sections;
}
