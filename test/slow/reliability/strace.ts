// strace around the built CLI, for proofs that need no hook inside the product: which files a run creates,
// renames, removes or chmods (and with which open flags), and a SIGKILL injected at the N-th call of a syscall.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../support/fixtures.js';
import { MAIN } from '../../support/cli.js';

/** Installs strace when it is missing (as the lab setup does), so these proofs never silently skip. */
export async function ensureStrace(): Promise<void> {
  if ((await execa('strace', ['-V'], { reject: false })).exitCode === 0) return;
  if (process.getuid?.() !== 0) throw new Error('strace is missing: run apt-get install -y strace (as root)');
  const apt = (args: string[]) => execa('apt-get', [...args, '-o', 'DPkg::Lock::Timeout=600'], { stdio: 'inherit', timeout: 900_000 });
  await apt(['update', '-q']);
  await apt(['install', '-y', '-q', '--no-install-recommends', 'strace']);
}

/** Every syscall that changes the filesystem by path (fd-based ones act on files these opened). */
export const MUTATING = [
  'openat',
  'open',
  'creat',
  'rename',
  'renameat',
  'renameat2',
  'unlink',
  'unlinkat',
  'mkdir',
  'mkdirat',
  'rmdir',
  'chmod',
  'fchmodat',
  'chown',
  'fchownat',
  'lchown',
  'symlink',
  'symlinkat',
  'link',
  'linkat',
  'truncate',
  'utimensat',
  'mknod',
  'mknodat',
];

export interface Call {
  syscall: string;
  /** Quoted path arguments, absolute (relative ones resolved against the run's cwd). */
  paths: string[];
  flags: string;
  ok: boolean;
}

const LINE = /^(\w+)\((.*)\)\s+=\s+(-?\d+|\?)/;

function parse(line: string, cwd: string): Call | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const [, syscall = '', args = '', ret = ''] = m;
  const paths = [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => path.resolve(cwd, q[1] ?? ''));
  return { syscall, paths, flags: args, ok: ret !== '?' && !ret.startsWith('-') };
}

/** True when the call changes something at its path(s). */
export function mutates(c: Call): boolean {
  if (c.syscall === 'openat' || c.syscall === 'open') return /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(c.flags);
  return MUTATING.includes(c.syscall);
}

/** Runs the CLI under strace; returns its result and every successful path syscall of every thread and child. */
export async function traceCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const dir = tempDir('strace');
  const cwd = opts.cwd ?? process.cwd();
  try {
    const r = await execa(
      'strace',
      ['-f', '-ff', '-qq', '-o', path.join(dir, 't'), '-e', `trace=${MUTATING.join(',')}`, 'node', MAIN, ...args],
      {
        reject: false,
        cwd,
        env: { NO_COLOR: '1', ...opts.env },
        stdin: 'ignore',
        timeout: 60_000,
      },
    );
    const calls = fs.readdirSync(dir).flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .map((l) => parse(l, cwd))
        .filter((c): c is Call => c !== null),
    );
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), calls: calls.filter((c) => c.ok) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the CLI with SIGKILL injected at the n-th call of `syscall` (counted per thread); killed tells whether it fired. */
export async function killAt(args: string[], syscall: string, n: number, cwd?: string) {
  const r = await execa(
    'strace',
    ['-f', '-qq', '-o', '/dev/null', '-e', `trace=${syscall}`, '-e', `inject=${syscall}:signal=SIGKILL:when=${n}`, 'node', MAIN, ...args],
    {
      reject: false,
      cwd,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
      timeout: 60_000,
    },
  );
  // strace reports the tracee's death by SIGKILL as its own: exit 137 or the signal itself.
  const killed = r.exitCode === 137 || r.signal === 'SIGKILL';
  return { killed, exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Starts the CLI with every `syscall` delayed by delayUs on return, so it holds its lock long enough for another
 * run to meet it (no sleep hook in the product). Returns the running process.
 */
export function slowCli(args: string[], syscall: string, delayUs: number) {
  return execa(
    'strace',
    ['-f', '-qq', '-o', '/dev/null', '-e', `trace=${syscall}`, '-e', `inject=${syscall}:delay_exit=${delayUs}`, 'node', MAIN, ...args],
    {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
      timeout: 120_000,
    },
  );
}

/** How many times the busiest thread of a clean run calls `syscall` (injection counts per thread). */
export async function countCalls(args: string[], syscall: string): Promise<number> {
  const dir = tempDir('count');
  try {
    await execa('strace', ['-f', '-ff', '-qq', '-o', path.join(dir, 't'), '-e', `trace=${syscall}`, 'node', MAIN, ...args], {
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
      timeout: 60_000,
    });
    return Math.max(
      0,
      ...fs.readdirSync(dir).map(
        (f) =>
          fs
            .readFileSync(path.join(dir, f), 'utf8')
            .split('\n')
            .filter((l) => l.startsWith(`${syscall}(`)).length,
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
