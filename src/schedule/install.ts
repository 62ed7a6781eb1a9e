// `bondify cron install|remove`: writes (or deletes) the schedule's files under Host.root and enables (or
// disables) the timer. When a distribution package shipped bondify-check.timer in /usr/lib/systemd/system, the
// timer install enables that one and writes only drop-ins for options that differ from the packaged defaults.
// A manifest in /var/lib/bondify records what install did, so remove undoes exactly that.
import path from 'node:path';
import { BondifyError } from '../errors.js';
import type { Host } from '../system/host.js';
import { STATE_DIR } from '../system/paths.js';
import { readText, removeEmptyDir, removeFile, writeFileAtomic } from '../system/fs.js';
import type { PlannedFile } from '../model/planned-file.js';
import {
  CRON_FILE,
  MARK,
  PACKAGED_CHECK,
  PACKAGED_SERVICE,
  PACKAGED_TIMER,
  SERVICE_DROPIN,
  SERVICE_FILE,
  TIMER_DROPIN,
  TIMER_FILE,
  TIMER_UNIT,
  cronFile,
  packagedDropins,
  timerFiles,
} from './units.js';

export const MANIFEST = `${STATE_DIR}/schedule.json`;

/** What `cron install` wrote into schedule.json, so that `cron remove` takes away exactly that. */
interface ScheduleRecord {
  version: 1;
  kind: 'cron' | 'timer';
  files: string[];
  every: number;
  /** The timer enabled is the package's (in /usr/lib/systemd/system), not one bondify wrote. */
  packaged?: boolean;
  /** The metrics file the scheduled check writes (`--prom`): it goes with the schedule. */
  prom?: string;
}

export interface ScheduleOptions {
  /** argv that runs this bondify, e.g. [node, /usr/lib/node_modules/bondify/dist/cli/main.js]. */
  self: readonly string[];
  /** options passed on to `check`, e.g. ['--ping']. */
  args: readonly string[];
  every: number;
  timer: boolean;
  /** The metrics file `args` make check write, if any. */
  prom?: string;
}

type Report = (line: string) => void;

function readSchedule(host: Host): ScheduleRecord | null {
  const text = readText(host.root, MANIFEST);
  try {
    const m = text === null ? null : (JSON.parse(text) as ScheduleRecord);
    return m && m.version === 1 && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

/** A file at one of our paths that bondify did not write is the user's: never touched. */
function ours(host: Host, file: string): 'absent' | 'ours' | 'foreign' {
  const text = readText(host.root, file);
  return text === null ? 'absent' : text.includes(MARK) ? 'ours' : 'foreign';
}

/** The package's units are there (under --root too): the timer to enable is theirs. */
export const hasPackagedTimer = (host: Host): boolean =>
  readText(host.root, PACKAGED_TIMER) !== null && readText(host.root, PACKAGED_SERVICE) !== null;

async function systemctl(host: Host, args: string[], report: Report): Promise<void> {
  const argv = host.live ? ['systemctl', ...args] : ['systemctl', `--root=${host.root}`, ...args.filter((a) => a !== '--now')];
  if (!host.live && args[0] === 'daemon-reload') return; // nothing runs in an offline root
  report(`  $ ${argv.join(' ')}`);
  const r = await host.exec(argv, { timeoutMs: 30_000 });
  if (r.exitCode !== 0) {
    throw new BondifyError('io', `${argv.join(' ')} failed (exit ${r.exitCode}): ${r.stderr.trim()}`, {
      fix: 'see the error above; the files written so far stay, re-run after fixing',
    });
  }
}

function writeIfChanged(host: Host, f: PlannedFile, report: Report): boolean {
  const state = ours(host, f.path);
  if (state === 'foreign') {
    throw new BondifyError('io', `refusing to overwrite ${f.path}: bondify did not write it`, {
      file: f.path,
      fix: `move ${f.path} aside, then run install again`,
    });
  }
  if (state === 'ours' && readText(host.root, f.path) === f.content) {
    report(`  unchanged ${f.path}`);
    return false;
  }
  writeFileAtomic(host.root, f.path, f.content, { mode: f.mode, dirMode: 0o755 });
  report(`  ${state === 'absent' ? 'created' : 'updated'} ${f.path}`);
  return true;
}

/** Deletes the listed files that are still bondify's; a drop-in's directory goes too once it is empty. */
function removeOurs(host: Host, files: readonly string[], report: Report): boolean {
  let removed = false;
  for (const f of files) {
    if (ours(host, f) !== 'ours') continue; // already gone, or replaced by the user since: leave it
    removeFile(host.root, f);
    report(`  removed ${f}`);
    removed = true;
    if (path.posix.dirname(f).endsWith('.d')) removeEmptyDir(host.root, path.posix.dirname(f));
  }
  return removed;
}

/**
 * Deletes the metrics file a schedule's check wrote once no check writes it any more: left behind, it would tell
 * Prometheus about a bond nobody watches (and trip the stale-metrics alert). Only a file in bondify's own
 * exposition format (every sample a bondify_ metric) is deleted; anything else at that path is the user's.
 */
function removeMetrics(host: Host, file: string | undefined, report: Report): void {
  if (file === undefined) return;
  const text = readText(host.root, file);
  const samples = text?.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')) ?? [];
  if (samples.length === 0 || !samples.every((l) => l.startsWith('bondify_'))) return;
  removeFile(host.root, file);
  report(`  removed ${file}`);
}

export async function removeSchedule(host: Host, report: Report): Promise<boolean> {
  const m = readSchedule(host);
  // Without a manifest (lost, or an older install), only files that carry bondify's mark are ours.
  const files = m ? m.files : [CRON_FILE, SERVICE_FILE, TIMER_FILE, SERVICE_DROPIN, TIMER_DROPIN].filter((f) => ours(host, f) === 'ours');
  const timer = m ? m.kind === 'timer' : files.some((f) => f !== CRON_FILE);
  if (files.length === 0 && m === null) return false;
  const enabled = m?.packaged === true ? hasPackagedTimer(host) : ours(host, TIMER_FILE) === 'ours';
  if (timer && enabled) await systemctl(host, ['disable', '--now', TIMER_UNIT], report);
  removeOurs(host, files, report);
  if (timer) await systemctl(host, ['daemon-reload'], report);
  removeMetrics(host, m?.prom, report);
  removeFile(host.root, MANIFEST);
  return true;
}

export async function installSchedule(host: Host, o: ScheduleOptions, report: Report): Promise<void> {
  const packaged = o.timer && hasPackagedTimer(host);
  const check = [...(packaged ? PACKAGED_CHECK : [...o.self, 'check']), ...o.args];
  const files = !o.timer ? [cronFile(check, o.every)] : packaged ? packagedDropins(check, o.every) : timerFiles(check, o.every);
  const foreign = files.find((f) => ours(host, f.path) === 'foreign');
  if (foreign) writeIfChanged(host, foreign, report); // refuses, before anything has changed
  const prev = readSchedule(host);
  if (prev && prev.kind !== (o.timer ? 'timer' : 'cron')) {
    report(`switching from ${prev.kind} to ${o.timer ? 'timer' : 'cron'}:`);
    await removeSchedule(host, report);
  }
  let changed = false;
  for (const f of files) changed = writeIfChanged(host, f, report) || changed;
  // Same kind, other files (the package arrived, or an option went back to its default): the old ones go.
  const wanted = new Set(files.map((f) => f.path));
  if (prev && prev.kind === (o.timer ? 'timer' : 'cron'))
    changed =
      removeOurs(
        host,
        prev.files.filter((f) => !wanted.has(f)),
        report,
      ) || changed;
  if (o.timer) {
    if (changed) await systemctl(host, ['daemon-reload'], report);
    await systemctl(host, ['enable', '--now', TIMER_UNIT], report);
    // A timer that was already running keeps its old triggers until restarted.
    if (changed && host.live && prev?.kind === 'timer') await systemctl(host, ['restart', TIMER_UNIT], report);
  }
  if (prev?.prom !== undefined && prev.prom !== o.prom) removeMetrics(host, prev.prom, report);
  const manifest: ScheduleRecord = {
    version: 1,
    kind: o.timer ? 'timer' : 'cron',
    files: [...wanted],
    every: o.every,
    ...(packaged ? { packaged: true } : {}),
    ...(o.prom !== undefined ? { prom: o.prom } : {}),
  };
  writeFileAtomic(host.root, MANIFEST, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
}
