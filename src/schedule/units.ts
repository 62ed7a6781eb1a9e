// The files `bondify cron install` writes: a cronie /etc/cron.d entry, or a systemd service + timer pair.
// Pure text; every file carries MARK so install never overwrites, and remove never deletes, a file it did not make.
import type { PlannedFile } from '../model/plan.js';

export const CRON_FILE = '/etc/cron.d/bondify';
export const SERVICE_FILE = '/etc/systemd/system/bondify-check.service';
export const TIMER_FILE = '/etc/systemd/system/bondify-check.timer';
export const TIMER_UNIT = 'bondify-check.timer';
export const MARK = 'Written by `bondify cron install`; `bondify cron remove` deletes it. Re-run install rather than editing.';

/** cron runs the line with /bin/sh -c: words are single-quoted so no path or flag can become shell syntax. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** "every N minutes" as a cron minute field and a systemd calendar spec. */
function minutes(every: number): { cron: string; calendar: string } {
  if (every === 60) return { cron: '0', calendar: '*:00:00' };
  return every === 1 ? { cron: '*', calendar: '*:*:00' } : { cron: `*/${every}`, calendar: `*:0/${every}:00` };
}

/** `check` is the full argv of the check (e.g. [node, …/main.js, 'check', '--ping']). */
export function cronFile(check: readonly string[], every: number): PlannedFile {
  const content = [
    `# ${MARK}`,
    '# bondify health check of the bond; its output goes to the journal (systemd-cat -t bondify).',
    'SHELL=/bin/sh',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    // cron turns an unescaped % into a newline, even inside quotes.
    `${minutes(every).cron} * * * * root ${['systemd-cat', '-t', 'bondify', ...check].map(shellQuote).join(' ').replace(/%/g, '\\%')}`,
    '',
  ].join('\n');
  return { path: CRON_FILE, mode: 0o644, content };
}

/** systemd ExecStart= quoting: double quotes, with \ and " escaped and % doubled (specifier expansion). */
const unitWord = (w: string) => (/^[A-Za-z0-9_./:=@+-]+$/.test(w) ? w : `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).replace(/%/g, '%%');

export function timerFiles(check: readonly string[], every: number): PlannedFile[] {
  const service = [
    `# ${MARK}`,
    '[Unit]',
    'Description=bondify health check of the bond',
    '',
    '[Service]',
    'Type=oneshot',
    // check exits 1-3 for WARNING/CRITICAL/UNKNOWN: a verdict, not a failed unit.
    'SuccessExitStatus=1 2 3',
    'SyslogIdentifier=bondify',
    `ExecStart=${check.map(unitWord).join(' ')}`,
    '',
  ].join('\n');
  const timer = [
    `# ${MARK}`,
    '[Unit]',
    `Description=Run bondify check every ${every} minute${every === 1 ? '' : 's'}`,
    '',
    '[Timer]',
    `OnCalendar=${minutes(every).calendar}`,
    'AccuracySec=1s',
    'Unit=bondify-check.service',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return [
    { path: SERVICE_FILE, mode: 0o644, content: service },
    { path: TIMER_FILE, mode: 0o644, content: timer },
  ];
}
