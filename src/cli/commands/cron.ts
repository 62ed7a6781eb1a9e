// `bondify cron install [--every MINUTES] [--timer] [--root DIR] [--ping] [--prom PATH] [--heal]` and `bondify cron remove [--root DIR]`.
import path from 'node:path';
import type { Io } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { selfArgv } from '../self.js';
import { BondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { installSchedule, removeSchedule } from '../../schedule/install.js';

const HELP = `usage: bondify cron install [--every MINUTES] [--timer] [--root DIR] [--ping] [--prom PATH] [--heal]
       bondify cron remove [--root DIR]

install  runs 'bondify check' every MINUTES (default 1) with its output in the journal: a cronie entry in
         /etc/cron.d/bondify, or with --timer a bondify-check.service + .timer pair, enabled. Idempotent.
remove   undoes exactly what install did (disables the timer, deletes only the files bondify wrote).

  --every MINUTES   1 to 60
  --timer           use a systemd timer instead of cron
  --root DIR        write into an offline root (an SD-card image); the timer is enabled with systemctl --root
  --ping, --prom PATH   passed on to 'bondify check'
  --heal            run 'bondify check --heal': also repair what re-applying fixes (see 'bondify check --help');
                    installing again without --heal goes back to the plain check
`;

function every(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 60) {
    throw new BondifyError('usage', 'cron: --every must be a whole number of minutes from 1 to 60', { value, fix: 'e.g. --every 5' });
  }
  return n;
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('cron', args, {
    every: { type: 'string' },
    timer: { type: 'boolean' },
    root: { type: 'string' },
    ping: { type: 'boolean' },
    prom: { type: 'string' },
    heal: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [action, ...extra] = positionals;
  if ((action !== 'install' && action !== 'remove') || extra.length > 0) {
    throw new BondifyError('usage', `cron: expected 'install' or 'remove', got ${JSON.stringify(positionals.join(' '))}`, { fix: "run 'bondify cron --help'" });
  }
  if (values.prom !== undefined && !path.isAbsolute(values.prom)) {
    throw new BondifyError('usage', 'cron: --prom needs an absolute path (cron and systemd do not run in this directory)', { value: values.prom });
  }
  const root = path.resolve(values.root ?? '/');
  const host = nodeHost({ root });
  const report = (line: string) => io.out(line + '\n');
  if (action === 'remove') {
    if (!(await removeSchedule(host, report))) report('nothing to remove: no schedule installed by bondify');
    return 0;
  }
  // Live: this very bondify (node + its main script), immune to PATH; offline: the name, found through PATH.
  const self = host.live ? selfArgv() : ['bondify'];
  const check = [...self, 'check', ...(values.ping ? ['--ping'] : []), ...(values.prom ? ['--prom', values.prom] : []), ...(values.heal ? ['--heal'] : [])];
  const minutes = every(values.every);
  await installSchedule(host, { check, every: minutes, timer: values.timer === true }, report);
  report(`bondify check${values.heal ? ' --heal' : ''} runs every ${minutes} minute${minutes === 1 ? '' : 's'} (${values.timer ? 'systemd timer' : 'cron'})`);
  return 0;
}
