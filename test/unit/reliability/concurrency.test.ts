// Concurrency with real processes on an offline root: a run slowed by strace (every rename delayed, no hook in
// the product) holds the lock while others start. The others wait and then do the right thing; the end state
// is one complete file set; a lock and journal left by a SIGKILLed apply are detected and recovered at once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cli } from './cli.js';
import { recordFigure } from './figures.js';
import { classify, referenceSets, standardWithConfig, type Sets } from './sets.js';
import { ensureStrace, slowCli } from './strace.js';

const LOCK = 'var/lib/bondify/lock';
const JOURNAL = 'var/lib/bondify/journal.json';
const made: string[] = [];
let sets: Sets;
let tried = 0;
let consistent = 0;

beforeAll(async () => {
  await ensureStrace();
  sets = await referenceSets();
}, 900_000);
afterAll(() => {
  made.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  recordFigure({ name: 'concurrency', tried, counts: { consistent } });
});

const fresh = () => {
  const r = standardWithConfig('conc');
  made.push(r);
  return r;
};
const exists = (r: string, p: string) => fs.existsSync(path.join(r, p));
async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const backups = (r: string) => (exists(r, 'var/lib/bondify/backups') ? fs.readdirSync(path.join(r, 'var/lib/bondify/backups')) : []);
const leftovers = (r: string) => [LOCK, JOURNAL].filter((p) => exists(r, p));
const temps = (r: string) => ['etc/systemd/network', 'etc/modprobe.d', 'var/lib/bondify'].flatMap((d) => (exists(r, d) ? fs.readdirSync(path.join(r, d)).filter((n) => n.includes('.bondify-tmp-')) : []));

async function scenario(fn: () => Promise<void>): Promise<void> {
  tried++;
  await fn();
  consistent++;
}

describe('two runs at once: the second waits for the first', () => {
  it.concurrent.for([
    ['apply during apply', 'apply', 'apply', 'new', /nothing to do/],
    ['rollback during apply', 'apply', 'rollback', 'old', /rolled back/],
    ['apply during rollback', 'rollback', 'apply', 'new', /written into/],
  ] as const)('%s', async ([, first, second, end, said], { expect }) => {
    await scenario(async () => {
      const r = fresh();
      if (first === 'rollback') expect((await cli(['apply', '--root', r, '--yes'])).exitCode).toBe(0);
      const a = slowCli([first, '--root', r, ...(first === 'apply' ? ['--yes'] : [])], 'rename', 300_000);
      await until('the first run to take the lock', () => exists(r, LOCK));
      const b = await cli([second, '--root', r, ...(second === 'apply' ? ['--yes'] : [])], 60_000);
      const ra = await a;
      expect(ra.exitCode, String(ra.stderr)).toBe(0);
      expect(b.exitCode, b.stderr).toBe(0);
      expect(b.stdout).toMatch(new RegExp(`waiting for another bondify ${first} \\(pid \\d+\\) to finish`));
      expect(b.stdout).toMatch(said);
      expect(classify(r, sets)).toBe(end);
      expect(leftovers(r)).toEqual([]);
      expect(temps(r)).toEqual([]);
    });
  });

  it.concurrent('four applies started together: one writes, the others find nothing to do', async ({ expect }) => {
    await scenario(async () => {
      const r = fresh();
      const runs = await Promise.all([0, 1, 2, 3].map(() => cli(['apply', '--root', r, '--yes'], 60_000)));
      for (const x of runs) expect(x.exitCode, x.stderr).toBe(0);
      expect(runs.filter((x) => /written into/.test(x.stdout))).toHaveLength(1);
      expect(runs.filter((x) => /nothing to do/.test(x.stdout))).toHaveLength(3);
      expect(backups(r)).toHaveLength(1);
      expect(classify(r, sets)).toBe('new');
      expect(leftovers(r)).toEqual([]);
    });
  });
});

describe('a lock left by a SIGKILLed apply', () => {
  it.concurrent.for([
    ['apply', 'new'],
    ['rollback', 'old'],
  ] as const)('is taken over at once by %s, which undoes the interrupted run and converges', async ([next, end], { expect }) => {
    await scenario(async () => {
      const r = fresh();
      const a = slowCli(['apply', '--root', r, '--yes'], 'rename', 400_000);
      // Kill it in the middle of writing: the journal exists and the first unit is in place.
      await until('the first unit to be written', () => exists(r, JOURNAL) && exists(r, 'etc/systemd/network/10-bondify-bond0.netdev'));
      const holder = JSON.parse(fs.readFileSync(path.join(r, LOCK), 'utf8')) as { pid: number };
      process.kill(holder.pid, 'SIGKILL');
      const ra = await a;
      expect(ra.exitCode === 137 || ra.signal === 'SIGKILL', `${ra.exitCode} ${ra.signal}`).toBe(true); // strace re-raises the kill
      expect(classify(r, sets)).toBe('mixed'); // what the kill left: neither set, but journaled
      expect(leftovers(r)).toEqual([LOCK, JOURNAL]);
      const t0 = Date.now();
      const b = await cli([next, '--root', r, ...(next === 'apply' ? ['--yes'] : [])], 60_000);
      expect(b.exitCode, b.stderr).toBe(0);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(b.stdout).not.toMatch(/waiting for another/);
      expect(b.stdout).toMatch(new RegExp(`found an interrupted apply \\(pid ${holder.pid}, .*\\): undoing it`));
      expect(classify(r, sets)).toBe(end);
      expect(leftovers(r)).toEqual([]);
      expect(temps(r)).toEqual([]);
    });
  });
});
