// What render produces and apply consumes: the files, as paths on the target system, never prefixed with --root.

export interface PlannedFile {
  /** Absolute path on the target system, e.g. /etc/systemd/network/10-bondify-bond0.netdev */
  path: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  content: string;
}

export type FileAction = 'create' | 'update' | 'unchanged' | 'remove';

export interface PlanEntry extends PlannedFile {
  action: FileAction;
  /** What is on the target now (null when the file does not exist). */
  current: string | null;
  /** Permission bits of what is on the target now, when it exists (a mode-only change is an update). */
  currentMode?: number;
}

/** bondify's own files carry this prefix, so cleanup only ever touches files bondify made. */
export const OWN_PREFIX = '10-bondify-';
export const NETWORK_DIR = '/etc/systemd/network';
export const MODPROBE_FILE = '/etc/modprobe.d/bondify.conf';
