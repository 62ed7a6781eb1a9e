// `bondify apply`: flags and the terminal (the y/N question, Enter to confirm); the transaction is src/apply.
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Io } from '../io.js';
import { numberFlag, parseCommandArgs } from '../args.js';
import { rootFlag } from './plan.js';
import { nodeHost } from '../../system/node-host.js';
import { BondifyError } from '../../errors.js';
import { loadConfig } from '../../config/index.js';
import { renderBond } from '../../render/index.js';
import { apply } from '../../apply/apply.js';

const HELP = `usage: bondify apply [--config PATH] [--root DIR] [--dry-run] [--yes] [--timeout SECONDS]
                    [--confirm [SECONDS]] [--no-verify]

Checks the system (preflight), then in one transaction under a lock: backs up every file it will
create, change or move aside (to /var/lib/bondify/backups/<time>/), writes bondify's files atomically,
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

exit: 0 applied or nothing to do, 1 declined, 64 usage, 69 preflight failed, 74 a file could not be
written, 75 not healthy (reverted), 77 not root, 78 invalid config
`;

/** `--confirm` may come without a number: then it means 120 seconds. */
export function withConfirmDefault(args: string[]): string[] {
  const out = [...args];
  const i = out.indexOf('--confirm');
  if (i >= 0 && (out[i + 1] === undefined || out[i + 1]?.startsWith('-'))) out.splice(i + 1, 0, '120');
  return out;
}

/** How the detached revert timer runs this bondify again. */
export const selfArgv = (): string[] => [process.execPath, fileURLToPath(new URL('../main.js', import.meta.url))];

const ask = (rl: Interface, q: string) => new Promise<string>((res) => rl.question(q, res));

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
  if (confirmSeconds !== null && !host.live) throw new BondifyError('usage', 'apply: --confirm needs the live system, not --root', { fix: 'drop --confirm or --root' });
  const loaded = loadConfig(host, values.config, { allowDefault: false });
  for (const w of loaded.warnings) io.err(`bondify: warning: ${w}\n`);
  const tty = process.stdin.isTTY === true;
  const rl = tty && !values['dry-run'] && (!values.yes || confirmSeconds !== null) ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  try {
    const res = await apply(host, loaded.model, renderBond(loaded.model), {
      dryRun: values['dry-run'] === true,
      verify: values['no-verify'] !== true,
      timeoutMs,
      confirmSeconds,
      self: selfArgv(),
      ...(rl && confirmSeconds !== null ? { enterPressed: () => new Promise<void>((res) => rl.once('line', () => res())) } : {}),
      approve: async (changes) => {
        if (values.yes) return true;
        if (rl === null) throw new BondifyError('usage', 'apply: stdin is not a terminal, so apply cannot ask before changing the system', { fix: 'pass --yes' });
        return /^y(es)?$/i.test((await ask(rl, `apply these ${changes.length} change(s)? [y/N] `)).trim());
      },
    }, (line) => io.out(line + '\n'));
    return res.exitCode;
  } finally {
    rl?.close();
  }
}
