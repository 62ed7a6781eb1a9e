// The plan: every change apply would make, computed once from the config's files and what is on disk — bondify's
// files to create or update, its stale ones to remove, and other files that configure a slave to move aside into
// the backup. `plan`, `apply --dry-run` and the transaction all use this one value. Reads only; every path it
// names is read with the safe reader, so a symlink, FIFO or folder where a file goes is refused (exit 74) here,
// before anything is written.
import type { PlanEntry, PlannedFile } from '../model/planned-file.js';
import type { BondModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import { readFile } from '../system/fs.js';
import { isOwn, ownFiles } from '../store/changes.js';
import { conflictChecks, type Check } from '../networkd/preflight.js';

export interface Plan {
  /** In a fixed order: bondify's files as rendered, then stale ones to remove, then files to move aside. */
  entries: PlanEntry[];
  /** The checks of the other files that configure a slave (moved aside, or a reason apply refuses). */
  checks: Check[];
}

function current(root: string, p: string): { content: string; mode: number } | null {
  const f = readFile(root, p);
  return f === null ? null : { content: f.content.toString('utf8'), mode: f.mode };
}

export function computePlan(host: Host, model: BondModel, files: PlannedFile[]): Plan {
  const entries: PlanEntry[] = files.map((f) => {
    if (!isOwn(f.path)) throw new Error(`internal: ${f.path} is not one of bondify's own file names`);
    const now = current(host.root, f.path);
    if (now === null) return { ...f, action: 'create', current: null };
    const same = now.content === f.content && now.mode === f.mode;
    return { ...f, action: same ? 'unchanged' : 'update', current: now.content, currentMode: now.mode };
  });
  const wanted = new Set(files.map((f) => f.path));
  for (const p of ownFiles(host.root).filter((x) => !wanted.has(x))) {
    const now = current(host.root, p);
    if (now !== null) entries.push({ path: p, mode: now.mode, content: '', action: 'remove', current: now.content, currentMode: now.mode });
  }
  const scan = conflictChecks(host, model);
  for (const c of scan.moveAside) {
    const now = current(host.root, c.path);
    if (now !== null)
      entries.push({
        path: c.path,
        mode: now.mode,
        content: '',
        action: 'move-aside',
        current: now.content,
        currentMode: now.mode,
        why: `it also configures ${c.matches.join(', ')}`,
      });
  }
  return { entries, checks: scan.checks };
}

/** The first reason apply refuses this plan (a file it may not move aside), if any. */
export const planRefusal = (p: Plan): Check | undefined => p.checks.find((c) => c.status === 'fail');
