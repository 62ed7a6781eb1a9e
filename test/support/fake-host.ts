// A Host for observe/check tests: temp root and kernelRoot, a fixed clock, and an exec that logs argv and
// answers from a script instead of running anything.
import type { ExecResult, Host } from '../../src/system/host.js';
import { tempDir } from './fixtures.js';

export interface FakeHost extends Host {
  calls: string[][];
  /** Answers for exec, by argv[0]; default: exit 0, empty output. */
  answers: Record<string, Partial<ExecResult>>;
  clock: { now: Date; monotonicMs: number };
}

export function fakeHost(opts: { root?: string; kernelRoot?: string; live?: boolean } = {}): FakeHost {
  const calls: string[][] = [];
  const answers: Record<string, Partial<ExecResult>> = {};
  const clock = { now: new Date('2026-11-23T12:00:00Z'), monotonicMs: 1_000_000 };
  return {
    root: opts.root ?? tempDir('root'),
    kernelRoot: opts.kernelRoot ?? tempDir('kernel'),
    live: opts.live ?? true,
    env: {},
    calls,
    answers,
    clock,
    now: () => clock.now,
    monotonicMs: () => clock.monotonicMs,
    isRoot: () => true,
    async exec(argv) {
      calls.push([...argv]);
      const a = answers[argv[0] ?? ''] ?? {};
      return { exitCode: a.exitCode ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '', argv };
    },
  };
}
