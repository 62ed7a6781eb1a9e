// What render produces and apply consumes: the files, as paths on the target system, never prefixed with --root;
// and the plan — every change apply makes, computed once (src/usecases/plan.ts) and shown by plan and apply alike.

export interface PlannedFile {
  /** Absolute path on the target system, e.g. /etc/systemd/network/10-bondify-bond0.netdev */
  path: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  content: string;
}

/** create/update/unchanged: one of bondify's files; remove: a stale file of bondify's; move-aside: another file
 * that configures a slave (its bytes go into the backup, so rollback puts it back). */
export type FileAction = 'create' | 'update' | 'unchanged' | 'remove' | 'move-aside';

export interface PlanEntry extends PlannedFile {
  action: FileAction;
  /** What is on the target now (null when the file does not exist). */
  current: string | null;
  /** Permission bits of what is on the target now, when it exists (a mode-only change is an update). */
  currentMode?: number;
  /** For move-aside: why the file has to go (which slave it also configures). */
  why?: string;
}

/** An entry that changes something: what apply backs up, writes or removes. */
export type Change = PlanEntry & { action: Exclude<FileAction, 'unchanged'> };

export const changesOf = (entries: readonly PlanEntry[]): Change[] => entries.filter((e): e is Change => e.action !== 'unchanged');

/** bondify's own files carry this prefix, so cleanup only ever touches files bondify made. */
export const OWN_PREFIX = '10-bondify-';
export const NETWORK_DIR = '/etc/systemd/network';
export const MODPROBE_FILE = '/etc/modprobe.d/bondify.conf';
