// `bondify init`: write bondify.ini from the standard method already on this device (see src/apply/init.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { BondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { inspectFile, listDir, readText, writeFileAtomic } from '../../system/fs.js';
import { DEFAULT_CONFIG_PATH, validateConfig, wirelessProbe } from '../../config/index.js';
import { findStandardLinks, initIni } from '../../apply/init.js';

const HELP = `usage: bondify init [--from DIR] [--write PATH|-] [--force]

Reads the standard method (one .network file per link, each with its own static address) and writes a
bondify.ini that keeps the primary link's address, gateway and DNS for the bond, and records each link's
own settings for 'bondify rollback --to standard'. Wired links come first; the first one is the primary.

  --from DIR      where the .network files are (default /etc/systemd/network)
  --write PATH    where to write (default ${DEFAULT_CONFIG_PATH}); '-' prints it instead
  --force         overwrite an existing file

exit: 0 written, 64 usage, 65 no standard method found, 66 --from does not exist,
      73 the file exists (use --force), 74 cannot write
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('init', args, { from: { type: 'string' }, write: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const from = path.resolve(values.from ?? '/etc/systemd/network');
  if (!existsSync(from)) {
    throw new BondifyError('noinput', 'the folder does not exist', { file: from, fix: 'pass --from the folder holding the standard method\'s .network files' });
  }
  const files = listDir('/', from).map((name) => ({ name, text: readText('/', path.posix.join(from, name)) ?? '' }));
  const probe = wirelessProbe(nodeHost());
  const links = findStandardLinks(files, (n) => probe(n) ?? /^(wlan|wl)/.test(n));
  const ini = initIni(links, from);
  validateConfig(ini, '(generated)', () => null); // what init writes must load; a bug here is ours, not the user's
  if (values.write === '-') {
    io.out(ini);
    return 0;
  }
  const target = path.resolve(values.write ?? DEFAULT_CONFIG_PATH);
  if (inspectFile('/', target) !== null && !values.force) {
    throw new BondifyError('cantcreat', 'the file exists; not overwriting it', { file: target, fix: 'pass --force to replace it, or --write another path' });
  }
  writeFileAtomic('/', target, ini, { mode: 0o644 });
  io.out(`wrote ${target} from ${links.map((l) => `${l.file} (${l.name} ${l.addresses.join(', ')})`).join(', ')}\n`);
  return 0;
}
