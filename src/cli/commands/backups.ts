// `bondify backups`: the backups apply and rollback took, newest first, with what each holds.
import type { Io } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { rootFlag } from './plan.js';
import { nodeHost } from '../../system/node-host.js';
import { BACKUP_DIR, listBackups, type Manifest } from '../../apply/backup.js';
import { isConfirmed } from '../../apply/confirm.js';

const HELP = `usage: bondify backups [--root DIR] [--json]

Lists the backups in ${BACKUP_DIR}, newest first: when, which command took it, and every path it
holds (kept = the file's bytes are in the backup; absent = the file did not exist and is removed on restore).

exit: 0
`;

const WORD = { create: 'created', update: 'changed', 'move-aside': 'moved aside', remove: 'removed' } as const;

export function describeBackup(m: Manifest, confirmed: boolean): string {
  const head = `${m.id}  ${m.command}${m.bondifyPresent ? '' : ' (from the state before bondify)'}${confirmed ? ', confirmed' : ''}`;
  const lines = m.entries.map((e) => `    ${e.existed ? 'kept  ' : 'absent'} ${e.path} (${WORD[e.reason]}${e.existed ? `, ${(e.mode ?? 0).toString(8).padStart(4, '0')}, ${e.size} bytes` : ''})`);
  return [head, ...lines].join('\n') + '\n';
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('backups', args, { root: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const host = nodeHost({ root: rootFlag('backups', values.root) });
  const all = listBackups(host.root).reverse();
  if (values.json) {
    io.out(JSON.stringify(all.map((m) => ({ id: m.id, createdAt: m.createdAt, command: m.command, bondifyPresent: m.bondifyPresent, confirmed: isConfirmed(host.root, m.id), entries: m.entries.map(({ path, existed, reason, mode, size, sha256 }) => ({ path, existed, reason, mode, size, sha256 })) })), null, 2) + '\n');
    return 0;
  }
  if (all.length === 0) {
    io.out(`no backups in ${BACKUP_DIR}\n`);
    return 0;
  }
  io.out(all.map((m) => describeBackup(m, isConfirmed(host.root, m.id))).join('\n'));
  return 0;
}
