// The files `bondify cron install` writes: a cronie /etc/cron.d entry, or a systemd service + timer pair — and the
// same service + timer as the distribution package ships them in /usr/lib/systemd/system (one definition for both).
// Pure text; every file bondify writes carries MARK so install never overwrites, and remove never deletes, a file
// it did not make.
import path from 'node:path';
import { BondifyError } from '../errors.js';
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

// A line break ends a cron line or a unit setting and starts the next one: any control character in a value
// written there could add a root command (issue 22). The CLI names the option first; this is the last guard.
export function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
function refuseControl(word: string, where: string): string {
  if (!hasControl(word)) return word;
  throw new BondifyError('usage', `refusing to write a value with a control character or line break into ${where}`, {
    value: word,
    fix: 'give a path without line breaks or control characters',
  });
}

/** cron runs the line with /bin/sh -c: words are single-quoted so no path or flag can become shell syntax. */
export function shellQuote(word: string): string {
  refuseControl(word, 'a cron line');
  return /^[A-Za-z0-9_./:=@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function cronMinutes(every: number): string {
  if (!(CRON_EVERY as readonly number[]).includes(every)) throw new RangeError(`cron cannot run every ${every} minutes`);
  return every === 60 ? '0' : every === 1 ? '*' : `*/${every}`;
}

/**
 * What the scheduled check may reach beyond reading: the metrics file (`--prom`) and, with `--heal`, the files and
 * links apply writes. It decides the sandbox's writable folders and the time limit.
 */
export interface CheckAccess {
  prom?: string;
  heal: boolean;
}
export const accessOf = (args: readonly string[]): CheckAccess => {
  const i = args.indexOf('--prom');
  const prom = i >= 0 ? args[i + 1] : undefined;
  return { heal: args.includes('--heal'), ...(prom !== undefined ? { prom } : {}) };
};
const PLAIN: CheckAccess = { heal: false };

// A hung check (a stuck ping, a D-Bus call that never returns) must not stop the schedule for good: a oneshot has
// no start timeout by default. A plain check takes about a second (ping and logger are bounded at 5 s each); a heal
// may verify a re-apply for 30 s and then revert for up to 60 s.
export const timeLimitSec = (a: CheckAccess): number => (a.heal ? 300 : 120);
// Absolute: cron's PATH is its own, and the schedule must not depend on it to be bounded.
export const TIMEOUT_BIN = '/usr/bin/timeout';

/** `check` is the full argv of the check (e.g. [node, …/main.js, 'check', '--ping']). */
export function cronFile(check: readonly string[], every: number, access: CheckAccess = accessOf(check)): PlannedFile {
  const limit = timeLimitSec(access);
  const argv = ['systemd-cat', '-t', 'bondify', TIMEOUT_BIN, '--kill-after=10s', `${limit}s`, ...check];
  const content = [
    `# ${MARK}`,
    '# bondify health check of the bond; its output goes to the journal (systemd-cat -t bondify).',
    `# timeout ends a check that hangs after ${limit} s (exit 124 in the journal), so the next minute runs again.`,
    'SHELL=/bin/sh',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    // cron turns an unescaped % into a newline, even inside quotes.
    `${cronMinutes(every)} * * * * root ${argv.map(shellQuote).join(' ').replace(/%/g, '\\%')}`,
    '',
  ].join('\n');
  return { path: CRON_FILE, mode: 0o644, content };
}

/**
 * systemd quoting: double quotes with \ and " escaped, % doubled (specifiers) and, in ExecStart= only, $ doubled
 * (environment variables are expanded there).
 */
function unitWord(w: string, exec: boolean): string {
  refuseControl(w, 'a systemd unit');
  const quoted = /^[A-Za-z0-9_./:=@+-]+$/.test(w) ? w : `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const spec = quoted.replace(/%/g, '%%');
  return exec ? spec.replace(/\$/g, '$$$$') : spec;
}
const execStart = (check: readonly string[]) => `ExecStart=${check.map((w) => unitWord(w, true)).join(' ')}`;

// The folders a re-apply writes (apply's network files, module options, udev rule); '-': a missing one is skipped.
const HEAL_PATHS = ['/etc/systemd/network', '/etc/modprobe.d', '/etc/udev/rules.d'];

/**
 * The sandbox of a root check that reads /proc and sysfs and writes its memory in /var/lib/bondify: everything
 * else read-only or hidden. README "Scheduling" has the score and what each flag was measured to need: every flag
 * runs under it in the lab (scripts/lab/guest/hardened-check.mjs).
 */
const HARDENING = [
  'NoNewPrivileges=yes',
  'ProtectSystem=strict',
  // check keeps its memory (and heal its lock, journal and backups) in /var/lib/bondify, mode 700 as bondify makes it.
  'StateDirectory=bondify',
  'StateDirectoryMode=0700',
  'ProtectHome=yes',
  'PrivateTmp=yes',
  'PrivateMounts=yes',
  'PrivateDevices=yes',
  'ProtectKernelTunables=yes',
  'ProtectKernelModules=yes',
  'ProtectKernelLogs=yes',
  'ProtectControlGroups=yes',
  'ProtectClock=yes',
  'ProtectHostname=yes',
  'ProtectProc=invisible',
  // netlink: ip, iw and networkd's state; inet: --ping; unix: logger (/dev/log) and D-Bus (networkctl, systemctl).
  'RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6',
  'RestrictNamespaces=yes',
  'RestrictRealtime=yes',
  'RestrictSUIDSGID=yes',
  'LockPersonality=yes',
  'RemoveIPC=yes',
  'SystemCallArchitectures=native',
  'SystemCallFilter=@system-service',
  // A call outside the set fails (EPERM) instead of killing node: libuv probes io_uring and falls back.
  'SystemCallErrorNumber=EPERM',
  // NET_RAW: ping bound to the bond (-I); NET_ADMIN: heal deletes and re-creates links and reloads networkd.
  'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW',
  'UMask=0077',
];

/** The settings that depend on the flags: writable folders for --prom and --heal, and the time limit. */
function accessLines(a: CheckAccess): string[] {
  const rw = [...(a.prom !== undefined ? [path.posix.dirname(a.prom)] : []), ...(a.heal ? HEAL_PATHS : [])];
  return [
    `TimeoutStartSec=${timeLimitSec(a)}s`,
    ...(rw.length > 0 ? [`ReadWritePaths=${rw.map((d) => unitWord(`-${d}`, false)).join(' ')}`] : []),
  ];
}

// Monotonic timers: the next run is N minutes after the last one started, so the gap is N at every hour
// (a calendar spec like *:0/7 restarts at each full hour: 56 then 4 minutes).
const triggers = (every: number) => [`OnBootSec=${every}min`, `OnUnitActiveSec=${every}min`];
const plural = (every: number) => `${every} minute${every === 1 ? '' : 's'}`;

function serviceText(note: string, check: readonly string[], access: CheckAccess): string {
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
    ...accessLines(access),
    ...sandboxFor(check),
    '',
  ].join('\n');
}

/**
 * The sandbox, opened only as far as the program's own files need: a bondify (or node) that lives in a home folder
 * (an npm prefix under /root or /home) must stay readable (ProtectHome=read-only), and one under /tmp must not be
 * hidden by a private /tmp (the lab found the scheduled check of a checkout in /tmp never ran).
 */
function sandboxFor(check: readonly string[]): string[] {
  const under = (dirs: string[]) => check.some((w) => dirs.some((d) => w.startsWith(d)));
  const home = under(['/home/', '/root/', '/run/user/']);
  const tmp = under(['/tmp/', '/var/tmp/']);
  return HARDENING.flatMap((line) => {
    if (line === 'ProtectHome=yes' && home) return ['ProtectHome=read-only'];
    if (line === 'PrivateTmp=yes' && tmp) return [];
    return [line];
  });
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

export function timerFiles(check: readonly string[], every: number, access: CheckAccess = accessOf(check)): PlannedFile[] {
  return [
    { path: SERVICE_FILE, mode: 0o644, content: serviceText(MARK, check, access) },
    { path: TIMER_FILE, mode: 0o644, content: timerText(MARK, every) },
  ];
}

/** The units a distribution package ships (see packaging/): the default check, every DEFAULT_EVERY minutes. */
export function packagedUnits(): PlannedFile[] {
  return [
    { path: PACKAGED_SERVICE, mode: 0o644, content: serviceText(PACKAGED_NOTE, PACKAGED_CHECK, PLAIN) },
    { path: PACKAGED_TIMER, mode: 0o644, content: timerText(PACKAGED_NOTE, DEFAULT_EVERY) },
  ];
}

/**
 * Drop-ins that turn the packaged units into the requested schedule: only for what differs from the packaged
 * defaults (none at all for `cron install --timer` with no options). An empty assignment first clears the
 * packaged value (systemd's list semantics for ExecStart= and the timer triggers); the sandbox of the packaged
 * service stays, the drop-in only opens the folders the flags write and sets their time limit.
 */
export function packagedDropins(check: readonly string[], every: number, access: CheckAccess = accessOf(check)): PlannedFile[] {
  const out: PlannedFile[] = [];
  if (check.join('\0') !== PACKAGED_CHECK.join('\0')) {
    out.push({
      path: SERVICE_DROPIN,
      mode: 0o644,
      content: [`# ${MARK}`, '[Service]', 'ExecStart=', execStart(check), ...accessLines(access), ''].join('\n'),
    });
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
