// `bondify confirm`: keep a change made with `apply --confirm`, stopping its revert timer.
import type { Io } from '../io.js';
import { parseCommandArgs, rootFlag } from '../args.js';
import { nodeHost } from '../../system/node-host.js';
import { confirmPending } from '../../usecases/confirm.js';
import { BondifyError } from '../../errors.js';

const HELP = `usage: bondify confirm [--root DIR]

Keeps the configuration applied by 'bondify apply --confirm SECONDS' and cancels its automatic
revert. Must run before the deadline.

exit: 0 confirmed, 69 nothing waits for confirmation, 75 too late (it is being reverted)
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('confirm', args, { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const host = nodeHost({ root: rootFlag('confirm', values.root) });
  if (host.live && !host.isRoot())
    throw new BondifyError('noperm', 'confirm changes what bondify keeps and needs root', { fix: 'run it as root: sudo bondify confirm' });
  await confirmPending(host, (l) => io.out(l + '\n'));
  return 0;
}
