// `bondify init`: a bondify.ini written from the .network files already on the device — a hand-written standard
// method (one file per link with its own static address) or what a distribution ships (eth.network `Name=eth*`,
// `DHCP=yes`): the wired link becomes the primary, the bond keeps the primary's addressing (static, DHCP, RAs),
// and each link's own settings are kept in [slave.<name>] for `rollback --to standard`. init-links.ts reads them.
import { BondifyError } from '../errors.js';
import { referenceBondLines } from '../config/default.js';
import { resolveLinks, type FoundLink, type InitReport, type StandardFile } from './init-links.js';

export { resolveLinks, type FoundLink, type InitReport, type StandardFile } from './init-links.js';

/** The links networkd configures from these files (see resolveLinks), without the report. */
export function findStandardLinks(
  files: StandardFile[],
  isWireless: (ifname: string) => boolean,
  links: readonly string[] | null = null,
): FoundLink[] {
  return resolveLinks(files, links === null ? null : { names: links, given: true }, isWireless).found;
}

const line = (k: string, v: string | null | undefined | string[]) => {
  const s = Array.isArray(v) ? v.join(', ') : v;
  return s ? [`${k} = ${s}`] : [];
};

const macLine = (l: FoundLink): string[] =>
  l.mac ? [`mac = ${l.mac}`] : l.mac === null ? [`; ${l.name}: no permanent MAC found (sysfs, ethtool -P), so it is matched by name`] : [];

/** ipv4/ipv6 lines where they differ from what address alone implies (a static file's lines stay as they were). */
const modeLines = (l: FoundLink): string[] => {
  const has = (v6: boolean) => l.addresses.some((a) => a.includes(':') === v6);
  return [
    ...(l.ipv4 !== (has(false) ? 'static' : 'off') ? [`ipv4 = ${l.ipv4}`] : []),
    ...(l.ipv6 !== (has(true) ? 'static' : null) && l.ipv6 !== null ? [`ipv6 = ${l.ipv6}`] : []),
  ];
};

// A comment line holds text from file names and values: no control characters (a line break would end it).
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const comment = (prefix: string, s: string) => `; ${prefix}${s.replace(/[\u0000-\u001f\u007f]/g, '?')}`;

/** The report as bondify.ini comment lines (and, without the "; ", what init prints). */
export function reportLines(r: InitReport): string[] {
  return [
    ...r.saw.map((s) => comment('saw: ', s)),
    ...r.used.map((s) => comment('used: ', s)),
    ...r.skipped.map((s) => comment('skipped: ', s)),
  ];
}

/** For a DHCP bond: the ethernet's own IAID, and the one line a router that reserves by MAC needs (README, Addresses). */
function identityLines(primary: FoundLink, wifi: boolean): string[] {
  const n = primary.name;
  return [
    ...(typeof primary.iaid === 'number'
      ? [
          `; dhcp_iaid: ${n}'s own DHCP IAID, read from its lease: the router sees the client it gave ${n}'s address to.`,
          `dhcp_iaid = ${primary.iaid}`,
        ]
      : []),
    `; A router that reserves this device's address for ${n}'s MAC refuses it to any other MAC: remove the ';' below so`,
    `; the bond keeps ${n}'s MAC${wifi ? ' (the wifi takes it too)' : ''} through a failover. README, "Addresses".`,
    primary.mac ? '; dhcp_identity = ethernet-mac' : `; dhcp_identity = ethernet-mac (needs mac = ${n}'s permanent MAC in [slave.${n}])`,
  ];
}

/** The bondify.ini text; wired links first (the first wired one is the primary). */
export function initIni(links: FoundLink[], source: string, bond = 'bond0', report: InitReport | null = null): string {
  if (links.length < 2) {
    const found = links.map((l) => `${l.name} (${l.file})`).join(', ') || 'none';
    throw new BondifyError(
      'data',
      `a bond needs two links whose .network file gives them an address (static, DHCP or RAs); found ${found}`,
      {
        file: source,
        fix: 'write a .network file for each link (Address= or DHCP=yes), pass --links when reading an offline root, or write bondify.ini by hand',
      },
    );
  }
  const ordered = [...links.filter((l) => !l.wireless), ...links.filter((l) => l.wireless)];
  const primary = ordered[0] as FoundLink;
  const wifi = ordered.some((l) => l.wireless);
  const dhcp = primary.ipv4 === 'dhcp';
  return [
    `; bondify.ini — written by 'bondify init' from the .network files in ${source}`,
    ...(report === null ? [] : reportLines(report)),
    '[bond]',
    `name = ${bond}`,
    `slaves = ${ordered.map((l) => l.name).join(', ')}`,
    `primary = ${primary.name}`,
    // The reference scenario's monitor and timers; the links decide the rest.
    ...referenceBondLines()
      .filter((l) => !/^(name|slaves|primary) =/.test(l))
      // With DHCP, fail_over_mac is left to dhcp_identity (active with a wifi slave, none with ethernet-mac): the one
      // line that turns ethernet-mac on must not meet a written policy that contradicts it.
      .flatMap((l) => (l.startsWith('fail_over_mac =') ? (dhcp ? [] : [`fail_over_mac = ${wifi ? 'active' : 'none'}`]) : [l])),
    '',
    '[network]',
    ...line('address', primary.addresses),
    ...line('gateway', primary.gateway),
    ...line('dns', primary.dns),
    ...modeLines(primary),
    ...(dhcp ? identityLines(primary, wifi) : []),
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
      ...modeLines(l),
      // What init saw, both ways: a link left to `auto` is guessed from its name (with a warning) where it is absent.
      `wireless = ${l.wireless ? 'yes' : 'no'}`,
      ...macLine(l),
      '',
    ]),
  ].join('\n');
}
