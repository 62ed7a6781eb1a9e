// `bondify init`, the reading half: which .network file networkd uses for each link (the first in its order that
// matches: globbed Name=, Type=, drop-ins applied, /etc over /run and /usr/lib by name), and how that file gives
// the link its addresses (static Address=, DHCP=yes|ipv4|ipv6, IPv6AcceptRA=), with what was seen, used and skipped.
import type { Ipv4Mode, Ipv6Mode } from '../model/bond.js';
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
  ipv4: Ipv4Mode;
  ipv6: Ipv6Mode | null;
  /** How the file's keys became ipv4/ipv6, for the report: "DHCP=yes → ipv4 = dhcp, ipv6 = ra". */
  how: string;
  /** The link's permanent MAC when the live kernel shows one (never offline): the config names the slave by it. */
  mac?: string | null;
  /** The IAID of the link's DHCPv4 lease when the live kernel has one (never offline): the bond's dhcp_iaid. */
  iaid?: number | null;
}

/** What init saw, used and skipped: written as comments into bondify.ini and printed. */
export interface InitReport {
  saw: string[];
  used: string[];
  skipped: string[];
}

const TRUE = new Set(['yes', 'true', 'on', '1']);
const FALSE = new Set(['no', 'false', 'off', '0']);
const last = (u: UnitFile, section: string, key: string): string | null => values(u, section, key).at(-1)?.trim().toLowerCase() ?? null;
const bool = (v: string | null): boolean | null => (v === null ? null : TRUE.has(v) ? true : FALSE.has(v) ? false : null);
// A glob character: the name is a pattern, which only a list of links can resolve.
const PATTERN = /[*?[\]]/;

/** The [Match] keys set (a key reset to empty by a drop-in no longer takes part). */
const matchKeys = (u: UnitFile): string[] => [...(u.get('Match')?.entries() ?? [])].filter(([, v]) => v.length > 0).map(([k]) => k);

/** The [Match] keys init judges itself. WLANInterfaceType= is one: a wifi link bondify bonds is a station (it
 * associates with wpa_supplicant), and a wired link has no wifi type, so systemd's own 80-wifi-adhoc.network
 * (Type=wlan, WLANInterfaceType=ad-hoc), which sorts before wlan0.network, is known not to take wlan0. */
const JUDGED = new Set(['Name', 'Type', 'WLANInterfaceType']);

/** Whether a file applies to a link: 'sure' (only keys init judges, all pass), 'maybe' (other keys), or no. */
function matchOf(u: UnitFile, ifname: string, wireless: boolean): 'sure' | 'maybe' | null {
  const keys = matchKeys(u);
  if (!listMatches(matchPatterns(u, 'Name'), ifname) || !listMatches(matchPatterns(u, 'Type'), wireless ? 'wlan' : 'ether')) return null;
  const iftype = matchPatterns(u, 'WLANInterfaceType');
  if (iftype.length > 0 && (!wireless || !listMatches(iftype, 'station'))) return null;
  return keys.length > 0 && keys.every((k) => JUDGED.has(k)) ? 'sure' : 'maybe';
}

/** The file's [Match] and addressing keys in one line, as the report shows them. */
function summary(u: UnitFile): string {
  const m = matchKeys(u).map((k) => `${k}=${values(u, 'Match', k).join(' ')}`);
  const n = ['DHCP', 'Address', 'Gateway', 'IPv6AcceptRA', 'LinkLocalAddressing']
    .flatMap((k) => values(u, 'Network', k).map((v) => `${k}=${v}`))
    .concat(values(u, 'Address', 'Address').map((v) => `[Address] Address=${v}`));
  return `[Match] ${m.join(' ') || '(none)'}; ${n.join(' ') || 'no addressing keys'}`;
}

type Addressing = Omit<FoundLink, 'name' | 'file' | 'wireless' | 'mac'>;

/** How networkd gives the link its addresses from this file, in bondify.ini's terms; notes on what was dropped. */
function addressingOf(u: UnitFile, name: string, notes: string[]): Addressing {
  const addresses = [...values(u, 'Network', 'Address'), ...values(u, 'Address', 'Address')].map((a) => a.trim());
  const v4 = addresses.filter((a) => !a.includes(':'));
  const v6 = addresses.filter((a) => a.includes(':'));
  const dhcpRaw = last(u, 'Network', 'DHCP');
  const dhcp = dhcpRaw ?? 'no';
  const dhcp4 = TRUE.has(dhcp) || dhcp === 'both' || dhcp === 'ipv4' || dhcp === 'v4';
  const dhcp6 = TRUE.has(dhcp) || dhcp === 'both' || dhcp === 'ipv6' || dhcp === 'v6';
  const ra = bool(last(u, 'Network', 'IPv6AcceptRA'));
  const ll = last(u, 'Network', 'LinkLocalAddressing');
  const noLinkLocal = ll !== null && (FALSE.has(ll) || ll === 'ipv4');
  const ipv4: Ipv4Mode = v4.length > 0 ? 'static' : dhcp4 ? 'dhcp' : 'off';
  if (v4.length > 0 && dhcp4)
    notes.push(`${name}: DHCP=${dhcpRaw} for IPv4 dropped: the file also gives the static ${v4.join(', ')}, kept`);
  let ipv6: Ipv6Mode | null;
  if (noLinkLocal || ra === false) ipv6 = v6.length > 0 ? 'static' : 'off';
  else if (ra === true || dhcp6) ipv6 = 'ra';
  else ipv6 = v6.length > 0 ? 'static' : null;
  let gateway = values(u, 'Network', 'Gateway')[0] ?? values(u, 'Route', 'Gateway')[0] ?? null;
  if (gateway !== null) {
    const g = gateway;
    const family6 = g.includes(':');
    if (family6 ? ipv6 === 'ra' && v6.length === 0 : ipv4 === 'dhcp') {
      notes.push(`${name}: Gateway=${g} dropped: the ${family6 ? 'router advertisements give' : 'DHCP server gives'} the route`);
      gateway = null;
    }
  }
  const said = [dhcpRaw !== null ? `DHCP=${dhcpRaw}` : '', ra !== null ? `IPv6AcceptRA=${last(u, 'Network', 'IPv6AcceptRA')}` : '']
    .concat(ll !== null ? [`LinkLocalAddressing=${ll}`] : [], addresses.length > 0 ? [`Address=${addresses.join(' ')}`] : [])
    .filter((s) => s !== '');
  const v6why =
    ipv6 === 'ra' && ra === null
      ? " (networkd's defaults accept router advertisements; DHCPv6 when they ask for it)"
      : ipv6 === null
        ? ' (ipv6 not set: left to networkd)'
        : '';
  const how = `${said.join(' ') || 'no addressing keys'} → ipv4 = ${ipv4}${ipv6 === null ? '' : `, ipv6 = ${ipv6}`}${v6why}`;
  return { addresses, gateway, dns: words(u, 'Network', 'DNS'), ipv4, ipv6, how };
}

/**
 * The device's links: given by the user (--links: exactly those), or present in the running kernel (those, and the
 * names files spell out: a wlan0.network is meant for wlan0 even while it is down).
 */
export interface Links {
  names: readonly string[];
  given: boolean;
}

/**
 * The links the files configure. `links` null when unknown (an offline root without --links): then only names that
 * files spell out are resolved, and patterns are reported as unresolved.
 */
export function resolveLinks(
  files: StandardFile[],
  links: Links | null,
  isWireless: (ifname: string) => boolean,
): { found: FoundLink[]; report: InitReport } {
  const report: InitReport = { saw: [], used: [], skipped: [] };
  // networkd's order (bytes, not locale): the first file matching a link is the one it uses.
  const ordered = [...files]
    .filter((f) => f.name.endsWith('.network') && !f.name.startsWith(OWN_PREFIX))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of ordered) report.saw.push(`${f.file}: ${summary(f.unit)}`);
  const named = ordered.flatMap((f) =>
    values(f.unit, 'Match', 'Name').some((v) => v.startsWith('!')) ? [] : words(f.unit, 'Match', 'Name').filter((w) => !PATTERN.test(w)),
  );
  const spelled = [...new Set(named)].filter((n) => /^[A-Za-z0-9_.-]{1,15}$/.test(n));
  const candidates = links === null ? spelled : links.given ? links.names : [...new Set([...links.names, ...spelled])];
  const found: FoundLink[] = [];
  const usedFiles = new Set<string>();
  for (const name of candidates) {
    const wireless = isWireless(name);
    const hits = ordered.map((f) => ({ f, m: matchOf(f.unit, name, wireless) })).filter((h) => h.m !== null);
    const [first, ...rest] = hits;
    if (first === undefined) {
      report.skipped.push(`${name}: no .network file matches it`);
      continue;
    }
    if (first.m === 'maybe') {
      const keys = matchKeys(first.f.unit).filter((k) => !JUDGED.has(k));
      report.skipped.push(
        `${name}: ${first.f.file} may match it (${keys.join(', ') || 'no [Match] keys'}: not evaluated by bondify), so which file networkd uses is unknown`,
      );
      continue;
    }
    usedFiles.add(first.f.file);
    for (const r of rest)
      report.skipped.push(`${r.f.file} for ${name}: it matches too, but networkd uses the first in its order (${first.f.name})`);
    const notes: string[] = [];
    const a = addressingOf(first.f.unit, name, notes);
    report.skipped.push(...notes);
    if (a.addresses.length === 0 && a.ipv4 !== 'dhcp' && a.ipv6 !== 'ra') {
      report.skipped.push(`${name}: ${first.f.file} gives it no address (no Address=, no DHCP, no router advertisements)`);
      continue;
    }
    report.used.push(`${name} (${wireless ? 'wireless' : 'wired'}) from ${first.f.file}: ${a.how}`);
    found.push({ name, file: first.f.file, wireless, ...a });
  }
  for (const f of ordered) {
    if (usedFiles.has(f.file)) continue;
    const patterns = words(f.unit, 'Match', 'Name').filter((w) => PATTERN.test(w));
    const why =
      links === null && patterns.length > 0
        ? `Name=${patterns.join(' ')} is a pattern and this root's links are unknown (pass --links eth0,wlan0)`
        : 'networkd uses it for none of the links here';
    if (!report.skipped.some((s) => s.startsWith(`${f.file} for `))) report.skipped.push(`${f.file}: ${why}`);
  }
  return { found, report };
}
