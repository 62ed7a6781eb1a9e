// Fuzzing the /proc/net/bonding parser and the config validator with fast-check (fixed seed, bounded time):
// random text, random bytes, mutated real captures and golden configs, and text in the right vocabulary.
// Every input is either accepted (and then renders only safe files) or refused with a BondifyError of the
// right kind naming file and fix; nothing else escapes, and no input hangs (the worker is killed if it does).
import { Worker } from 'node:worker_threads';
import { describe, it } from 'vitest';
import { recordFigure } from './figures.js';

interface Result {
  name: string;
  runs: number;
  accepted: number;
  refused: number;
  slowestMs: number;
  failed: boolean;
  error: string | null;
  counterexample: string | null;
}

const SEED = Number(process.env['BONDIFY_FUZZ_SEED'] ?? 0x5eed);
// Per property (4 per target); `npm run reliability` gives it longer.
const TIME_MS = Number(process.env['BONDIFY_FUZZ_MS'] ?? 1000);
const RUNS = Number(process.env['BONDIFY_FUZZ_RUNS'] ?? 1_000_000);
const PROPERTIES = 4;
// A property overrunning its time limit by this much is a hang (one input, not the generator, is stuck).
const HANG_MS = 10_000;

function fuzz(target: 'parser' | 'config'): Promise<{ results: Result[]; hung: boolean }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
      workerData: { target, seed: SEED, numRuns: RUNS, timeLimitMs: TIME_MS },
    });
    const results: Result[] = [];
    const deadline = setTimeout(
      () => {
        void w.terminate();
        resolve({ results, hung: true });
      },
      PROPERTIES * TIME_MS + HANG_MS,
    );
    w.on('message', (m: Result | { done: true }) => {
      if ('done' in m) {
        clearTimeout(deadline);
        void w.terminate();
        resolve({ results, hung: false });
      } else results.push(m);
    });
    w.on('error', (e) => {
      clearTimeout(deadline);
      reject(e);
    });
  });
}

const TARGETS = [
  ['parser', '/proc/net/bonding parser'],
  ['config', 'config validator (and the renderer for every config it accepts)'],
] as const;

describe('fuzz', () => {
  // The two targets fuzz in parallel, one worker each (2 cores).
  it.concurrent.for(TARGETS)(
    '%s: %s: no uncaught exception, no hang',
    { timeout: PROPERTIES * TIME_MS + HANG_MS + 20_000 },
    async ([target], { expect }) => {
      const { results, hung } = await fuzz(target);
      const runs = results.reduce((n, r) => n + r.runs, 0);
      const failures = results.filter((r) => r.failed);
      const slowest = Math.max(0, ...results.map((r) => r.slowestMs));
      recordFigure({
        name: `fuzz ${target}`,
        tried: runs,
        counts: { 'without an uncaught exception': runs - failures.length, hangs: hung ? 1 : 0 },
        note: `${results.map((r) => `${r.name} ${r.runs} (${r.accepted} accepted)`).join(', ')}; slowest input ${slowest.toFixed(1)} ms; seed ${SEED}`,
      });
      expect(hung, `a ${target} input ran for more than ${HANG_MS / 1000} s over the limit`).toBe(false);
      for (const f of failures) expect.fail(`${f.name}: ${f.error}\ncounterexample: ${f.counterexample}`);
      expect(results.map((r) => r.name)).toEqual(['mutated', 'vocabulary', 'random', 'bytes']);
      // Each kind of input ran a meaningful number of times, and the mutations reach both outcomes.
      for (const r of results) expect(r.runs, r.name).toBeGreaterThan(100);
      const mutated = results.find((r) => r.name === 'mutated');
      expect(mutated?.accepted).toBeGreaterThan(0);
      expect(mutated?.refused).toBeGreaterThan(0);
      // Not a hang, but a regex gone quadratic shows here first.
      expect(slowest).toBeLessThan(3000); // generous: a loaded 2-core machine already shows ~600 ms
    },
  );
});
