// An empty value for any flag that takes a path (an unset variable: `--root $MNT`) is a usage error naming the flag,
// never the current directory: every command's own run(), in-process, with its error reported as main reports it.
// Every other path is pinned into a scratch root, whose fingerprint must not change.
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/io.js';
import { reportError } from '../../../src/cli/report-error.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { EMPTY, pinned } from '../../support/empty-flags.js';
import { hashTree, put, standardRoot } from '../../support/fixtures.js';

type Run = (args: string[], io: Io) => Promise<number>;
const COMMANDS: Record<string, () => Promise<{ run: Run }>> = {
  apply: () => import('../../../src/cli/commands/apply.js'),
  plan: () => import('../../../src/cli/commands/plan.js'),
  rollback: () => import('../../../src/cli/commands/rollback.js'),
  backups: () => import('../../../src/cli/commands/backups.js'),
  confirm: () => import('../../../src/cli/commands/confirm.js'),
  cron: () => import('../../../src/cli/commands/cron.js'),
  check: () => import('../../../src/cli/commands/check.js'),
  status: () => import('../../../src/cli/commands/status.js'),
  init: () => import('../../../src/cli/commands/init.js'),
};

/** What `bondify <argv>` would print and exit with, without a process: main's catch included. */
async function bondify(argv: string[]): Promise<{ code: number; text: string }> {
  const [name = '', ...rest] = argv;
  let text = '';
  const io: Io = { out: (t) => void (text += t), err: (t) => void (text += t), color: false };
  const load = COMMANDS[name];
  if (load === undefined) throw new Error(`no command ${name} in this table`);
  try {
    return { code: await (await load()).run(rest, io), text };
  } catch (e) {
    const r = reportError(e);
    return { code: r.code, text: text + r.message };
  }
}

describe('an empty path flag is a usage error', () => {
  const rows = EMPTY.flatMap(([cmd, flag]) => [[`${cmd.join(' ')} ${flag} ''`, cmd, flag, [flag, '']], [`${cmd.join(' ')} ${flag}=`, cmd, flag, [`${flag}=`]]] as const);
  it.each(rows)('%s', async (_, cmd, flag, given) => {
    const root = standardRoot('empty');
    put(root, '/etc/bondify/bondify.ini', REFERENCE_INI);
    const before = hashTree(root);
    const r = await bondify([...cmd, ...pinned(cmd, flag, root), ...given]);
    // check is a monitoring plugin: a bad flag is UNKNOWN (3) there, a usage error (64) everywhere else.
    expect(r.code, r.text).toBe(cmd[0] === 'check' ? 3 : 64);
    expect(r.text).toContain(`${flag} is empty (an unset variable?)`);
    expect(hashTree(root)).toBe(before);
  });
});
