// `bondify init`: a bondify.ini written from an existing standard method (one .network per link, each with its
// own static address): the wired link becomes the primary, the bond keeps the primary's address, gateway and
// DNS, and each link's own settings are kept in [slave.<name>] for `rollback --to standard`.
import { BondifyError } from '../errors.js';
import { OWN_PREFIX } from '../model/planned-file.js';
import { listMatches, matchPatterns, values, words, type UnitFile } from '../networkd/unit-file.js';

/** A .network file as networkd reads it (drop-ins applied); `file` is how messages name it. */
export interface StandardFile {
  name: string;
  file: string;
  unit: UnitFile;
}

export interface FoundLink {
  name: string;
  file: string;
  addresses: string[];
  gateway: string | null;
  dns: string[];
  wireless: boolean;
  /** The link's permanent MAC when the live kernel shows one (never offline): the config names the slave by it. */
  mac?: string | null;
}

/** Whether networkd surely gives `ifname` this file: only Name=/Type= set (and at least one), and both pass. */
function surelyMatches(u: UnitFile, ifname: string, wireless: boolean): boolean {
  const keys = [...(u.get('Match')?.entries() ?? [])].filter(([, v]) => v.length > 0).map(([k]) => k);
  if (keys.length === 0 || keys.some((k) => k !== 'Name' && k !== 'Type')) return false;
  return listMatches(matchPatterns(u, 'Name'), ifname) && listMatches(matchPatterns(u, 'Type'), wireless ? 'wlan' : 'ether');
}

/**
 * Links configured by a file that names exactly one interface and gives it static addresses — and that networkd
 * really uses for it: a file sorting earlier that surely matches the link too (a glob, a catch-all) takes it.
 */
export function findStandardLinks(files: StandardFile[], isWireless: (ifname: string) => boolean): FoundLink[] {
  const out: FoundLink[] = [];
  // networkd's order (bytes, not locale): the first file matching a link is the one it uses.
  const ordered = [...files]
    .filter((f) => f.name.endsWith('.network') && !f.name.startsWith(OWN_PREFIX))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [i, f] of ordered.entries()) {
    const u = f.unit;
    const names = values(u, 'Match', 'Name').some((v) => v.startsWith('!')) ? [] : words(u, 'Match', 'Name');
    const only = names.length === 1 && /^[A-Za-z0-9_.-]{1,15}$/.test(names[0] ?? '') ? (names[0] as string) : null;
    const addresses = [...values(u, 'Network', 'Address'), ...values(u, 'Address', 'Address')];
    if (only === null || addresses.length === 0 || out.some((l) => l.name === only)) continue;
    const wireless = isWireless(only);
    if (ordered.slice(0, i).some((e) => surelyMatches(e.unit, only, wireless))) continue;
    const gateway = values(u, 'Network', 'Gateway')[0] ?? values(u, 'Route', 'Gateway')[0] ?? null;
    out.push({ name: only, file: f.file, addresses, gateway, dns: words(u, 'Network', 'DNS'), wireless });
  }
  return out;
}

const line = (k: string, v: string | null | undefined | string[]) => {
  const s = Array.isArray(v) ? v.join(', ') : v;
  return s ? [`${k} = ${s}`] : [];
};

const macLine = (l: FoundLink): string[] =>
  l.mac ? [`mac = ${l.mac}`] : l.mac === null ? [`; ${l.name}: no permanent MAC found (sysfs, ethtool -P), so it is matched by name`] : [];

/** The bondify.ini text; wired links first (the first wired one is the primary). */
export function initIni(links: FoundLink[], source: string, bond = 'bond0'): string {
  if (links.length < 2) {
    const found = links.map((l) => `${l.name} (${l.file})`).join(', ') || 'none';
    throw new BondifyError('data', `a bond needs two links with their own .network file and static address; found ${found}`, {
      file: source,
      fix: 'write the standard method first (one .network per link with Address= and Gateway=), or write bondify.ini by hand',
    });
  }
  const ordered = [...links.filter((l) => !l.wireless), ...links.filter((l) => l.wireless)];
  const primary = ordered[0] as FoundLink;
  const wifi = ordered.some((l) => l.wireless);
  return [
    `; bondify.ini — written by 'bondify init' from the standard method in ${source}`,
    '[bond]',
    `name = ${bond}`,
    `slaves = ${ordered.map((l) => l.name).join(', ')}`,
    `primary = ${primary.name}`,
    'miimon = 100ms',
    'updelay = 200ms',
    'downdelay = 0ms',
    'primary_reselect = always',
    `fail_over_mac = ${wifi ? 'active' : 'none'}`,
    'gratuitous_arp = 3',
    '',
    '[network]',
    ...line('address', primary.addresses),
    ...line('gateway', primary.gateway),
    ...line('dns', primary.dns),
    '',
    "; Each link's own settings under the standard method, restored by 'rollback --to standard'.",
    ...(links.some((l) => l.mac !== undefined)
      ? ["; mac: the link's permanent MAC; bondify's files match the link by it, so it stays a slave after a rename (eth0 → end0)."]
      : []),
    ...ordered.flatMap((l) => [
      `[slave.${l.name}]`,
      ...line('address', l.addresses),
      ...line('gateway', l.gateway),
      ...line('dns', l.dns),
      // What init saw, both ways: a link left to `auto` is guessed from its name (with a warning) where it is absent.
      `wireless = ${l.wireless ? 'yes' : 'no'}`,
      ...macLine(l),
      '',
    ]),
  ].join('\n');
}
