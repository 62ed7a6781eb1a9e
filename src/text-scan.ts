// Character scans for the short values the every-minute check parses (a /proc/net/bonding line's value, a word, an
// interface name), each the exact equivalent of the regular expression named beside it (test/unit/text-scan.test.ts
// compares them on generated strings). Why not the expressions: V8 compiles each one on its first run, and again to
// machine code when one runs in a loop, at every start. On a short string a scan costs less; over a whole file or the
// whole output one compiled expression costs less than a loop in V8's interpreter, so those keep theirs
// (proc-parser.ts, terminal-text.ts). Measured: 0.8 M instructions fewer per plain check (90.5 M → 89.7 M).

/** What JavaScript's `\s` matches: WhiteSpace and LineTerminator (the same set String#trim removes). */
export function isSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** `\w`: [A-Za-z0-9_]. */
const isWordChar = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66);

/** `/^\d+$/` */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** `s.split(/\r?\n/)` */
export function splitLines(s: string): string[] {
  const parts = s.split('\n');
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    if (p.endsWith('\r')) parts[i] = p.slice(0, -1);
  }
  return parts;
}

/** `s.split(/\s+/)[0]`: up to the first white space ('' when s starts with it). */
export function firstWord(s: string): string {
  for (let i = 0; i < s.length; i++) if (isSpace(s.charCodeAt(i))) return s.slice(0, i);
  return s;
}

/** `s.split(sep).filter(Boolean)` for a separator class `[…]+`: the runs of characters `sep` does not take. */
export function runsBetween(s: string, sep: (c: number) => boolean): string[] {
  const out: string[] = [];
  let from = -1;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !sep(s.charCodeAt(i))) {
      if (from < 0) from = i;
    } else if (from >= 0) {
      out.push(s.slice(from, i));
      from = -1;
    }
  }
  return out;
}

/** `s.split(/\s+/).filter(Boolean)` */
export const words = (s: string): string[] => runsBetween(s, isSpace);

/** `/^\d{1,3}(\.\d{1,3}){3}$/` */
export function isDottedQuad(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => p.length <= 3 && isDigits(p));
}

/** `/^[0-9a-f]{2}(:[0-9a-f]{2}){5,19}$/` (lower case only, as the caller lowers it first) */
export function isColonHex(s: string): boolean {
  const n = s.length;
  if (n < 17 || n > 59 || (n + 1) % 3 !== 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (i % 3 === 2 ? c !== 0x3a : !isHex(c)) return false;
  }
  return true;
}

/** `/^(\d+)\s*Mbps$/i` → the digits, or null. */
export function mbpsDigits(s: string): string | null {
  const n = s.length;
  if (n < 5) return null;
  // ASCII case-insensitive, as /i without the u flag is for these letters: c | 0x20 folds only A-Z onto a-z here.
  const tail = 'mbps';
  for (let i = 0; i < 4; i++) if ((s.charCodeAt(n - 4 + i) | 0x20) !== tail.charCodeAt(i)) return null;
  let end = n - 4;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  const digits = s.slice(0, end);
  return isDigits(digits) ? digits : null;
}

/** `/^v?(\d+)\./` → the digits, or null. */
export function leadingVersion(s: string): string | null {
  const from = s.startsWith('v') ? 1 : 0;
  let i = from;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i > from && s.charCodeAt(i) === 0x2e ? s.slice(from, i) : null;
}

/** `/^[\x20-\x7e]*$/` */
export function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** `/^[^\s/:]{1,15}$/`: what may be an interface name's text (no white space, '/' or ':'; 1 to 15 units). */
export function isIfnameText(s: string): boolean {
  if (s.length < 1 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c) || c === 0x2f || c === 0x3a) return false;
  }
  return true;
}

/** `/^[a-z_]{1,20}$/` */
export function isLowerWord(s: string): boolean {
  if (s.length < 1 || s.length > 20) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x5f)) return false;
  }
  return true;
}

/** `/\(name\s+(\w+)\)\s*$/.exec(s)` → where the match starts and the word, or null. */
export function trailingOption(s: string, name: string): { index: number; word: string } | null {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  if (end === 0 || s.charCodeAt(end - 1) !== 0x29) return null;
  let w = end - 1;
  while (w > 0 && isWordChar(s.charCodeAt(w - 1))) w--;
  if (w === end - 1) return null;
  let sp = w;
  while (sp > 0 && isSpace(s.charCodeAt(sp - 1))) sp--;
  const open = `(${name}`;
  if (sp === w || sp < open.length || !s.startsWith(open, sp - open.length)) return null;
  return { index: sp - open.length, word: s.slice(w, end - 1) };
}

/** `/^(\S+)(?:\s+\(name\s+(\w+)\))?$/.exec(s)` → [token, word or undefined], or null. */
export function tokenWithOption(s: string, name: string): [string, string | undefined] | null {
  const token = firstWord(s);
  if (token === '') return null;
  if (token.length === s.length) return [token, undefined];
  const rest = s.slice(token.length);
  // rest starts with white space (firstWord stopped there): `\s+\(name\s+(\w+)\)` must be all of it.
  const option = trailingOption(rest, name);
  if (option === null || option.index === 0 || !isSpace(rest.charCodeAt(option.index - 1))) return null;
  for (let i = 0; i < option.index; i++) if (!isSpace(rest.charCodeAt(i))) return null;
  // trailingOption allows white space after ')'; this expression does not.
  return isSpace(rest.charCodeAt(rest.length - 1)) ? null : [token, option.word];
}
