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

function fail(file: string, line: number, message: string, extra: { section?: string; key?: string; value?: string; fix: string }): never {
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
    else if (c === ';' || c === '#') return i > 0 && /\s/.test(t[i - 1] ?? '') ? null : { at: c, before: t.slice(0, i).trim(), after: t.slice(i + 1).trim() };
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

export function scanIni(text: string, file: string): IniSection[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    throw new BondifyError('config', `file is larger than ${MAX_FILE_BYTES / 1024} KiB: not a bondify config`, { file, fix: 'point --config at bondify.ini' });
  }
  if (text.includes('\u0000')) {
    throw new BondifyError('config', 'file contains NUL bytes: it is binary, not an INI file', { file, fix: 'point --config at a text bondify.ini' });
  }
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (raw.length > MAX_LINE_CHARS) fail(file, line, `line is longer than ${MAX_LINE_CHARS} characters`, { section: current?.name, fix: 'shorten it; no bondify value is that long' });
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return;
    const sec = SECTION.exec(trimmed);
    if (sec) {
      const name = (sec[1] ?? '').trim();
      if (name === '' || describeUnsafe(name) !== '') fail(file, line, `invalid section header ${JSON.stringify(trimmed)}`, { fix: 'use [bond], [network] or [slave.<interface>]' });
      const seen = sections.find((s) => s.name === name);
      if (seen) fail(file, line, `section [${name}] appears twice (first on line ${seen.line})`, { section: name, fix: 'merge the two sections into one' });
      current = { name, line, entries: [] };
      sections.push(current);
      return;
    }
    const kv = KEY_LINE.exec(raw);
    if (!kv) fail(file, line, `not INI: ${JSON.stringify(trimmed.slice(0, 60))} is neither a [section] nor key = value`, { section: current?.name, fix: 'write settings as key = value under a [section] header' });
    const key = (kv[1] ?? '').trim();
    if (!KEY_NAME.test(key)) fail(file, line, `${JSON.stringify(key)} is not a key name`, { section: current?.name, fix: 'key names are letters, digits and _ (e.g. miimon)' });
    if (current === null) fail(file, line, `key ${key} appears before any [section]`, { key, fix: 'put it under [bond] or [network]' });
    const sectionName: string = current.name;
    const glued = gluedComment(kv[2] ?? '');
    if (glued) {
      fail(file, line, `'${glued.at}' right after ${JSON.stringify(glued.before)} starts a comment, so ${JSON.stringify(glued.after)} would be dropped`, { section: sectionName, key, value: (kv[2] ?? '').trim(), fix: `separate list items with commas (dns = 1.1.1.1, 8.8.8.8); a comment needs a space before its '${glued.at}'` });
    }
    const value = decodeValue(kv[2] ?? '');
    const unsafe = describeUnsafe(value);
    if (unsafe !== '') {
      fail(file, line, `value contains ${unsafe}, which could inject lines or sections into a generated networkd file`, { section: sectionName, key, value, fix: 'remove it; bondify values are names, numbers, times and addresses' });
    }
    const dup = current.entries.find((e) => e.key === key);
    if (dup) fail(file, line, `key ${key} is set twice (first on line ${dup.line})`, { section: sectionName, key, value, fix: 'keep one line; lists are comma separated (dns = 192.168.1.1, 8.8.8.8)' });
    current.entries.push({ key, value, line });
  });
  return sections;
}
