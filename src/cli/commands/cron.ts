// `bondify cron install [--every MINUTES] [--timer] [--root DIR] [--bin PATH] [--ping] [--prom PATH] [--heal]` and
// `bondify cron remove [--root DIR]`.
import path from 'node:path';
import type { Io } from '../io.js';
import { parseCommandArgs, rootFlag } from '../args.js';
import { selfArgv } from '../self.js';
import { BondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { lstatKind } from '../../system/fs.js';
import type { Host } from '../../system/host.js';
import { installSchedule, removeSchedule } from '../../schedule/install.js';
import { CRON_EVERY, DEFAULT_EVERY, PACKAGED_CHECK, hasControl } from '../../schedule/units.js';

const HELP = `usage: bondify cron install [--every MINUTES] [--timer] [--root DIR] [--bin PATH] [--ping] [--prom PATH] [--heal]
       bondify cron remove [--root DIR]

install  runs 'bondify check' every MINUTES (default 1) with its output in the journal: a cronie entry in
         /etc/cron.d/bondify, or with --timer a bondify-check.service + .timer pair, enabled. When the bondify
         package shipped bondify-check.timer (/usr/lib/systemd/system), --timer enables that one and writes
         only drop-ins (/etc/systemd/system/bondify-check.*.d/bondify-cron.conf) for options that differ from
         its defaults. Idempotent.
remove   undoes exactly what install did (disables the timer, deletes only the files bondify wrote, and the
         --prom metrics file its check wrote, so Prometheus does not keep a bond nobody watches).

  --every MINUTES   with --timer 1 to 60 (N minutes after the last run started); for cron a divisor of 60
                    (${CRON_EVERY.join(' ')}): cron restarts its count at every full hour
  --timer           use a systemd timer instead of cron
  --root DIR        write into an offline root (an SD-card image); the timer is enabled with systemctl --root.
                    The schedule runs the root's /usr/bin/bondify (the package; npm's global bin on Arch);
                    without one there, name the program as the root will see it with --bin
  --bin PATH        the program the schedule runs (absolute, inside --root when given); default: this bondify
  --ping, --prom PATH   passed on to 'bondify check'
  --heal            run 'bondify check --heal': also repair what re-applying fixes (see 'bondify check --help');
                    installing again without --heal goes back to the plain check

Each check is bounded by a timeout (TimeoutStartSec=, or timeout(1) in the cron line): 120 s, 300 s with --heal.
The timer's service runs sandboxed (read-only system, two capabilities); --prom and --heal open only the folders
they write.

exit: 0 installed, removed or already so, 64 usage (also --every that cron cannot keep, --root not a folder, a line
      break or control character in a path, --root without a bondify to schedule), 74 a file bondify did not
      write is in the way or systemctl failed, 77 not root
`;

function every(value: string | undefined, timer: boolean): number {
  if (value === undefined) return DEFAULT_EVERY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 60) {
    throw new BondifyError('usage', 'cron: --every must be a whole number of minutes from 1 to 60', { value, fix: 'e.g. --every 5' });
  }
  if (!timer && !(CRON_EVERY as readonly number[]).includes(n)) {
    throw new BondifyError(
      'usage',
      `cron: --every ${n} does not divide the hour, and cron restarts its minute count at every full hour (*/${n} would leave a gap of ${60 % n} minutes there)`,
      {
        value,
        fix: `use one of ${CRON_EVERY.join(' ')}, or --timer, which runs every ${n} minutes exactly`,
      },
    );
  }
  return n;
}

/** A value that would end the cron line or unit setting it is written into, and start another (issue 22). */
const unwritable = (option: string, value: string, timer: boolean) =>
  new BondifyError(
    'usage',
    `cron: ${option} holds a line break or control character, which would end the ${timer ? 'unit setting' : 'cron line'} and start another`,
    {
      value,
      fix: `give ${option} a path without line breaks or control characters`,
    },
  );

/**
 * The program the schedule runs. Live: this very bondify (node + its main script), immune to PATH, or --bin.
 * Offline (--root): the path as it will exist in that root, which must be there: --bin, or the packaged
 * /usr/bin/bondify. The program running here (a single file in a download folder) is not on the card, and a bare
 * name found through PATH would run nothing there, seen only in the card's journal.
 */
function scheduled(host: Host, bin: string | undefined, timer: boolean): string[] {
  if (bin !== undefined) {
    if (path.posix.normalize(bin) !== bin)
      throw new BondifyError('usage', 'cron: --bin must be a plain absolute path', {
        value: bin,
        fix: `--bin ${path.posix.normalize(bin)}`,
      });
    if (lstatKind(host.root, bin).kind === 'absent') {
      throw new BondifyError(
        'usage',
        `cron: --bin ${bin} is not in ${host.live ? 'this system' : host.root}: the schedule would run nothing`,
        {
          value: bin,
          fix: `install bondify there first, or give the path it has${host.live ? '' : ' inside the root'}`,
        },
      );
    }
    return [bin];
  }
  if (host.live) {
    const self = selfArgv();
    const bad = self.find(hasControl);
    if (bad !== undefined) throw unwritable('the path of this bondify', bad, timer);
    return self;
  }
  const [packaged] = PACKAGED_CHECK as [string];
  if (lstatKind(host.root, packaged).kind !== 'absent') return [packaged];
  throw new BondifyError(
    'usage',
    `cron: ${host.root} has no ${packaged}, and the bondify running here is not on that root: the schedule would run nothing`,
    {
      value: host.root,
      fix: `install bondify into the root first (the package, or npm's global bin), or give the program's path as the root will see it: --bin PATH (e.g. --bin /usr/local/bin/bondify)`,
    },
  );
}

// Flags that only shape what install writes: given to remove, they would be silently ignored.
const INSTALL_ONLY = ['every', 'timer', 'bin', 'ping', 'prom', 'heal'] as const;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'cron',
    args,
    {
      every: { type: 'string' },
      timer: { type: 'boolean' },
      root: { type: 'string' },
      bin: { type: 'string' },
      ping: { type: 'boolean' },
      prom: { type: 'string' },
      heal: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [action, ...extra] = positionals;
  if ((action !== 'install' && action !== 'remove') || extra.length > 0) {
    throw new BondifyError('usage', `cron: expected 'install' or 'remove', got ${JSON.stringify(positionals.join(' '))}`, {
      fix: "run 'bondify cron --help'",
    });
  }
  const given = INSTALL_ONLY.filter((k) => values[k] !== undefined);
  if (action === 'remove' && given.length > 0) {
    throw new BondifyError('usage', `cron remove takes no ${given.map((k) => `--${k}`).join(', ')}: it undoes whatever install did`, {
      fix: 'bondify cron remove [--root DIR]',
    });
  }
  for (const k of ['prom', 'bin'] as const) {
    const v = values[k];
    if (v === undefined) continue;
    if (hasControl(v)) throw unwritable(`--${k}`, v, values.timer === true);
    if (!path.isAbsolute(v)) {
      throw new BondifyError('usage', `cron: --${k} needs an absolute path (cron and systemd do not run in this directory)`, {
        value: v,
        fix: `--${k} /${k === 'prom' ? 'var/lib/node_exporter/bondify.prom' : 'usr/bin/bondify'}`,
      });
    }
  }
  const minutes = action === 'install' ? every(values.every, values.timer === true) : DEFAULT_EVERY;
  const root = rootFlag('cron', values.root);
  const host = nodeHost({ root });
  const report = (line: string) => io.out(line + '\n');
  if (action === 'remove') {
    if (!(await removeSchedule(host, report))) report('nothing to remove: no schedule installed by bondify');
    return 0;
  }
  const self = scheduled(host, values.bin, values.timer === true);
  const checkArgs = [
    ...(values.ping ? ['--ping'] : []),
    ...(values.prom ? ['--prom', values.prom] : []),
    ...(values.heal ? ['--heal'] : []),
  ];
  await installSchedule(host, { self, args: checkArgs, every: minutes, timer: values.timer === true, prom: values.prom }, report);
  report(
    `bondify check${values.heal ? ' --heal' : ''} runs every ${minutes} minute${minutes === 1 ? '' : 's'} (${values.timer ? 'systemd timer' : 'cron'})`,
  );
  return 0;
}
