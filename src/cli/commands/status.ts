// `bondify status [--bond NAME] [--bonding-file PATH] [--json]`: the kernel's view of the bond.
import type { Io } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { errorJson } from '../report-error.js';
import { isBondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { bondNameFromFile, readBondState } from '../../observe/read-state.js';
import { toStatusJson } from '../../observe/types.js';
import { formatStatus } from '../../observe/status-report.js';
import { loadPaint } from '../../observe/paint.js';

const HELP = `usage: bondify status [--bond NAME] [--bonding-file PATH] [--json]

Shows the kernel's view of the bond: mode, primary, active slave, and each slave's MII status,
speed, duplex, link failure count and permanent MAC.

  --bond NAME           the bond to show (default: bond0)
  --bonding-file PATH   read a saved copy of /proc/net/bonding/<bond> instead of the live kernel
  --json                print the state as JSON (null where the kernel does not say)

exit: 0 shown, 64 usage, 65 the file is unreadable or not a bonding status file, 66 --bonding-file does not
exist, 69 no such bond
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('status', args, {
    bond: { type: 'string' },
    'bonding-file': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const file = values['bonding-file'];
  const bond = values.bond ?? (file !== undefined ? bondNameFromFile(file) : null) ?? 'bond0';
  let state;
  try {
    state = readBondState(nodeHost(), { bond, bondingFile: file });
  } catch (e) {
    // Asked for JSON, a script gets the error as JSON on stdout too; the message and exit code are main's.
    if (values.json && isBondifyError(e)) io.out(JSON.stringify({ bond, ...errorJson(e) }, null, 2) + '\n');
    throw e;
  }
  if (values.json) {
    io.out(JSON.stringify(toStatusJson(state), null, 2) + '\n');
  } else {
    io.out(formatStatus(state, await loadPaint(io.color)));
  }
  return 0;
}
