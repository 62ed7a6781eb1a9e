// How a plan (src/usecases/plan.ts computes it) is put in --json: paths as on the target, modes as octal strings.
import type { PlanEntry } from '../model/planned-file.js';

/** "0644" — how modes are shown and put in --json. */
export const modeString = (mode: number): string => mode.toString(8).padStart(4, '0');

export interface PlanJsonEntry {
  path: string;
  mode: string;
  content: string;
  action: string;
  /** remove, move-aside: the file's bytes go into the backup apply takes ('bondify rollback' puts them back). */
  backup?: true;
  /** move-aside: why the file has to go. */
  why?: string;
}

/** The --json shape: `content` is what the file holds afterwards ("" when it goes). */
export function planJson(entries: PlanEntry[]): PlanJsonEntry[] {
  return entries.map((e) => ({
    path: e.path,
    mode: modeString(e.mode),
    content: e.content,
    action: e.action,
    ...(e.action === 'remove' || e.action === 'move-aside' ? { backup: true as const } : {}),
    ...(e.why !== undefined ? { why: e.why } : {}),
  }));
}
