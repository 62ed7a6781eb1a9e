// Crash consistency of an offline `apply --root` and `rollback --root` (see crash.ts): SIGKILL at every call of
// every syscall that changes the system. `npm test` runs every third rename and unlink point and samples of the
// write/fsync/mkdir/chmod points; `npm run reliability` (BONDIFY_RELIABILITY_FULL=1) runs all of them.
// Prints "crash points: N tried, N consistent, N recovered"; asserts every kill leaves a set that boots.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { recordFigure } from './figures.js';
import { referenceSets, type Sets } from '../../support/sets.js';
import { ensureStrace } from './strace.js';
import { dropTemplates, enumerate, sample, type Command, type Point } from './crash.js';

const FULL = process.env['BONDIFY_RELIABILITY_FULL'] === '1';
// rename and unlink change which files exist: every third one of their points in the fast run (N = 1, 4, …,
// alternating which command recovers), every point in the full run. The others (called often) are sampled at
// fixed points in the fast run and enumerated to the end in the full one.
const EVERY = ['rename', 'unlink'];
// Fractions of the way through the run's calls of each syscall (counted in a clean traced run first).
const SAMPLED: Record<string, number[]> = { fsync: [0.2, 0.7], write: [0.5], mkdir: [0.5], chmod: [0.6], fchmod: [0.4], fchown: [0.5] };
const SYSCALLS = [...EVERY, ...Object.keys(SAMPLED)];
const PARALLEL = 2;

let sets: Sets;
const all: Point[] = [];
beforeAll(async () => {
  await ensureStrace();
  sets = await referenceSets();
}, 900_000);
afterAll(() => {
  dropTemplates();
  const killed = all.filter((p) => p.killed);
  const consistent = killed.filter((p) => !p.problems.some((x) => !x.includes('after the kill')));
  const whole = killed.filter((p) => p.state !== 'mixed').length;
  // The journal is only replayed by the next bondify run, not at boot: the write order must keep every set bootable.
  const unbootable = killed.filter((p) => !p.bootable);
  recordFigure({
    name: 'crash points',
    tried: killed.length,
    counts: { consistent: consistent.length, recovered: killed.filter((p) => p.recovered).length },
    note: `${whole} left a complete old or new set at once, ${killed.length - whole} a journaled mixed set the next run restored; ${unbootable.length} would not bring both links up on a reboot before the next bondify run (${
      unbootable
        .slice(0, 8)
        .map((p) => `${p.cmd} ${p.syscall}#${p.n}`)
        .join(' ') || 'none'
    }${unbootable.length > 8 ? ' …' : ''}); ${FULL ? 'every point of' : 'every third rename/unlink point, samples of'} ${SYSCALLS.join(' ')}`,
  });
});

describe.each(['apply', 'rollback'] as const)('crash points of %s --root', (cmd: Command) => {
  // Concurrent (vitest runs up to 5 at once, each with PARALLEL crash points): the work is many short processes.
  it.concurrent.for(SYSCALLS)(`SIGKILL at each %s`, { timeout: 600_000 }, async (syscall, { expect }) => {
    const every = FULL || EVERY.includes(syscall);
    const points = every
      ? await enumerate(cmd, syscall, sets, { parallel: PARALLEL, max: 400, stride: FULL ? 1 : 3 })
      : await sample(cmd, syscall, SAMPLED[syscall] ?? [], sets);
    all.push(...points);
    expect(points.filter((p) => p.killed).length, `no ${syscall} call was ever hit`).toBeGreaterThan(0);
    if (every)
      expect(
        points.some((p) => !p.killed && p.problems.length === 0),
        'the run never completed cleanly',
      ).toBe(true);
    for (const p of points) expect(p.problems, `${cmd} killed at ${syscall} #${p.n} (then ${p.next})`).toEqual([]);
    // A reboot right after any kill, before bondify runs again, must still bring both links up (sets.ts bootable).
    for (const p of points)
      expect(p.bootable, `${cmd} killed at ${syscall} #${p.n}: the files on disk would not bring both links up on a reboot`).toBe(true);
  });
});
