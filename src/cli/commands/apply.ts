// `bondify apply`: flags and the terminal (the y/N question, Enter to confirm); the transaction is usecases/apply.ts.
import { createInterface, type Interface } from 'node:readline';
import type { Io } from '../io.js';
import { numberFlag, parseCommandArgs, rootFlag } from '../args.js';
import { nodeHost } from '../../system/node-host.js';
import { BondifyError } from '../../errors.js';
import { loadConfig } from '../../config/index.js';
import { renderBond } from '../../render/index.js';
import { apply } from '../../usecases/apply.js';
import { selfArgv } from '../self.js';
import { BACKUP_DIR } from '../../store/backup.js';
import { exitCodeOf } from '../exit.js';

const HELP = `usage: bondify apply [--config PATH] [--root DIR] [--dry-run] [--yes] [--timeout SECONDS]
                    [--confirm [SECONDS]] [--no-verify]

Checks the system (preflight), then in one transaction under a lock: backs up every file it will
create, change or move aside (to ${BACKUP_DIR}/<time>/), writes bondify's files atomically,
reloads systemd-networkd and verifies the bond. If it is not healthy in time, the backup is restored
automatically and apply exits 75.

  --config PATH       bondify.ini (default /etc/bondify/bondify.ini; apply never falls back to a default)
  --root DIR          write into an offline root (an SD card image): no reload, no verification
  --dry-run           preflight and plan only; nothing changes
  --yes               do not ask before changing the system
  --timeout SECONDS   how long verification may take (default 30)
  --confirm SECONDS   keep the change only if 'bondify confirm' (or Enter) comes within SECONDS
                      (default 120); otherwise a detached timer reverts it, even if this session dies
  --no-verify         reload but do not verify (nothing is reverted automatically)

exit: 0 applied or nothing to do, 1 declined at the question, 64 usage, 66 --config does not exist, 69 preflight
failed, 74 a file could not be written, 75 not healthy (reverted), 77 not root, 78 invalid config
`;

/** `--confirm` may come without a number: then it means 120 seconds. */
export function withConfirmDefault(args: string[]): string[] {
  const out = [...args];
  const i = out.indexOf('--confirm');
  if (i >= 0 && (out[i + 1] === undefined || out[i + 1]?.startsWith('-'))) out.splice(i + 1, 0, '120');
  return out;
}

/** The y/N question. On a terminal readline reads raw keys, so Ctrl-C and Ctrl-D never reach the process as a
 * signal or an end of input: unanswered, the question would stay pending until node ran out of work and ended with
 * exit 0, its lock left on disk. Both mean no here. */
export function askYesNo(rl: Interface, question: string, newline: () => void): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (yes: boolean) => {
      rl.off('SIGINT', interrupted).off('close', interrupted);
      resolve(yes);
    };
    const interrupted = () => {
      newline();
      settle(false);
    };
    rl.on('SIGINT', interrupted).on('close', interrupted);
    rl.question(question, (answer) => settle(/^y(es)?$/i.test(answer.trim())));
  });
}

/** Ctrl-C after the question (verify, the confirm window) ends apply as it would without a terminal: by SIGINT,
 * once the terminal is back in its normal mode (an unconfirmed change is then reverted by the timer). */
export function interruptLikeNoTerminal(rl: Interface, asking: () => boolean): void {
  rl.on('SIGINT', () => {
    if (asking()) return;
    rl.close();
    process.kill(process.pid, 'SIGINT');
  });
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('apply', withConfirmDefault(args), {
    config: { type: 'string' },
    root: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    timeout: { type: 'string' },
    confirm: { type: 'string' },
    'no-verify': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const host = nodeHost({ root: rootFlag('apply', values.root) });
  const timeoutMs = numberFlag('apply', 'timeout', values.timeout, 30) * 1000;
  const confirmSeconds = values.confirm === undefined ? null : numberFlag('apply', 'confirm', values.confirm, 120);
  if (confirmSeconds !== null && !host.live)
    throw new BondifyError('usage', 'apply: --confirm needs the live system, not --root', { fix: 'drop --confirm or --root' });
  const loaded = loadConfig(host, values.config, { allowDefault: false });
  for (const w of loaded.warnings) io.err(`bondify: warning: ${w}\n`);
  const tty = process.stdin.isTTY === true;
  const rl =
    tty && !values['dry-run'] && (!values.yes || confirmSeconds !== null)
      ? createInterface({ input: process.stdin, output: process.stdout })
      : null;
  let asking = false;
  if (rl) interruptLikeNoTerminal(rl, () => asking);
  try {
    const res = await apply(
      host,
      loaded.model,
      renderBond(loaded.model),
      {
        dryRun: values['dry-run'] === true,
        verify: values['no-verify'] !== true,
        timeoutMs,
        confirmSeconds,
        self: selfArgv(),
        ...(rl && confirmSeconds !== null ? { enterPressed: () => new Promise<void>((res) => rl.once('line', () => res())) } : {}),
        approve: async (changes) => {
          if (values.yes) return true;
          if (rl === null)
            throw new BondifyError('usage', 'apply: stdin is not a terminal, so apply cannot ask before changing the system', {
              fix: 'pass --yes',
            });
          asking = true;
          return askYesNo(rl, `apply these ${changes.length} change(s)? [y/N] `, () => io.out('\n')).finally(() => (asking = false));
        },
      },
      (line) => io.out(line + '\n'),
    );
    return exitCodeOf(res);
  } finally {
    rl?.close();
  }
}
