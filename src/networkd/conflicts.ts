// Which other networkd files would configure the bond's slaves (or define the bond) and so compete with
// bondify's: the standard method's eth0.network/wlan0.network, catch-alls such as `Name=eth* en*`. Each file is
// judged as networkd sees it: the copy that wins over same-named ones, masks honoured, drop-ins applied.
import { OWN_PREFIX, NETWORK_DIR } from '../model/planned-file.js';
import type { BondModel } from '../model/bond.js';
import { listMatches, matchPatterns, words, type UnitFile } from './unit-file.js';
import { dropinsFor, readNetworkdFiles, SEARCH_DIRS, type EffectiveFile, type Skipped } from './files.js';

export { SEARCH_DIRS } from './files.js';

export interface Conflict {
  path: string;
  /** Drop-ins networkd applies to it (they may be what makes it match). */
  dropins: string[];
  /** The file with its drop-ins applied. */
  unit: UnitFile;
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
  /** Same-named files in later folders: moving this one aside would let networkd read the next one instead. */
  hides: string[];
  /** The hidden file that moving this one aside would bring into use, when it matches a slave or the bond too. */
  uncovers: string | null;
}

const EVALUATED = new Set(['Name', 'Type']);

/** A link's Type= as networkd sees it: the device type (wlan, bond), else the hardware type (ether). */
type LinkType = 'ether' | 'wlan' | 'bond';

/** Whether a [Match] section applies to a link; systemd ANDs the keys. */
function linkMatches(u: UnitFile, ifname: string, type: LinkType): boolean {
  return listMatches(matchPatterns(u, 'Name'), ifname) && listMatches(matchPatterns(u, 'Type'), type);
}

type Hit = Pick<Conflict, 'matches' | 'uncertain' | 'alsoMatches'>;

function judge(f: EffectiveFile, model: BondModel, others: string[]): Hit | null {
  const u = f.unit;
  if (f.name.endsWith('.netdev')) {
    return words(u, 'NetDev', 'Name').includes(model.name) ? { matches: [model.name], uncertain: [], alsoMatches: [] } : null;
  }
  // Keys set to an empty list (reset by a drop-in) no longer take part in the match.
  const uncertain = [...(u.get('Match')?.entries() ?? [])].filter(([k, v]) => !EVALUATED.has(k) && v.length > 0).map(([k]) => k);
  const matches = model.slaves.filter((s) => linkMatches(u, s.name, s.wireless ? 'wlan' : 'ether')).map((s) => s.name);
  if (linkMatches(u, model.name, 'bond')) matches.push(model.name);
  if (matches.length === 0) return null;
  const alsoMatches = others.filter((o) => linkMatches(u, o, 'ether'));
  return { matches: [...new Set(matches)], uncertain, alsoMatches };
}

export interface Scan {
  conflicts: Conflict[];
  /** What bondify did not read (symlinks other than masks, oversized files, unreadable folders), and why. */
  skipped: Skipped[];
  /** Drop-ins for bondify's own file names: networkd applies them on top of what bondify writes. */
  ownDropins: string[];
}

/** `others`: the device's other links (live), so a catch-all that also serves them is not moved away. */
export function findConflicts(root: string, model: BondModel, others: string[] = []): Scan {
  const read = readNetworkdFiles(root, (n) => /\.(network|netdev)$/.test(n) && !n.startsWith(OWN_PREFIX));
  const own = [model.name, ...model.slaves.map((s) => s.name)].flatMap((l) => [
    `${OWN_PREFIX}${l}.network`,
    ...(l === model.name ? [`${OWN_PREFIX}${l}.netdev`] : []),
  ]);
  const out: Scan = { conflicts: [], skipped: read.skipped, ownDropins: own.flatMap((n) => dropinsFor(root, n, read.skipped)) };
  for (const f of read.files) {
    const hit = judge(f, model, others);
    if (hit === null) continue;
    const ownName = (link: string) => `${OWN_PREFIX}${link}.${f.name.endsWith('.netdev') ? 'netdev' : 'network'}`;
    const wins = hit.matches.some((m) => f.name < ownName(m));
    const movable = f.path.startsWith(`${NETWORK_DIR}/`);
    const uncovers = movable && f.hides.length > 0 ? uncovered(root, f.name, model) : null;
    out.conflicts.push({ path: f.path, dropins: f.dropins, unit: f.unit, ...hit, movable, wins, hides: f.hides, uncovers });
  }
  return out;
}

/** What networkd would use under `name` once the copy in /etc/systemd/network is gone, if it matches too. */
function uncovered(root: string, name: string, model: BondModel): string | null {
  const lower = readNetworkdFiles(
    root,
    (n) => n === name,
    SEARCH_DIRS.filter((d) => d !== NETWORK_DIR),
    SEARCH_DIRS,
  );
  const f = lower.files[0];
  return f !== undefined && judge(f, model, []) !== null ? f.path : null;
}
