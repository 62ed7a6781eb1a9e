// What systemd-networkd reads, read the way it reads it: the search folders in priority order (a name in an
// earlier folder hides the same name later), masks (a symlink to /dev/null or an empty file), files sorted by
// name across all folders, and each file's `<name>.d/*.conf` drop-ins merged onto it in name order.
// Everything is read under a root without following a symlink: a mask is known by its link text alone.
import { BondifyError } from '../errors.js';
import { NETWORK_DIR } from '../model/planned-file.js';
import { inspectFile, listDir, lstatKind, readText } from '../system/fs.js';
import { parseUnitFile, type UnitFile } from './unit-file.js';

/** networkd's search path, highest priority first (/lib is Debian's, without merged /usr). */
export const SEARCH_DIRS = [
  NETWORK_DIR,
  '/run/systemd/network',
  '/usr/local/lib/systemd/network',
  '/usr/lib/systemd/network',
  '/lib/systemd/network',
];

export interface EffectiveFile {
  /** The file name networkd sorts by, e.g. "eth0.network". */
  name: string;
  /** The main file networkd uses (a path on the target, not prefixed with the root). */
  path: string;
  /** Its drop-ins, in the order networkd applies them. */
  dropins: string[];
  /** Same-named files in later folders that this one hides. */
  hides: string[];
  /** The main file with its drop-ins applied. */
  unit: UnitFile;
}

export interface Skipped {
  path: string;
  why: string;
}

export interface NetworkdFiles {
  /** Sorted by name, as networkd processes them. */
  files: EffectiveFile[];
  /** Masked names: the mask's path (a symlink to /dev/null or an empty file). */
  masked: string[];
  /** What could not be read safely: bondify cannot tell what networkd makes of it. */
  skipped: Skipped[];
}

type Entry = { dir: string; path: string };

/** A folder's entries whose names pass `want`; an unreadable folder (a symlink, …) goes to `skipped`. */
function list(root: string, dir: string, want: (name: string) => boolean, skipped: Skipped[]): string[] {
  try {
    return listDir(root, dir).filter(want);
  } catch (e) {
    // Merged /usr makes /lib a symlink to usr/lib, whose files are read there: not worth a warning.
    if (!dir.startsWith('/lib/')) skipped.push({ path: dir, why: e instanceof Error ? e.message : String(e) });
    return [];
  }
}

/** Each name once, from the earliest folder that has it; later ones are the names it hides. */
function firstByName(root: string, dirs: string[], want: (name: string) => boolean, skipped: Skipped[]): Map<string, Entry[]> {
  const byName = new Map<string, Entry[]>();
  for (const dir of dirs) {
    for (const name of list(root, dir, want, skipped)) {
      const path = `${dir}/${name}`;
      const kind = lstatKind(root, path).kind;
      if (kind !== 'file' && kind !== 'symlink') continue; // a folder named x.network is not a unit file
      byName.set(name, [...(byName.get(name) ?? []), { dir, path }]);
    }
  }
  return byName;
}

type Read = { kind: 'text'; text: string } | { kind: 'masked' } | { kind: 'skipped'; why: string };

/** One unit file, never through a symlink: a link to /dev/null or an empty file is a mask. */
function readUnit(root: string, path: string): Read {
  const k = lstatKind(root, path);
  if (k.kind === 'symlink')
    return k.link === '/dev/null'
      ? { kind: 'masked' }
      : { kind: 'skipped', why: `a symlink (to ${k.link ?? '?'}); bondify does not follow it` };
  try {
    const info = inspectFile(root, path);
    if (info === null) return { kind: 'skipped', why: 'it vanished while being read' };
    if (info.size === 0) return { kind: 'masked' };
    const text = readText(root, path);
    return text === null ? { kind: 'skipped', why: 'it vanished while being read' } : { kind: 'text', text };
  } catch (e) {
    // networkd reads a file bondify cannot (one over the read bound): what it configures is unknown, so refuse.
    if (e instanceof BondifyError && e.kind === 'data') throw e;
    return { kind: 'skipped', why: e instanceof Error ? e.message : String(e) };
  }
}

/** lstatKind, with a search folder that cannot be listed (a symlink: reported when listing it) as absent. */
function kindOf(root: string, path: string): ReturnType<typeof lstatKind> {
  try {
    return lstatKind(root, path);
  } catch {
    return { kind: 'absent' };
  }
}

/** The drop-ins networkd would apply to a file named `name` (e.g. one bondify writes), in order. */
export const dropinsFor = (root: string, name: string, skipped: Skipped[] = [], dirs: string[] = SEARCH_DIRS): string[] =>
  dropinsOf(root, dirs, name, skipped).filter((p) => readUnit(root, p).kind !== 'masked');

/** `<name>.d/*.conf` from every folder, same-named drop-ins hidden by earlier folders, sorted by name. */
function dropinsOf(root: string, dirs: string[], name: string, skipped: Skipped[]): string[] {
  const folders: string[] = [];
  for (const dir of dirs) {
    const folder = `${dir}/${name}.d`;
    const k = kindOf(root, folder);
    if (k.kind === 'dir') folders.push(folder);
    else if (k.kind === 'symlink') skipped.push({ path: folder, why: `a symlink (to ${k.link ?? '?'}); bondify does not follow it` });
  }
  const byName = firstByName(root, folders, (n) => n.endsWith('.conf'), skipped);
  return [...byName.keys()].sort(byBytes).map((n) => (byName.get(n) as Entry[])[0]!.path);
}

const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The files networkd uses from `dirs` (default its search path under the root) whose names pass `want`, each
 * with its drop-ins from `dropinDirs` applied (networkd looks for drop-ins in every search folder).
 */
export function readNetworkdFiles(
  root: string,
  want: (name: string) => boolean,
  dirs: string[] = SEARCH_DIRS,
  dropinDirs: string[] = dirs,
): NetworkdFiles {
  const out: NetworkdFiles = { files: [], masked: [], skipped: [] };
  const byName = firstByName(root, dirs, want, out.skipped);
  for (const name of [...byName.keys()].sort(byBytes)) {
    const [first, ...hidden] = byName.get(name) as Entry[];
    const main = readUnit(root, first!.path);
    if (main.kind === 'masked') {
      out.masked.push(first!.path);
      continue;
    }
    if (main.kind === 'skipped') {
      out.skipped.push({ path: first!.path, why: main.why });
      continue;
    }
    const unit = parseUnitFile(main.text);
    const dropins: string[] = [];
    for (const path of dropinsOf(root, dropinDirs, name, out.skipped)) {
      const d = readUnit(root, path);
      if (d.kind === 'skipped') out.skipped.push({ path, why: d.why });
      if (d.kind !== 'text') continue;
      parseUnitFile(d.text, unit);
      dropins.push(path);
    }
    out.files.push({ name, path: first!.path, dropins, hides: hidden.map((h) => h.path), unit });
  }
  return out;
}
