// The real Host: execa with argv arrays, the system clock, the real uid.
import type { ExecOptions, ExecResult, Host } from './host.js';

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
    isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
    async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
      const [file, ...args] = argv;
      if (file === undefined) throw new Error('exec: empty argv');
      // Loaded on first use: `bondify check` runs from cron every minute and usually runs nothing.
      const { execa } = await import('execa');
      const r = await execa(file, args, {
        reject: false,
        stripFinalNewline: false,
        timeout: opts.timeoutMs,
        input: opts.input,
        env: { LC_ALL: 'C' },
      });
      if (r.failed && r.exitCode === undefined) {
        // Could not start (ENOENT, EACCES) or timed out: surface as a thrown error with the argv.
        throw new Error(`${argv.join(' ')}: ${r.shortMessage}`, { cause: r });
      }
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), argv };
    },
  };
}
