// A Host for observe/check tests: temp root and kernelRoot, a fixed clock, and an exec that logs argv and
// answers from a script instead of running anything.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecResult, Host } from '../../src/system/host.js';

export interface FakeHost extends Host {
  calls: string[][];
  /** Answers for exec, by argv[0]; default: exit 0, empty output. */
  answers: Record<string, Partial<ExecResult>>;
  clock: { now: Date };
}

export function tempDir(prefix = 'bondify-obs-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes files under a directory: { '/sys/class/net/bond0/bonding/mode': 'active-backup 1\n' }. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [p, content] of Object.entries(files)) {
    const real = path.join(root, p);
    mkdirSync(path.dirname(real), { recursive: true });
    writeFileSync(real, content);
  }
}

export function fakeHost(opts: { root?: string; kernelRoot?: string; live?: boolean } = {}): FakeHost {
  const calls: string[][] = [];
  const answers: Record<string, Partial<ExecResult>> = {};
  const clock = { now: new Date('2026-11-23T12:00:00Z') };
  return {
    root: opts.root ?? tempDir(),
    kernelRoot: opts.kernelRoot ?? tempDir(),
    live: opts.live ?? true,
    env: {},
    calls,
    answers,
    clock,
    now: () => clock.now,
    isRoot: () => true,
    async exec(argv) {
      calls.push([...argv]);
      const a = answers[argv[0] ?? ''] ?? {};
      return { exitCode: a.exitCode ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '', argv };
    },
  };
}
