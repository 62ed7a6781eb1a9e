// `bondify check`: the health check cron runs every minute. Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
// Lean on purpose: no zod (config cached), no chalk, execa only when something must run (ping, logger, and iw
// for a configured wireless slave's power save on the live host, at most every 10 minutes unless --fresh).
import path from 'node:path';
import type { Io } from '../io.js';
import { parseCommandArgs, rootFlag } from '../args.js';
import { CHECK_EXIT } from '../exit.js';
import { BondifyError, isBondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { runCheck, type CheckOptions } from '../../usecases/check.js';
import { checkJson, formatCheck } from '../../observe/check-report.js';
import { STATE_FILE } from '../../observe/check-memory.js';

const HELP = `usage: bondify check [--bond NAME] [--bonding-file PATH] [--config PATH] [--ping] [--json] [--prom PATH] [--state PATH]
                    [--fresh] [--heal [--root DIR]]

Health check for cron and monitoring systems (monitoring-plugin output: one status line with perfdata, then details).

  --bond NAME           the bond to check (default: the config's, else bond0)
  --bonding-file PATH   judge a saved copy of /proc/net/bonding/<bond> instead of the live kernel; it never
                        touches the live state, syslog or failover count unless --state is given
  --config PATH         bondify.ini to compare with (default /etc/bondify/bondify.ini, skipped when absent)
  --ping                also ping the config's gateway through the bond (ping -c 1 -W 1 -I <bond> <gateway>)
  --json                print the result as JSON
  --prom PATH           write node_exporter textfile metrics to PATH (atomically); not writable: UNKNOWN
  --state PATH          where to remember the previous run (default ${STATE_FILE};
                        with --bonding-file, nothing is remembered without it)
  --fresh               read wifi power save with iw now; otherwise a reading up to 10 minutes old stands while
                        the link (ifindex, carrier, link failure count) is unchanged, and check says its age
  --heal                after judging, repair what re-applying fixes (as root, with a config file, under
                        apply's lock): finish an interrupted apply/rollback, revert an unconfirmed apply whose
                        deadline passed, or re-run the apply transaction (verify, revert on failure) when the
                        bond is missing or has the wrong mode/primary/fail_over_mac or a slave not enslaved.
                        Never for physical faults (carrier down, gateway silent). If an apply is running it
                        says so and does not wait. A heal in this run shows as 'healed: …' and at least WARNING.
  --root DIR            with --heal: heal an offline root (an SD-card image): config, state and journal under
                        DIR; only an interrupted transaction is finished there (its kernel is not this one)

perfdata: active_is_primary slaves_up link_failures (counter, unit c); U where the value is not known.

exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for bad flags, a missing file, metrics not written)
`;

export async function run(args: string[], io: Io): Promise<number> {
  let opts: CheckOptions;
  // Known before parsing: a monitoring system that asked for JSON gets JSON even when the other flags are bad.
  let json = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined).includes('--json');
  try {
    const { values } = parseCommandArgs('check', args, {
      bond: { type: 'string' },
      'bonding-file': { type: 'string' },
      config: { type: 'string' },
      ping: { type: 'boolean' },
      json: { type: 'boolean' },
      prom: { type: 'string' },
      state: { type: 'string' },
      fresh: { type: 'boolean' },
      heal: { type: 'boolean' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    json = values.json === true;
    opts = {
      bond: values.bond,
      bondingFile: values['bonding-file'],
      config: values.config,
      ping: values.ping === true,
      prom: values.prom === undefined ? undefined : path.resolve(values.prom),
      stateFile: values.state === undefined ? undefined : path.resolve(values.state),
      fresh: values.fresh === true,
    };
    if (values.root !== undefined && values.heal !== true) {
      throw new BondifyError('usage', 'check: --root is only for --heal (check judges the running kernel)', {
        fix: 'add --heal or drop --root',
      });
    }
    if (values.heal === true) {
      if (opts.bondingFile !== undefined) {
        throw new BondifyError('usage', 'check: --heal repairs the live system and cannot be used with --bonding-file', {
          fix: 'drop --bonding-file (or --heal)',
        });
      }
      // Lazy on purpose: heal loads zod and the apply code, which the every-minute plain check must not pay for.
      const { runCheckHeal, formatHealed, healedJson } = await import('../../usecases/check-heal.js');
      const r = await runCheckHeal(nodeHost({ root: rootFlag('check', values.root) }), opts, { timeoutMs: 30_000, lockWaitMs: 2_000 });
      io.out(json ? JSON.stringify(healedJson(r), null, 2) + '\n' : formatHealed(r));
      return CHECK_EXIT[r.outcome.health.status];
    }
    const outcome = await runCheck(nodeHost(), opts);
    io.out(json ? JSON.stringify(checkJson(outcome), null, 2) + '\n' : formatCheck(outcome));
    return CHECK_EXIT[outcome.health.status];
  } catch (e) {
    // A monitoring plugin answers UNKNOWN (3) for anything that stops it from judging, bad flags included.
    if (!isBondifyError(e)) throw e;
    const msg = `${e.details.file ? `${e.details.file}: ` : ''}${e.message}`;
    io.out(json ? JSON.stringify({ status: 'UNKNOWN', error: msg }, null, 2) + '\n' : `BONDIFY UNKNOWN - ${msg}\n`);
    return CHECK_EXIT.UNKNOWN;
  }
}
