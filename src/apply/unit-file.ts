// A reader of systemd-networkd unit files (.network/.netdev) just deep enough for apply's conflict scan and
// for `bondify init`: sections, keys and their values in order. Writing them is render's job, not this.

export type UnitFile = Map<string, Map<string, string[]>>;

/** Parses "[Section]" / "Key=Value" lines; comments (# ;) and blank lines are skipped; repeated keys accumulate. */
export function parseUnitFile(text: string): UnitFile {
  const out: UnitFile = new Map();
  let section: Map<string, string[]> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([^\]]+)\]$/.exec(line);
    if (head) {
      const name = head[1] as string;
      section = out.get(name) ?? new Map();
      out.set(name, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (section === null || eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    // An empty assignment resets a list in systemd's unit syntax.
    section.set(key, value === '' ? [] : [...(section.get(key) ?? []), value]);
  }
  return out;
}

export const values = (u: UnitFile, section: string, key: string): string[] => u.get(section)?.get(key) ?? [];

/** systemd splits list settings (Name=, DNS=, Address= in some forms) on whitespace. */
export const words = (u: UnitFile, section: string, key: string): string[] => values(u, section, key).flatMap((v) => v.split(/\s+/).filter(Boolean));

/** fnmatch(3)-style glob (*, ?, [abc], [!abc]) as a whole-string RegExp. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const neg = body.startsWith('!') || body.startsWith('^');
      if (neg) body = body.slice(1);
      re += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
