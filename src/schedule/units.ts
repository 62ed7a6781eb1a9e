// The files `bondify cron install` writes: a cronie /etc/cron.d entry, or a systemd service + timer pair — and the
// same service + timer as the distribution package ships them in /usr/lib/systemd/system (one definition for both).
// Pure text; every file bondify writes carries MARK so install never overwrites, and remove never deletes, a file
// it did not make.
import type { PlannedFile } from '../model/planned-file.js';

export const CRON_FILE = '/etc/cron.d/bondify';
export const SERVICE_FILE = '/etc/systemd/system/bondify-check.service';
export const TIMER_FILE = '/etc/systemd/system/bondify-check.timer';
export const SERVICE_UNIT = 'bondify-check.service';
export const TIMER_UNIT = 'bondify-check.timer';
export const MARK = 'Written by `bondify cron install`; `bondify cron remove` deletes it. Re-run install rather than editing.';

// What a distribution package installs: units in the vendor directory, running the packaged /usr/bin/bondify.
export const PACKAGED_DIR = '/usr/lib/systemd/system';
export const PACKAGED_SERVICE = `${PACKAGED_DIR}/${SERVICE_UNIT}`;
export const PACKAGED_TIMER = `${PACKAGED_DIR}/${TIMER_UNIT}`;
export const PACKAGED_CHECK: readonly string[] = ['/usr/bin/bondify', 'check'];
export const DEFAULT_EVERY = 1;
// Drop-ins that carry `cron install`'s options (other flags, another interval) onto the packaged units.
export const SERVICE_DROPIN = `/etc/systemd/system/${SERVICE_UNIT}.d/bondify-cron.conf`;
export const TIMER_DROPIN = `/etc/systemd/system/${TIMER_UNIT}.d/bondify-cron.conf`;
const PACKAGED_NOTE =
  'Shipped by the bondify package. Enable with `systemctl enable --now bondify-check.timer` or `bondify cron install --timer`.';

// cron restarts a */N minute count at every hour, so only a divisor of 60 is truly every N minutes.
export const CRON_EVERY = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;

/** cron runs the line with /bin/sh -c: words are single-quoted so no path or flag can become shell syntax. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function cronMinutes(every: number): string {
  if (!(CRON_EVERY as readonly number[]).includes(every)) throw new RangeError(`cron cannot run every ${every} minutes`);
  return every === 60 ? '0' : every === 1 ? '*' : `*/${every}`;
}

/** `check` is the full argv of the check (e.g. [node, …/main.js, 'check', '--ping']). */
export function cronFile(check: readonly string[], every: number): PlannedFile {
  const content = [
    `# ${MARK}`,
    '# bondify health check of the bond; its output goes to the journal (systemd-cat -t bondify).',
    'SHELL=/bin/sh',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    // cron turns an unescaped % into a newline, even inside quotes.
    `${cronMinutes(every)} * * * * root ${['systemd-cat', '-t', 'bondify', ...check].map(shellQuote).join(' ').replace(/%/g, '\\%')}`,
    '',
  ].join('\n');
  return { path: CRON_FILE, mode: 0o644, content };
}

/** systemd ExecStart= quoting: double quotes, with \ and " escaped and % doubled (specifier expansion). */
const unitWord = (w: string) =>
  (/^[A-Za-z0-9_./:=@+-]+$/.test(w) ? w : `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).replace(/%/g, '%%');
const execStart = (check: readonly string[]) => `ExecStart=${check.map(unitWord).join(' ')}`;

// Monotonic timers: the next run is N minutes after the last one started, so the gap is N at every hour
// (a calendar spec like *:0/7 restarts at each full hour: 56 then 4 minutes).
const triggers = (every: number) => [`OnBootSec=${every}min`, `OnUnitActiveSec=${every}min`];
const plural = (every: number) => `${every} minute${every === 1 ? '' : 's'}`;

function serviceText(note: string, check: readonly string[]): string {
  return [
    `# ${note}`,
    '[Unit]',
    'Description=bondify health check of the bond',
    '',
    '[Service]',
    'Type=oneshot',
    // check exits 1-3 for WARNING/CRITICAL/UNKNOWN: a verdict, not a failed unit.
    'SuccessExitStatus=1 2 3',
    'SyslogIdentifier=bondify',
    execStart(check),
    '',
  ].join('\n');
}

function timerText(note: string, every: number): string {
  return [
    `# ${note}`,
    '[Unit]',
    `Description=Run bondify check every ${plural(every)}`,
    '',
    '[Timer]',
    ...triggers(every),
    'AccuracySec=1s',
    `Unit=${SERVICE_UNIT}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

export function timerFiles(check: readonly string[], every: number): PlannedFile[] {
  return [
    { path: SERVICE_FILE, mode: 0o644, content: serviceText(MARK, check) },
    { path: TIMER_FILE, mode: 0o644, content: timerText(MARK, every) },
  ];
}

/** The units a distribution package ships (see packaging/): the default check, every DEFAULT_EVERY minutes. */
export function packagedUnits(): PlannedFile[] {
  return [
    { path: PACKAGED_SERVICE, mode: 0o644, content: serviceText(PACKAGED_NOTE, PACKAGED_CHECK) },
    { path: PACKAGED_TIMER, mode: 0o644, content: timerText(PACKAGED_NOTE, DEFAULT_EVERY) },
  ];
}

/**
 * Drop-ins that turn the packaged units into the requested schedule: only for what differs from the packaged
 * defaults (none at all for `cron install --timer` with no options). An empty assignment first clears the
 * packaged value (systemd's list semantics for ExecStart= and the timer triggers).
 */
export function packagedDropins(check: readonly string[], every: number): PlannedFile[] {
  const out: PlannedFile[] = [];
  if (check.join('\0') !== PACKAGED_CHECK.join('\0')) {
    out.push({ path: SERVICE_DROPIN, mode: 0o644, content: [`# ${MARK}`, '[Service]', 'ExecStart=', execStart(check), ''].join('\n') });
  }
  if (every !== DEFAULT_EVERY) {
    out.push({
      path: TIMER_DROPIN,
      mode: 0o644,
      content: [
        `# ${MARK}`,
        '[Unit]',
        `Description=Run bondify check every ${plural(every)}`,
        '',
        '[Timer]',
        'OnBootSec=',
        ...triggers(every),
        '',
      ].join('\n'),
    });
  }
  return out;
}
