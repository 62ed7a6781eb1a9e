// A reader of systemd-networkd unit files (.network/.netdev and their drop-ins) just deep enough for apply's
// conflict scan and for `bondify init`: sections, keys and their values in order, with systemd.syntax(7)'s
// comments, line continuations, quoting and empty-assignment resets. Writing them is render's job, not this.

export type UnitFile = Map<string, Map<string, string[]>>;

const isComment = (line: string) => /^\s*[#;]/.test(line);

/** A line ends in a backslash that is not itself escaped (an odd run of trailing backslashes). */
const continues = (line: string) => (/\\+$/.exec(line)?.[0].length ?? 0) % 2 === 1;

/**
 * The file's logical lines: a line ending in a backslash is joined with the next one, the backslash replaced by
 * a space; comment lines inside such a continuation are dropped, so it goes on with the line after them.
 */
export function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (isComment(raw)) {
      if (pending === null) out.push(raw);
      continue;
    }
    const line: string = (pending ?? '') + raw;
    if (continues(raw)) {
      pending = `${line.slice(0, -1)} `;
      continue;
    }
    pending = null;
    out.push(line);
  }
  if (pending !== null) out.push(pending);
  return out;
}

/**
 * Parses "[Section]" / "Key=Value" lines into `into` (a drop-in is parsed onto its main file's result): comments
 * and blank lines are skipped, repeated keys accumulate, and an empty assignment resets the list.
 */
export function parseUnitFile(text: string, into: UnitFile = new Map()): UnitFile {
  const out = into;
  let section: Map<string, string[]> | null = null;
  for (const logical of logicalLines(text)) {
    const line = logical.trim();
    if (line === '' || isComment(line)) continue;
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
    section.set(key, value === '' ? [] : [...(section.get(key) ?? []), value]);
  }
  return out;
}

export const values = (u: UnitFile, section: string, key: string): string[] => u.get(section)?.get(key) ?? [];

/**
 * One assignment's words: split on whitespace, "double" and 'single' quotes removed (a quoted word may hold
 * spaces), a backslash kept with the character it escapes (as networkd keeps it for fnmatch).
 */
export function splitWords(value: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && i + 1 < value.length) {
      word = (word ?? '') + c + (value[++i] as string);
    } else if (quote !== null) {
      if (c === quote) quote = null;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) out.push(word);
  return out;
}

/** systemd splits list settings (Name=, DNS=, …) into words; each assignment adds to the list. */
export const words = (u: UnitFile, section: string, key: string): string[] => values(u, section, key).flatMap(splitWords);

export interface Pattern {
  glob: string;
  /** From an assignment starting with "!": every word of that assignment is a negative pattern. */
  negated: boolean;
}

/** A [Match] list as networkd keeps it: a leading "!" inverts the whole assignment it starts. */
export const matchPatterns = (u: UnitFile, key: string): Pattern[] =>
  values(u, 'Match', key).flatMap((v) => {
    const negated = v.startsWith('!');
    return splitWords(negated ? v.slice(1) : v).map((glob) => ({ glob, negated }));
  });

/**
 * Whether a value passes a [Match] list: an empty list passes; any negative hit fails; with at least one positive
 * pattern, one of them must hit; a list of only negative patterns passes what none of them hits.
 */
export function listMatches(patterns: Pattern[], value: string): boolean {
  if (patterns.length === 0) return true;
  let hit = false;
  for (const p of patterns) {
    if (!globRegExp(p.glob).test(value)) continue;
    if (p.negated) return false;
    hit = true;
  }
  return hit || patterns.every((p) => p.negated);
}

/** fnmatch(3)-style glob (*, ?, [abc], [!abc], \x for a literal x) as a whole-string RegExp. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) re += (glob[++i] as string).replace(/[.*?+^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') re += '.*';
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
