// computePlan: what writing these files would do to the target under host.root — create, update, unchanged,
// or remove (bondify's own 10-bondify-* files that the new set no longer has). Reads only.
import path from 'node:path';
import type { Host } from '../system/host.js';
import { listDir, readFile } from '../system/fs.js';
import { NETWORK_DIR, OWN_PREFIX, type PlanEntry, type PlannedFile } from '../model/plan.js';

function readTarget(host: Host, target: string): { content: string; mode: number } | null {
  const f = readFile(host.root, target);
  return f === null ? null : { content: f.content.toString('utf8'), mode: f.mode };
}

export function computePlan(host: Host, files: PlannedFile[]): PlanEntry[] {
  const entries: PlanEntry[] = files.map((f) => {
    const now = readTarget(host, f.path);
    if (now === null) return { ...f, action: 'create', current: null };
    const same = now.content === f.content && now.mode === f.mode;
    return { ...f, action: same ? 'unchanged' : 'update', current: now.content, currentMode: now.mode };
  });
  const wanted = new Set(files.map((f) => f.path));
  // Only ever our own prefix: other .network files (the standard method, distribution defaults) are apply's
  // preflight business, never removed by a plan.
  const stale = listDir(host.root, NETWORK_DIR)
    .filter((name) => name.startsWith(OWN_PREFIX) && /\.(network|netdev|link)$/.test(name))
    .map((name) => path.posix.join(NETWORK_DIR, name))
    .filter((p) => !wanted.has(p));
  for (const p of stale) {
    const now = readTarget(host, p);
    if (now === null) continue;
    entries.push({ path: p, mode: now.mode, content: '', action: 'remove', current: now.content, currentMode: now.mode });
  }
  return entries;
}

/** "0644" — how modes are shown and put in --json. */
export const modeString = (mode: number): string => mode.toString(8).padStart(4, '0');

/** The --json shape: paths as on the target, mode as an octal string. */
export function planJson(entries: PlanEntry[]): Array<{ path: string; mode: string; content: string; action: string }> {
  return entries.map((e) => ({ path: e.path, mode: modeString(e.mode), content: e.content, action: e.action }));
}
