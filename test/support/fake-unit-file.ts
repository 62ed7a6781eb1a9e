// The fake networkd's own reading of .network/.netdev files, written apart from the product's parser
// (src/networkd/unit-file.ts) so that a bug there cannot hide behind the same bug here: [Section] headers,
// Key=Value lines, # and ; comments, a trailing backslash continuing the line (comment lines inside skipped),
// repeated keys adding up and an empty value clearing them; words split on blanks with "" or '' quotes; and
// networkd's fnmatch globs (* ? [...]) for Name=. The lab proves the real networkd reads the files the same way.

export type FakeUnit = Record<string, Record<string, string[]>>;

const comment = (line: string): boolean => line.trimStart().startsWith('#') || line.trimStart().startsWith(';');

function joined(text: string): string[] {
  const lines: string[] = [];
  let carry: string | null = null;
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    if (comment(raw)) {
      if (carry === null) lines.push(raw);
      continue;
    }
    const trailing = raw.length - raw.replace(/\\+$/, '').length;
    if (trailing % 2 === 1) {
      carry = (carry ?? '') + raw.slice(0, -1) + ' ';
      continue;
    }
    lines.push((carry ?? '') + raw);
    carry = null;
  }
  if (carry !== null) lines.push(carry);
  return lines;
}

export function readUnit(text: string): FakeUnit {
  const unit: FakeUnit = {};
  let current: Record<string, string[]> | null = null;
  for (const line of joined(text).map((l) => l.trim())) {
    if (line === '' || comment(line)) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1);
      current = unit[name] ?? (unit[name] = {});
      continue;
    }
    const at = line.indexOf('=');
    if (current === null || at < 1) continue;
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    current[key] = value === '' ? [] : [...(current[key] ?? []), value];
  }
  return unit;
}

export const setting = (u: FakeUnit, section: string, key: string): string[] => u[section]?.[key] ?? [];

/** The words of every assignment of a key (Name=eth0 "wlan0" → eth0, wlan0). */
export const wordsOf = (u: FakeUnit, section: string, key: string): string[] =>
  setting(u, section, key).flatMap((v) => [...v.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? ''));

const escapeChar = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** fnmatch(3) as networkd uses it for Name=: * any run, ? one character, [...] a set (! or ^ negates). */
export function globMatches(glob: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      const end = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith('!') || body.startsWith('^') ? '^' + body.slice(1) : body}]`;
      i = end;
    } else re += escapeChar(c === '\\' && i + 1 < glob.length ? (glob[++i] as string) : c);
  }
  return new RegExp(`^${re}$`).test(name);
}

/** The address as the kernel prints it: IPv6 in its one canonical spelling (what WHATWG URL parsing gives). */
export function kernelSpelling(cidr: string): string {
  const [ip = '', prefix] = cidr.split('/');
  const canonical = ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
  return prefix === undefined ? canonical : `${canonical}/${prefix}`;
}
