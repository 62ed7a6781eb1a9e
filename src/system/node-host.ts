// The real Host: execa with argv arrays (programs found only in trusted directories), the system clock, the real uid.
import type { ExecOptions, ExecResult, Host } from './host.js';
import { resolveProgram } from './trust.js';
import { monotonicMs } from './clock.js';

export interface NodeHostOptions {
  root?: string;
  kernelRoot?: string;
}

export function nodeHost(options: NodeHostOptions = {}): Host {
  const root = options.root ?? '/';
  return {
    root,
    kernelRoot: options.kernelRoot ?? '/',
    live: root === '/',
    env: process.env,
    now: () => new Date(),
    monotonicMs,
    isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
    async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
      const [file, ...args] = argv;
      if (file === undefined) throw new Error('exec: empty argv');
      // Root must not run whatever a careless PATH finds first: only trusted directories are searched (trust.ts),
      // and the child gets that trusted PATH too.
      const prog = resolveProgram(file, process.env['PATH']);
      if (!prog.ok) {
        const skipped = prog.skipped.length > 0 ? ` (skipped as untrusted: ${prog.skipped.join('; ')})` : '';
        throw new Error(`${argv.join(' ')}: ${file} not found in a trusted PATH directory${skipped}`);
      }
      // Loaded on first use: `bondify check` runs from cron every minute and usually runs nothing.
      const { execa } = await import('execa');
      const r = await execa(prog.file, args, {
        reject: false,
        stripFinalNewline: false,
        timeout: opts.timeoutMs,
        input: opts.input,
        env: { LC_ALL: 'C', PATH: prog.path },
      });
      if (r.failed && r.exitCode === undefined) {
        // Could not start (ENOENT, EACCES) or timed out: surface as a thrown error with the argv.
        throw new Error(`${argv.join(' ')}: ${r.shortMessage}`, { cause: r });
      }
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), argv };
    },
  };
}
