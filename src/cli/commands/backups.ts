// `bondify backups`: the backups apply and rollback took, newest first, with what each holds.
import type { Io } from '../io.js';
import { parseCommandArgs, rootFlag } from '../args.js';
import { nodeHost } from '../../system/node-host.js';
import { BACKUP_DIR, listBackups, type Manifest } from '../../store/backup.js';
import { isConfirmed } from '../../usecases/confirm.js';
import { DEFAULT_KEEP, pruneBackups } from '../../usecases/prune.js';
import { BondifyError } from '../../errors.js';

const HELP = `usage: bondify backups [--root DIR] [--json]
       bondify backups prune [--keep N] [--root DIR]

Lists the backups in ${BACKUP_DIR}, newest first: when, which command took it, and every path it
holds (kept = the file's bytes are in the backup; absent = the file did not exist and is removed on restore).

prune removes old backups and prints each one it removed. It keeps the newest N (--keep, default
${DEFAULT_KEEP}), and beyond those never removes a backup the default 'bondify rollback' needs (the
applies back to the last one taken before bondify's files existed) nor the one an unfinished
transaction names (a change awaiting 'bondify confirm', or an interrupted run). It removes only folders
bondify provably made (named like its ids, holding its .bondify-backup marker); anything else in
${BACKUP_DIR} is left alone. apply prunes by the same rule after each change it keeps.

exit: 0 (prune: 0 pruned or nothing to prune, 64 usage, 75 another bondify holds the lock, 77 not root)
`;

// Modes read as plan --json spells them ("0644"), not as a decimal number (420).
const octalMode = (mode: number | undefined): string | undefined => (mode === undefined ? undefined : mode.toString(8).padStart(4, '0'));

const WORD = { create: 'created', update: 'changed', 'move-aside': 'moved aside', remove: 'removed' } as const;

export function describeBackup(m: Manifest, confirmed: boolean): string {
  const head = `${m.id}  ${m.command}${m.bondifyPresent ? '' : ' (from the state before bondify)'}${confirmed ? ', confirmed' : ''}`;
  const lines = m.entries.map(
    (e) =>
      `    ${e.existed ? 'kept  ' : 'absent'} ${e.path} (${WORD[e.reason]}${e.existed ? `, ${(e.mode ?? 0).toString(8).padStart(4, '0')}, ${e.size} bytes` : ''})`,
  );
  return [head, ...lines].join('\n') + '\n';
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'backups',
    args,
    { root: { type: 'string' }, json: { type: 'boolean' }, keep: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if ((sub !== undefined && sub !== 'prune') || extra.length > 0)
    throw new BondifyError('usage', `backups: unknown argument '${[sub, ...extra].join(' ')}'`, {
      fix: "run 'bondify backups' to list, 'bondify backups prune [--keep N]' to prune",
    });
  if (sub !== 'prune' && values.keep !== undefined)
    throw new BondifyError('usage', 'backups: --keep is for prune', { fix: `bondify backups prune --keep ${values.keep}` });
  const host = nodeHost({ root: rootFlag('backups', values.root) });
  if (sub === 'prune') {
    if (values.json)
      throw new BondifyError('usage', 'backups prune: --json is for the listing', { fix: 'bondify backups prune [--keep N]' });
    if (host.live && !host.isRoot())
      throw new BondifyError('noperm', `backups prune removes files in ${BACKUP_DIR} and needs root`, {
        fix: 'run it as root: sudo bondify backups prune',
      });
    const keep = values.keep === undefined ? DEFAULT_KEEP : /^\d+$/.test(values.keep) ? Number(values.keep) : NaN;
    if (!Number.isSafeInteger(keep))
      throw new BondifyError('usage', 'backups prune: --keep must be a whole number, 0 or more', {
        value: values.keep,
        fix: `e.g. --keep ${DEFAULT_KEEP}`,
      });
    await pruneBackups(host, keep, (l) => io.out(l + '\n'));
    return 0;
  }
  const all = listBackups(host.root).reverse();
  if (values.json) {
    io.out(
      JSON.stringify(
        all.map((m) => ({
          id: m.id,
          createdAt: m.createdAt,
          command: m.command,
          bondifyPresent: m.bondifyPresent,
          confirmed: isConfirmed(host.root, m.id),
          entries: m.entries.map(({ path, existed, reason, mode, size, sha256 }) => ({
            path,
            existed,
            reason,
            mode: octalMode(mode),
            size,
            sha256,
          })),
        })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (all.length === 0) {
    io.out(`no backups in ${BACKUP_DIR}\n`);
    return 0;
  }
  io.out(all.map((m) => describeBackup(m, isConfirmed(host.root, m.id))).join('\n'));
  return 0;
}
