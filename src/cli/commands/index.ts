// The command table: one line per command, each loaded only when it runs (`bondify check` starts from cron every
// minute on small boards). main dispatches through it; tests run the same commands in-process through it.
import type { Command } from '../io.js';

export const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  plan: () => import('./plan.js'),
  status: () => import('./status.js'),
  apply: () => import('./apply.js'),
  rollback: () => import('./rollback.js'),
  backups: () => import('./backups.js'),
  confirm: () => import('./confirm.js'),
  init: () => import('./init.js'),
  check: () => import('./check.js'),
  cron: () => import('./cron.js'),
  drill: () => import('./drill.js'),
};
