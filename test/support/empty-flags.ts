// Every flag that takes a path, per command: an empty value (an unset variable) must be a usage error. Shared by
// the in-process table (test/unit/cli/empty-flags.test.ts) and the built-CLI run (test/slow/reliability).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE = fileURLToPath(new URL('../fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt', import.meta.url));

// [the command, the empty flag]; every other path is pinned into the scratch root, so even a bondify that took the
// empty value for the current directory (the scratch root) could not touch this host.
export const EMPTY: Array<[string[], string]> = [
  [['apply', '--yes'], '--root'],
  [['plan'], '--root'],
  [['rollback'], '--root'],
  [['backups'], '--root'],
  [['backups', 'prune'], '--root'],
  [['confirm'], '--root'],
  [['cron', 'install'], '--root'],
  [['check', '--bonding-file', FIXTURE], '--root'],
  [['apply', '--yes'], '--config'],
  [['plan'], '--config'],
  [['rollback'], '--config'],
  [['check', '--bonding-file', FIXTURE], '--config'],
  [['status'], '--bonding-file'],
  [['check'], '--bonding-file'],
  [['check', '--bonding-file', FIXTURE], '--state'],
  [['check', '--bonding-file', FIXTURE], '--prom'],
  [['cron', 'install'], '--prom'],
  [['init', '--write', '-'], '--from'],
  [['init'], '--write'],
];
export const pinned = (cmd: string[], flag: string, r: string): string[] => {
  const out: string[] = [];
  if (flag !== '--root' && ['apply', 'plan', 'rollback', 'cron'].includes(cmd[0] ?? '')) out.push('--root', r);
  if (cmd[0] === 'check' && flag !== '--state') out.push('--state', path.join(r, 'check-state.json'));
  return out;
};
