// Crash points without hooks in the product: run apply or rollback under strace with SIGKILL injected at the
// N-th call of a syscall that changes the system (write, fsync, rename, unlink, mkdir, chmod, …), N = 1, 2, …
// until the run completes. After each kill: every file is whole (old or new bytes, never partial), the set is
// complete old or complete new — or, mid-transaction, journaled so the next run restores it — and every backup
// still matches its manifest. Then the next apply or rollback must converge to a complete set.
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../../support/cli.js';
import { backupProblems, bootable, fileSet, NET_DIRS, standardWithConfig, type Sets } from '../../support/sets.js';
import { countCalls, killAt } from './strace.js';

export type Command = 'apply' | 'rollback';
export const argv = (cmd: Command, root: string): string[] => [cmd, '--root', root, ...(cmd === 'apply' ? ['--yes'] : [])];

export interface Point {
  cmd: Command;
  syscall: string;
  n: number;
  /** The injection fired (false: the run completed before the N-th call). */
  killed: boolean;
  /** Right after the kill: 'old' / 'new' set, or 'mixed' (only acceptable with a journal). */
  state: 'old' | 'new' | 'mixed' | 'completed';
  problems: string[];
  /** The next run converged (exit 0, complete expected set, no lock/journal/temps left). */
  recovered: boolean;
  /** Would networkd bring both links up if the device rebooted right after the kill, before any bondify run? */
  bootable: boolean;
  next: Command;
}

const exists = (r: string, p: string) => fs.existsSync(path.join(r, p));

const templates = new Map<Command, Promise<string>>();

/** A root in the state the command starts from: standard method (apply), or after one clean apply (rollback). */
async function template(cmd: Command): Promise<string> {
  const r = standardWithConfig(`crash-template-${cmd}`);
  if (cmd === 'rollback') {
    const a = await cli(argv('apply', r));
    if (a.exitCode !== 0) throw new Error(`setup apply failed: ${a.stderr}`);
  }
  return r;
}

/** A fresh copy of the command's starting root (made once, copied per crash point). */
export async function startRoot(cmd: Command): Promise<string> {
  if (!templates.has(cmd)) templates.set(cmd, template(cmd));
  const src = await (templates.get(cmd) as Promise<string>);
  const r = `${src}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  fs.cpSync(src, r, { recursive: true, preserveTimestamps: true });
  return r;
}

export function dropTemplates(): void {
  for (const t of templates.values()) void t.then((d) => fs.rmSync(d, { recursive: true, force: true }));
  templates.clear();
}

/** What is wrong right after a kill, given the set before (from) and the set the run aims at (to). */
export function afterKill(root: string, from: string[], to: string[]): { state: Point['state']; problems: string[] } {
  const now = fileSet(root).filter((e) => !path.basename(e.split(' ')[0] ?? '').includes('.bondify-tmp-'));
  const known = new Set([...from, ...to]);
  const problems = now.filter((e) => !known.has(e)).map((e) => `not a whole old or new file: ${e}`);
  const same = (a: string[]) => a.length === now.length && a.every((x, i) => x === now[i]);
  const state = same(from) ? 'old' : same(to) ? 'new' : 'mixed';
  if (state === 'mixed' && !exists(root, 'var/lib/bondify/journal.json'))
    problems.push('a mixed set without a journal: nothing would restore it');
  problems.push(...backupProblems(root));
  return { state, problems };
}

/** Runs `next` and checks it converged to `expected`. */
export async function recover(root: string, next: Command, expected: string[]): Promise<string[]> {
  const r = await cli(argv(next, root), { timeoutMs: 60_000 });
  const problems: string[] = [];
  // A rollback after an apply killed before its backup was complete has nothing to undo: the files are still
  // the old set (checked below), and "no apply backup" (69) is the right answer.
  const nothingToUndo = next === 'rollback' && r.exitCode === 69 && r.stderr.includes('no apply backup');
  if (r.exitCode !== 0 && !nothingToUndo) problems.push(`${next} after the kill exited ${r.exitCode}: ${r.stderr.trim()}`);
  const now = fileSet(root);
  if (now.join('\n') !== expected.join('\n')) problems.push(`${next} after the kill left ${JSON.stringify(now)}`);
  for (const p of ['var/lib/bondify/lock', 'var/lib/bondify/journal.json']) if (exists(root, p)) problems.push(`${p} left behind`);
  for (const d of [...NET_DIRS, 'var/lib/bondify']) {
    if (exists(root, d) && fs.readdirSync(path.join(root, d)).some((n) => n.includes('.bondify-tmp-')))
      problems.push(`temp file left in /${d}`);
  }
  return problems;
}

/** One crash point: kill `cmd` at the n-th `syscall`, judge, then let `next` recover. */
export async function crashPoint(cmd: Command, syscall: string, n: number, sets: Sets, next: Command): Promise<Point> {
  const root = await startRoot(cmd);
  try {
    const [from, to] = cmd === 'apply' ? [sets.old, sets.new] : [sets.new, sets.old];
    const run = await killAt(argv(cmd, root), syscall, n);
    if (!run.killed) {
      const problems = run.exitCode === 0 ? [] : [`${cmd} exited ${run.exitCode}: ${run.stderr.trim()}`];
      if (fileSet(root).join('\n') !== to.join('\n')) problems.push(`${cmd} completed but did not reach its set`);
      return {
        cmd,
        syscall,
        n,
        killed: false,
        state: 'completed',
        problems,
        recovered: problems.length === 0,
        next,
        bootable: bootable(root),
      };
    }
    const { state, problems } = afterKill(root, from, to);
    const boots = bootable(root);
    const goal = next === 'apply' ? sets.new : sets.old;
    const rec = await recover(root, next, goal);
    return { cmd, syscall, n, killed: true, state, problems: [...problems, ...rec], recovered: rec.length === 0, next, bootable: boots };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Alternates the command that recovers (k-th point → apply, rollback, apply, …): both must converge. */
const nextAfter = (k: number): Command => (k % 2 === 0 ? 'apply' : 'rollback');

/**
 * Crash points at fractions of the way through (the fast unit run samples the syscalls called often): the count
 * comes from a clean traced run, so the samples follow the product when it writes more or less.
 */
export async function sample(cmd: Command, syscall: string, fractions: number[], sets: Sets): Promise<Point[]> {
  const root = await startRoot(cmd);
  const total = await countCalls(argv(cmd, root), syscall).finally(() => fs.rmSync(root, { recursive: true, force: true }));
  const ns = [...new Set(fractions.map((f) => Math.max(1, Math.round(f * total))))];
  return Promise.all(ns.map((n, k) => crashPoint(cmd, syscall, n, sets, nextAfter(k))));
}

/**
 * Every crash point of `cmd` at `syscall`: N = 1, 2, … (in batches of `parallel`) until a run completes;
 * with stride 2 every other one (1, 3, 5, …).
 */
export async function enumerate(
  cmd: Command,
  syscall: string,
  sets: Sets,
  opts: { parallel: number; max: number; stride: number },
): Promise<Point[]> {
  const points: Point[] = [];
  for (let start = 1; start <= opts.max; start += opts.parallel * opts.stride) {
    const ns = Array.from({ length: opts.parallel }, (_, i) => start + i * opts.stride).filter((n) => n <= opts.max);
    // Alternate the recovering command so both "the next apply" and "the next rollback" are proven.
    const batch = await Promise.all(ns.map((n) => crashPoint(cmd, syscall, n, sets, nextAfter(Math.floor((n - 1) / opts.stride)))));
    points.push(...batch);
    if (batch.some((p) => !p.killed)) return points.filter((p, i) => p.killed || i === points.findIndex((q) => !q.killed));
  }
  throw new Error(`${cmd} still had ${syscall} calls after ${opts.max}: raise max`);
}
