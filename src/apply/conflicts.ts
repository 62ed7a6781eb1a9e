// Which other networkd files would configure the bond's slaves (or define the bond) and so compete with
// bondify's: the standard method's eth0.network/wlan0.network, catch-alls such as `Name=eth* en*`.
import { OWN_PREFIX, NETWORK_DIR } from '../model/plan.js';
import type { BondModel } from '../model/bond.js';
import { listDir, lstatKind, readText } from '../system/fs.js';
import { globRegExp, parseUnitFile, words, type UnitFile } from './unit-file.js';

/** networkd's search path, highest priority first; a name in an earlier folder hides the same name later. */
export const SEARCH_DIRS = [NETWORK_DIR, '/run/systemd/network', '/usr/local/lib/systemd/network', '/usr/lib/systemd/network', '/lib/systemd/network'];

export interface Conflict {
  path: string;
  /** Which slaves (or the bond, for a .netdev) it matches. */
  matches: string[];
  /** In /etc/systemd/network: bondify moves it aside into the backup. Elsewhere it belongs to a package. */
  movable: boolean;
  /** Sorts before bondify's file for that link, so networkd would pick it instead. */
  wins: boolean;
  /** Match keys bondify cannot evaluate (MACAddress=, Driver=, …): it may or may not match. */
  uncertain: string[];
  /** Other links on the device it configures too: moving it aside would take their configuration away. */
  alsoMatches: string[];
}

const EVALUATED = new Set(['Name', 'Type']);

/** Whether a [Match] section applies to a link; systemd ANDs the keys, and a leading "!" inverts a list. */
function nameMatches(u: UnitFile, ifname: string, wireless: boolean): boolean {
  const test = (key: string, value: string) => {
    const list = words(u, 'Match', key);
    if (list.length === 0) return true;
    const neg = list[0]?.startsWith('!') ?? false;
    const hit = list.some((g) => globRegExp(g.replace(/^!/, '')).test(value));
    return neg ? !hit : hit;
  };
  return test('Name', ifname) && test('Type', wireless ? 'wlan' : 'ether');
}

function scanFile(root: string, path: string, model: BondModel, others: string[]): Omit<Conflict, 'path' | 'movable' | 'wins'> | null {
  const text = readText(root, path);
  if (text === null) return null;
  const u = parseUnitFile(text);
  if (path.endsWith('.netdev')) {
    return words(u, 'NetDev', 'Name').includes(model.name) ? { matches: [model.name], uncertain: [], alsoMatches: [] } : null;
  }
  const uncertain = [...(u.get('Match')?.keys() ?? [])].filter((k) => !EVALUATED.has(k));
  const matches = model.slaves.filter((s) => nameMatches(u, s.name, s.wireless)).map((s) => s.name);
  if (matches.includes(model.name) || nameMatches(u, model.name, false)) matches.push(model.name);
  if (matches.length === 0) return null;
  const alsoMatches = others.filter((o) => nameMatches(u, o, false));
  return { matches: [...new Set(matches)], uncertain, alsoMatches };
}

export interface Scan {
  conflicts: Conflict[];
  /** Files bondify did not read because they are symlinks (other than masks to /dev/null). */
  skipped: string[];
}

function listOrSkip(root: string, dir: string, skipped: string[]): string[] {
  try {
    return listDir(root, dir);
  } catch {
    skipped.push(dir); // e.g. /lib -> usr/lib on merged-/usr systems: the same files are read via /usr/lib
    return [];
  }
}

/** `others`: the device's other links (live), so a catch-all that also serves them is not moved away. */
export function findConflicts(root: string, model: BondModel, others: string[] = []): Scan {
  const seen = new Set<string>();
  const out: Scan = { conflicts: [], skipped: [] };
  for (const dir of SEARCH_DIRS) {
    for (const name of listOrSkip(root, dir, out.skipped)) {
      if (!/\.(network|netdev)$/.test(name) || seen.has(name)) continue;
      seen.add(name);
      if (name.startsWith(OWN_PREFIX)) continue;
      const path = `${dir}/${name}`;
      const kind = lstatKind(root, path);
      if (kind.kind === 'symlink') {
        if (kind.link !== '/dev/null') out.skipped.push(path);
        continue;
      }
      if (kind.kind !== 'file') continue;
      const hit = scanFile(root, path, model, others);
      if (hit === null) continue;
      const ownName = (link: string) => `${OWN_PREFIX}${link}.${name.endsWith('.netdev') ? 'netdev' : 'network'}`;
      const wins = hit.matches.some((m) => name < ownName(m));
      out.conflicts.push({ path, ...hit, movable: dir === NETWORK_DIR, wins });
    }
  }
  return out;
}
