// Running the host's network tools for apply: argv arrays through Host.exec, and a failure that carries the
// failing command and its stderr (what the user needs to see).
import { BondifyError } from '../errors.js';
import type { ExecResult, Host } from './host.js';

/** Progress lines, printed as each step happens. */
export type Report = (line: string) => void;

export function commandFailure(r: ExecResult, what: string): BondifyError {
  const err = r.stderr.trim() || r.stdout.trim() || '(no output)';
  return new BondifyError('unavailable', `${what} failed: \`${r.argv.join(' ')}\` exited ${r.exitCode}: ${err}`, {
    fix: 'see the command output above; fix the cause and run bondify again',
  });
}

/** Runs argv; a program that cannot start is reported like one that failed. */
export async function tryRun(host: Host, argv: readonly string[], timeoutMs = 30_000): Promise<ExecResult> {
  try {
    return await host.exec(argv, { timeoutMs });
  } catch (e) {
    return { exitCode: 127, stdout: '', stderr: e instanceof Error ? e.message : String(e), argv };
  }
}

/** Runs argv and throws (with command and stderr) unless it exits 0. */
export async function mustRun(host: Host, argv: readonly string[], what: string, report?: Report): Promise<ExecResult> {
  report?.(`  $ ${argv.join(' ')}`);
  const r = await tryRun(host, argv);
  if (r.exitCode !== 0) throw commandFailure(r, what);
  return r;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
