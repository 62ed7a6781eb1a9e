// `bondify cron install|remove`: writes (or deletes) the schedule's files under Host.root and enables (or
// disables) the timer. A manifest in /var/lib/bondify records what install did, so remove undoes exactly that.
import { BondifyError } from '../errors.js';
import type { Host } from '../system/host.js';
import { readText, removeFile, writeFileAtomic } from '../system/fs.js';
import type { PlannedFile } from '../model/plan.js';
import { CRON_FILE, MARK, SERVICE_FILE, TIMER_FILE, TIMER_UNIT, cronFile, timerFiles } from './units.js';

export const MANIFEST = '/var/lib/bondify/schedule.json';

interface Manifest {
  version: 1;
  kind: 'cron' | 'timer';
  files: string[];
  every: number;
}

export interface ScheduleOptions {
  /** argv of the check to run, e.g. [node, /usr/lib/node_modules/bondify/dist/cli/main.js, 'check']. */
  check: string[];
  every: number;
  timer: boolean;
}

type Report = (line: string) => void;

function readManifest(host: Host): Manifest | null {
  const text = readText(host.root, MANIFEST);
  try {
    const m = text === null ? null : (JSON.parse(text) as Manifest);
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

async function systemctl(host: Host, args: string[], report: Report): Promise<void> {
  const argv = host.live ? ['systemctl', ...args] : ['systemctl', `--root=${host.root}`, ...args.filter((a) => a !== '--now')];
  if (!host.live && args[0] === 'daemon-reload') return; // nothing runs in an offline root
  report(`  $ ${argv.join(' ')}`);
  const r = await host.exec(argv, { timeoutMs: 30_000 });
  if (r.exitCode !== 0) {
    throw new BondifyError('io', `${argv.join(' ')} failed (exit ${r.exitCode}): ${r.stderr.trim()}`, { fix: 'see the error above; the files written so far stay, re-run after fixing' });
  }
}

function writeIfChanged(host: Host, f: PlannedFile, report: Report): boolean {
  const state = ours(host, f.path);
  if (state === 'foreign') {
    throw new BondifyError('io', `refusing to overwrite ${f.path}: bondify did not write it`, { file: f.path, fix: `move ${f.path} aside, then run install again` });
  }
  if (state === 'ours' && readText(host.root, f.path) === f.content) {
    report(`  unchanged ${f.path}`);
    return false;
  }
  writeFileAtomic(host.root, f.path, f.content, { mode: f.mode, dirMode: 0o755 });
  report(`  ${state === 'absent' ? 'created' : 'updated'} ${f.path}`);
  return true;
}

export async function removeSchedule(host: Host, report: Report): Promise<boolean> {
  const m = readManifest(host);
  // Without a manifest (lost, or an older install), only files that carry bondify's mark are ours.
  const files = m ? m.files : [CRON_FILE, SERVICE_FILE, TIMER_FILE].filter((f) => ours(host, f) === 'ours');
  const timer = m ? m.kind === 'timer' : files.includes(TIMER_FILE);
  if (files.length === 0 && m === null) return false;
  if (timer && ours(host, TIMER_FILE) === 'ours') await systemctl(host, ['disable', '--now', TIMER_UNIT], report);
  for (const f of files) {
    if (ours(host, f) !== 'ours') continue; // already gone, or replaced by the user since: leave it
    removeFile(host.root, f);
    report(`  removed ${f}`);
  }
  if (timer) await systemctl(host, ['daemon-reload'], report);
  removeFile(host.root, MANIFEST);
  return true;
}

export async function installSchedule(host: Host, o: ScheduleOptions, report: Report): Promise<void> {
  const files = o.timer ? timerFiles(o.check, o.every) : [cronFile(o.check, o.every)];
  const foreign = files.find((f) => ours(host, f.path) === 'foreign');
  if (foreign) writeIfChanged(host, foreign, report); // refuses, before anything has changed
  const prev = readManifest(host);
  if (prev && prev.kind !== (o.timer ? 'timer' : 'cron')) {
    report(`switching from ${prev.kind} to ${o.timer ? 'timer' : 'cron'}:`);
    await removeSchedule(host, report);
  }
  let changed = false;
  for (const f of files) changed = writeIfChanged(host, f, report) || changed;
  if (o.timer) {
    if (changed) await systemctl(host, ['daemon-reload'], report);
    await systemctl(host, ['enable', '--now', TIMER_UNIT], report);
  }
  const manifest: Manifest = { version: 1, kind: o.timer ? 'timer' : 'cron', files: files.map((f) => f.path), every: o.every };
  writeFileAtomic(host.root, MANIFEST, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
}
