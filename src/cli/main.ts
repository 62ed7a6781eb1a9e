#!/usr/bin/env node
// Entry point. Loads only the command it runs: `bondify check` starts from cron every minute on small boards.
import { processIo } from './io.js';
import { COMMANDS as commands } from './commands/index.js';
import { reportError } from './report-error.js';
import { EXIT } from './exit.js';
import { setEntry } from './self.js';

setEntry(import.meta.url);

const USAGE = `usage: bondify <command> [options]

commands:
  plan       show the files bondify would write, as a diff against the system
  apply      write them, reload systemd-networkd, verify, revert if unhealthy
  rollback   restore the files bondify replaced (or the standard method)
  backups    list the backups apply and rollback took ('backups prune' removes old ones)
  confirm    keep a change made with 'apply --confirm' (otherwise it is reverted)
  init       write bondify.ini from the standard method already on this device
  status     show the kernel's view of the bond
  check      health check for cron / monitoring (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)
  cron       run check every minute from cron or a systemd timer (install / remove)
  drill      make the backup active for a few seconds, measure it, return (exit 0 passed … 3 could not run)

Run 'bondify help <command>' (or 'bondify <command> --help') for its options and exit codes.
`;

async function main(argv: string[]): Promise<number> {
  const io = processIo();
  // `bondify help <command>` is that command's --help.
  const [name, ...rest] = argv[0] === 'help' && argv[1] !== undefined ? [argv[1], '--help', ...argv.slice(2)] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT.usage : 0;
  }
  if (name === '--version') {
    const { version } = await import('./version.js');
    io.out(`bondify ${version()}\n`);
    return 0;
  }
  // Own keys only: `bondify constructor` must be an unknown command, not Object's constructor.
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.err(`bondify: unknown command '${name}'\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const { run } = await load();
    return await run(rest, io);
  } catch (e) {
    const { message, code } = reportError(e);
    io.err(message);
    return code;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(reportError(e).message);
    process.exitCode = EXIT.software;
  },
);
