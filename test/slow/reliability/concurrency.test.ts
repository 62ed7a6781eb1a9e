// Concurrency with real processes on an offline root: a run slowed by strace (every rename delayed, no hook in
// the product) holds the lock while others start. The others wait and then do the right thing; the end state
// is one complete file set; a lock and journal left by a SIGKILLed apply are detected and recovered at once.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';
import { cli, MAIN } from '../../support/cli.js';
import { recordFigure } from './figures.js';
import { classify, referenceSets, standardWithConfig, type Sets } from '../../support/sets.js';
import { ensureStrace, slowCli } from './strace.js';

const LOCK = 'var/lib/bondify/lock';
const JOURNAL = 'var/lib/bondify/journal.json';
const made: string[] = [];
let sets: Sets;
let tried = 0;
let consistent = 0;
let withHeal = 0;

beforeAll(async () => {
  await ensureStrace();
  sets = await referenceSets();
}, 900_000);
afterAll(() => {
  made.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  recordFigure({ name: 'concurrency', tried, counts: { consistent }, note: `${withHeal} of them apply and check --heal at once` });
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
const temps = (r: string) =>
  ['etc/systemd/network', 'etc/modprobe.d', 'var/lib/bondify'].flatMap((d) =>
    exists(r, d) ? fs.readdirSync(path.join(r, d)).filter((n) => n.includes('.bondify-tmp-')) : [],
  );

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
      const b = await cli([second, '--root', r, ...(second === 'apply' ? ['--yes'] : [])], { timeoutMs: 60_000 });
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
      const runs = await Promise.all([0, 1, 2, 3].map(() => cli(['apply', '--root', r, '--yes'], { timeoutMs: 60_000 })));
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
      const b = await cli([next, '--root', r, ...(next === 'apply' ? ['--yes'] : [])], { timeoutMs: 60_000 });
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

/**
 * `check --heal --root` as a real process, optionally slowed by strace like slowCli; `logger` is an argv-logging
 * stub on PATH so the heal's log line is seen here and never reaches this machine's journal.
 */
function healCli(root: string, slowRenameUs = 0) {
  const bin = tempDir('conc-bin');
  made.push(bin);
  const log = path.join(bin, 'logger.log');
  fs.writeFileSync(path.join(bin, 'logger'), `#!/bin/sh\nshift 5\nprintf '%s\\n' "$*" >> '${log}'\n`, { mode: 0o755 });
  const args = ['check', '--heal', '--root', root, '--state', path.join(root, 'var/lib/bondify/check-state.json')];
  const env = { NO_COLOR: '1', PATH: `${bin}:${process.env['PATH'] ?? ''}` };
  const run =
    slowRenameUs > 0
      ? execa(
          'strace',
          ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename', '-e', `inject=rename:delay_exit=${slowRenameUs}`, 'node', MAIN, ...args],
          { reject: false, env, stdin: 'ignore', timeout: 120_000 },
        )
      : execa('node', [MAIN, ...args], { reject: false, env, stdin: 'ignore', timeout: 60_000 });
  const logged = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []);
  return { run, logged };
}

const lockCommand = (r: string): string | null => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(r, LOCK), 'utf8')) as { command: string }).command;
  } catch {
    return null;
  }
};

describe('apply and check --heal at once: one waits or refuses', () => {
  it.concurrent(
    'apply during check --heal: heal finishes a SIGKILLed apply while apply waits, then apply converges',
    async ({ expect }) => {
      withHeal++;
      await scenario(async () => {
        const r = fresh();
        const a = slowCli(['apply', '--root', r, '--yes'], 'rename', 400_000);
        await until('the first unit to be written', () => exists(r, JOURNAL) && exists(r, 'etc/systemd/network/10-bondify-bond0.netdev'));
        const killed = JSON.parse(fs.readFileSync(path.join(r, LOCK), 'utf8')) as { pid: number };
        process.kill(killed.pid, 'SIGKILL');
        await a;
        expect(classify(r, sets)).toBe('mixed');
        const h = healCli(r, 1_500_000); // slow enough that apply reaches the lock while heal still restores
        await until('check --heal to take the lock', () => lockCommand(r) === 'check --heal', 30_000);
        const b = await cli(['apply', '--root', r, '--yes'], { timeoutMs: 90_000 });
        const rh = await h.run;
        expect(String(rh.stdout)).toMatch(
          new RegExp(`^healed: undid an interrupted apply \\(pid ${killed.pid}, step writing, backup [^)]+\\); files restored$`, 'm'),
        );
        expect(h.logged().filter((l) => l.includes('healed:'))).toHaveLength(1);
        expect(b.exitCode, b.stderr).toBe(0);
        expect(b.stdout).toMatch(/waiting for another bondify check --heal \(pid \d+\) to finish/);
        expect(b.stdout).not.toMatch(/found an interrupted apply/); // heal had already undone it
        expect(b.stdout).toMatch(/written into/);
        expect(classify(r, sets)).toBe('new');
        expect(leftovers(r)).toEqual([]);
        expect(temps(r)).toEqual([]);
      });
    },
  );

  it.concurrent('check --heal during apply: "apply in progress, not healing" within seconds; apply unaffected', async ({ expect }) => {
    withHeal++;
    await scenario(async () => {
      const r = fresh();
      const a = slowCli(['apply', '--root', r, '--yes'], 'rename', 300_000);
      await until('apply to take the lock', () => lockCommand(r) === 'apply');
      const t0 = Date.now();
      const h = healCli(r);
      const rh = await h.run;
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(String(rh.stdout)).toMatch(/^heal: apply in progress, not healing \(another bondify apply \(pid \d+/m);
      expect(String(rh.stdout)).not.toMatch(/^healed:/m);
      expect(h.logged()).toEqual([]);
      const ra = await a;
      expect(ra.exitCode, String(ra.stderr)).toBe(0);
      expect(classify(r, sets)).toBe('new');
      expect(leftovers(r)).toEqual([]);
      expect(temps(r)).toEqual([]);
    });
  });
});
