// `bondify init`: write bondify.ini from the standard method already on this device (see src/usecases/init.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { parseCommandArgs, rootFlag } from '../args.js';
import { BondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { underRoot } from '../../system/paths.js';
import { inspectFile, writeFileAtomic } from '../../system/fs.js';
import { DEFAULT_CONFIG_PATH, validateConfig, wirelessProbe } from '../../config/index.js';
import { initIni, reportLines, resolveLinks } from '../../usecases/init.js';
import { readNetworkdFiles, SEARCH_DIRS } from '../../networkd/files.js';
import { linkExists, listLinks, permanentMac } from '../../system/links.js';
import { leaseIaid } from '../../observe/addresses.js';
import { interfaceNameProblem } from '../../config/values.js';

/** --links eth0,wlan0: names as `ip link` shows them. */
function linkList(text: string): string[] {
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const n of names) {
    const p = interfaceNameProblem(n);
    if (p !== null)
      throw new BondifyError('usage', `init: --links: interface name ${JSON.stringify(n)} ${p}`, {
        fix: 'list the names `ip link` shows, e.g. --links eth0,wlan0',
      });
  }
  if (names.length === 0)
    throw new BondifyError('usage', 'init: --links is empty', { fix: 'list the links to bond, e.g. --links eth0,wlan0' });
  return names;
}

const HELP = `usage: bondify init [--from DIR | --root DIR] [--links LIST] [--write PATH|-] [--force]

Reads the .network files networkd uses for this device's links — a standard method (one file per link with
its own static address) or what the distribution ships (eth.network: Name=eth*, DHCP=yes) — and writes a
bondify.ini that keeps the primary link's addressing for the bond (static, ipv4 = dhcp, ipv6 = ra), and
records each link's own settings for 'bondify rollback --to standard'. Wired links come first; the first
one is the primary. For each link the first file in networkd's order that matches it is used (Name= globs
and Type= are evaluated); what init saw, used and skipped is printed and written as comments.
On the running system each link's permanent MAC is recorded too (mac = …, from sysfs or ethtool -P): the
bond's files then match the link by it, so it stays a slave when it is renamed (eth0 → end0).
Files are read as networkd reads them: drop-ins (<name>.network.d/*.conf) applied, masks (a symlink to
/dev/null or an empty file) skipped, other files (.link, .netdev) ignored; symlinks are never followed.

  --from DIR      the one folder the .network files are in (default: networkd's search path:
                  /etc/systemd/network, /run/systemd/network, /usr/local/lib/…, /usr/lib/…, /lib/…)
  --root DIR      an offline root (an SD card image): read its networkd folders and write
                  DIR${DEFAULT_CONFIG_PATH} unless --write says otherwise
  --links LIST    the links to bond, e.g. eth0,wlan0 (default: the links present on the running
                  system; for an offline root, the names its files spell out; patterns need --links)
  --write PATH    where to write (default ${DEFAULT_CONFIG_PATH}); '-' prints it instead
  --force         overwrite an existing file

exit: 0 written, 64 usage, 65 fewer than two links with an address, 66 --from does not exist,
      73 the file exists (use --force), 74 cannot write
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('init', args, {
    from: { type: 'string' },
    root: { type: 'string' },
    write: { type: 'string' },
    links: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.from !== undefined && values.root !== undefined)
    throw new BondifyError('usage', 'init: --from and --root do not go together', {
      fix: 'pass --root DIR to read an offline root, or --from DIR for one folder',
    });
  const root = rootFlag('init', values.root);
  // Paths as the user can open them: inside the root, prefixed with it.
  const shown = (target: string) => (root === '/' ? target : path.join(root, target));
  const from = values.from === undefined ? null : path.resolve(values.from);
  if (from !== null && !existsSync(from)) {
    throw new BondifyError('noinput', 'the folder does not exist', {
      file: from,
      fix: "pass --from the folder holding the standard method's .network files",
    });
  }
  const read = readNetworkdFiles(root, (n) => n.endsWith('.network'), from === null ? SEARCH_DIRS : [from]);
  for (const s of read.skipped) io.err(`bondify: warning: ${shown(s.path)} was not read: ${s.why}\n`);
  const files = read.files.map((f) => ({ name: f.name, file: [f.path, ...f.dropins].map(shown).join(' + '), unit: f.unit }));
  const probe = wirelessProbe(nodeHost({ root }));
  const host = nodeHost({ root });
  const given = values.links === undefined ? null : linkList(values.links);
  // The running kernel's links resolve Name=eth*; an offline root's are not this machine's.
  const present = given !== null ? { names: given, given: true } : host.live ? { names: listLinks(host.kernelRoot), given: false } : null;
  const { found, report } = resolveLinks(files, present, (n) => probe(n) ?? /^(wlan|wl)/.test(n));
  // Only the running kernel knows a link's permanent MAC; an offline root's links are not this machine's.
  const links = await Promise.all(
    found.map(async (l) =>
      host.live && linkExists(host.kernelRoot, l.name) ? { ...l, mac: await permanentMac(host, l.name), iaid: leaseIaid(host, l.name) } : l,
    ),
  );
  const source = from ?? (root === '/' ? (SEARCH_DIRS[0] as string) : root);
  const said = reportLines(report).map((l) => l.slice(2));
  let ini: string;
  try {
    ini = initIni(links, source, 'bond0', report);
  } catch (e) {
    for (const l of said) io.err(`bondify: init ${l}\n`); // why too few links were found
    throw e;
  }
  validateConfig(ini, '(generated)', () => null); // what init writes must load; a bug here is ours, not the user's
  if (values.write === '-') {
    io.out(ini);
    return 0;
  }
  const target = values.write !== undefined ? path.resolve(values.write) : underRoot(root, DEFAULT_CONFIG_PATH);
  if (inspectFile('/', target) !== null && !values.force) {
    throw new BondifyError('cantcreat', 'the file exists; not overwriting it', {
      file: target,
      fix: 'pass --force to replace it, or --write another path',
    });
  }
  writeFileAtomic('/', target, ini, { mode: 0o644 });
  const how = (l: (typeof links)[number]) =>
    [...l.addresses, ...(l.ipv4 === 'dhcp' ? ['DHCP'] : []), ...(l.ipv6 === 'ra' ? ['RA'] : [])].join(', ');
  io.out(`wrote ${target} from ${links.map((l) => `${l.file} (${l.name} ${how(l)})`).join(', ')}\n`);
  for (const l of said) io.out(`  ${l}\n`);
  return 0;
}
