// Runs a bondify command in-process: the command's own run() with its output captured and a thrown error reported
// as main reports it (message and exit code). For tables that would otherwise start a process per row; what only
// the process adds (argv, exit status, the cwd) is tested through the built CLI in test/slow/cli.
import type { Io } from '../../src/cli/io.js';
import { reportError } from '../../src/cli/report-error.js';

type Run = (args: string[], io: Io) => Promise<number>;
const COMMANDS: Record<string, () => Promise<{ run: Run }>> = {
  apply: () => import('../../src/cli/commands/apply.js'),
  plan: () => import('../../src/cli/commands/plan.js'),
  rollback: () => import('../../src/cli/commands/rollback.js'),
  backups: () => import('../../src/cli/commands/backups.js'),
  confirm: () => import('../../src/cli/commands/confirm.js'),
  cron: () => import('../../src/cli/commands/cron.js'),
  check: () => import('../../src/cli/commands/check.js'),
  status: () => import('../../src/cli/commands/status.js'),
  init: () => import('../../src/cli/commands/init.js'),
};

/** What `bondify <argv>` would print and exit with, without a process: main's catch included. */
export async function bondify(argv: string[]): Promise<{ code: number; text: string; stdout: string; stderr: string }> {
  const [name = '', ...rest] = argv;
  let text = '';
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => {
      text += t;
      stdout += t;
    },
    err: (t) => {
      text += t;
      stderr += t;
    },
    color: false,
  };
  const load = COMMANDS[name];
  if (load === undefined) throw new Error(`no command ${name} in this table`);
  try {
    const code = await (await load()).run(rest, io);
    return { code, text, stdout, stderr };
  } catch (e) {
    const r = reportError(e);
    return { code: r.code, text: text + r.message, stdout, stderr: stderr + r.message };
  }
}
