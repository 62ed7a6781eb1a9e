// `bondify rollback`: flags, and which config (if any) tells it about the bond; the work is usecases/rollback.ts.
import type { Io } from '../io.js';
import { numberFlag, parseCommandArgs, rootFlag } from '../args.js';
import { nodeHost } from '../../system/node-host.js';
import { BondifyError } from '../../errors.js';
import { loadConfig } from '../../config/index.js';
import { renderStandard } from '../../render/index.js';
import { rollback } from '../../usecases/rollback.js';
import { autoRevert } from '../../usecases/confirm.js';
import type { Host } from '../../system/host.js';
import { STATE_DIR } from '../../system/paths.js';
import { exitCodeOf } from '../exit.js';

const HELP = `usage: bondify rollback [--to backup|standard] [--config PATH] [--root DIR] [--timeout SECONDS] [--no-verify]

Undoes bondify. By default restores the files of the apply backups byte for byte (contents, modes,
owners), newest first, back to the state before bondify; with --to standard writes the standard
method (one .network per link with its own address) from the config instead. Either way bondify's own
files (10-bondify-*, /etc/modprobe.d/bondify.conf) are removed, the bond link is deleted, networkd is
reloaded, and each former slave is checked for its address and the gateway. Files are put back before
bondify's go, so a reboot at any moment finds links that come up. When nothing differs it says
'nothing to roll back' and takes no backup. A backup whose manifest names a path outside
/etc/systemd/network, /etc/modprobe.d or ${STATE_DIR} is refused before anything is written.

  --to backup|standard   what to go back to (default: backup)
  --config PATH          bondify.ini (default: what the newest apply recorded, else /etc/bondify/bondify.ini)
  --root DIR             roll back an offline root: no reload, no verification
  --timeout SECONDS      how long verification may take (default 60)
  --no-verify            do not verify
  --auto BACKUP          (used by the revert timer of 'apply --confirm') revert that apply unless confirmed

exit: 0 rolled back (or nothing to roll back), 64 usage, 65 a backup manifest bondify will not restore
from, 66 --config does not exist, 69 no backup (try --to standard), 75 rolled back but not healthy, 77 not root, 78 no usable config
`;

/** The default config, when there is one; rollback works without it. */
function defaultModel(host: Host) {
  try {
    return loadConfig(host, undefined, { allowDefault: false }).model;
  } catch {
    return null;
  }
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('rollback', args, {
    to: { type: 'string' },
    config: { type: 'string' },
    root: { type: 'string' },
    timeout: { type: 'string' },
    'no-verify': { type: 'boolean' },
    auto: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const to = values.to ?? 'backup';
  if (to !== 'backup' && to !== 'standard')
    throw new BondifyError('usage', `rollback: --to must be backup or standard`, { value: to, fix: '--to backup or --to standard' });
  const host = nodeHost({ root: rootFlag('rollback', values.root) });
  if (host.live && !host.isRoot())
    throw new BondifyError('noperm', 'rollback changes the network configuration and needs root', {
      fix: 'run it as root: sudo bondify rollback',
    });
  // Wifi re-associating after leaving the bond took up to 30 s in the lab: give the way back room.
  const timeoutMs = numberFlag('rollback', 'timeout', values.timeout, 60) * 1000;
  const report = (l: string) => io.out(l + '\n');
  if (values.auto !== undefined) return exitCodeOf({ outcome: await autoRevert(host, values.auto, timeoutMs, report) });
  const model = values.config !== undefined ? loadConfig(host, values.config, { allowDefault: false }).model : null;
  const res = await rollback(
    host,
    { to, model, fallbackModel: model ? null : defaultModel(host), renderStandard, verify: values['no-verify'] !== true, timeoutMs },
    report,
  );
  return exitCodeOf(res);
}
