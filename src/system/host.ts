// The one interface through which bondify touches the host: files under a root, processes, clock, identity.
// Everything outside src/system and src/cli takes a Host instead of importing node:fs or execa itself,
// so unit tests run the same code against a temp dir and an argv-logging exec.

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The argv that ran, for error messages ("the failing command and its stderr"). */
  argv: readonly string[];
}

export interface ExecOptions {
  /** Milliseconds before the process is killed; failures are reported, never thrown. */
  timeoutMs?: number;
  input?: string;
}

export interface Host {
  /** Where target files live: '/' on a live system, a folder for `--root` (an SD-card image, a test). */
  readonly root: string;
  /** Where /proc and /sys are read from: '/' on a live system; a folder of captures in unit tests. */
  readonly kernelRoot: string;
  /** False for an offline `--root`: nothing may be reloaded, probed or verified on the running kernel. */
  readonly live: boolean;
  /** Runs argv (never a shell string). Resolves with the exit code; rejects only if the program cannot start. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Wall-clock time: for what is shown or recorded for people (timestamps, backup names), never for a wait. */
  now(): Date;
  /** Milliseconds on CLOCK_MONOTONIC (since boot, never stepped, the same in every process): every wait and deadline. */
  monotonicMs(): number;
  isRoot(): boolean;
  env: Readonly<Record<string, string | undefined>>;
}
