// A wall clock stepped while bondify waits (a Pi has no RTC; its first NTP sync steps the clock by hours), with
// libfaketime in real processes of the built CLI: the lock wait of `check --heal` and the `apply --confirm` window
// are judged on the monotonic clock, both for a step back and a step forward.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';
import { MAIN } from '../../support/cli.js';
import { standardWithConfig } from '../../support/sets.js';
import { model } from '../../support/scenario.js';
import { bootId, processStart } from '../../../src/system/lock.js';
import { ensureStrace } from './strace.js';
import { ensureFaketime, steppedClock } from './faketime.js';
import { recordFigure } from './figures.js';

const STATE = 'var/lib/bondify';
const HOUR = 3_600_000;
const made: string[] = [];
let lib = '';
const children: Array<ReturnType<typeof execa>> = [];
let tried = 0;
let held = 0;

beforeAll(async () => {
  lib = await ensureFaketime();
  await ensureStrace();
}, 1_800_000);
afterAll(() => {
  recordFigure({
    name: 'wall-clock steps',
    tried,
    counts: { 'judged on the monotonic clock': held },
    note: 'lock wait and confirm, back 1 h and forward 5 h',
  });
  children.forEach((c) => c.kill('SIGKILL'));
  made.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const scratch = (prefix: string) => {
  const d = tempDir(prefix);
  made.push(d);
  return d;
};
const monoNow = () => Number(process.hrtime.bigint() / 1_000_000n);

/** A folder of argv-logging stand-ins (logger, systemctl) first on PATH: nothing reaches this machine's journal or units. */
function stubs() {
  const bin = scratch('clock-bin');
  const log = path.join(bin, 'calls.log');
  for (const name of ['logger', 'systemctl'])
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> '${log}'\n`, { mode: 0o755 });
  return { PATH: `${bin}:${process.env['PATH'] ?? ''}`, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '') };
}

describe('the clock shim', () => {
  it('steps node’s Date.now and leaves process.hrtime alone', async () => {
    const clock = steppedClock(lib, scratch('clock-shim'));
    clock.step('-1h');
    const script = 'process.stdout.write(JSON.stringify([Date.now(), String(process.hrtime.bigint() / 1000000n)]))';
    const r = await execa('node', ['-e', script], { env: clock.env });
    const [wall, mono] = JSON.parse(r.stdout) as [number, string];
    expect(Date.now() - wall).toBeGreaterThan(HOUR - 60_000);
    expect(Date.now() - wall).toBeLessThan(HOUR + 60_000);
    expect(Math.abs(monoNow() - Number(mono))).toBeLessThan(30_000);
  });
});

describe('check --heal waits 2 s for the lock, on the monotonic clock', () => {
  /**
   * Runs `check --heal --root` while a live process holds the lock, under strace (only the lock's path), and steps
   * the wall clock the moment its first attempt to create the lock fails: the wait has begun. Returns how long the
   * run went on after the step.
   */
  async function healWhileLocked(offset: string) {
    const root = standardWithConfig('clock-heal');
    made.push(root);
    fs.mkdirSync(path.join(root, STATE), { recursive: true, mode: 0o700 });
    const holder = execa('sleep', ['300'], { reject: false });
    children.push(holder);
    const pid = holder.pid ?? 0;
    const lockFile = path.join(root, STATE, 'lock');
    const owner = { pid, start: processStart(pid), bootId: bootId(), command: 'apply', since: new Date().toISOString() };
    fs.writeFileSync(lockFile, JSON.stringify(owner) + '\n', { mode: 0o600 });
    const dir = scratch('clock-heal-trace');
    const clock = steppedClock(lib, dir);
    const trace = path.join(dir, 'trace');
    const env = stubs();
    const preload = Object.entries(clock.env).flatMap(([k, v]) => ['-E', `${k}=${v}`]);
    const args = ['check', '--heal', '--root', root, '--state', path.join(root, STATE, 'check-state.json')];
    const run = execa('strace', ['-f', '-qq', '-o', trace, '-P', lockFile, '-e', 'trace=openat', ...preload, 'node', MAIN, ...args], {
      reject: false,
      env: { NO_COLOR: '1', PATH: env.PATH },
      stdin: 'ignore',
      timeout: 30_000,
    });
    children.push(run);
    const t0 = monoNow();
    while (!(fs.existsSync(trace) && fs.readFileSync(trace, 'utf8').includes('EEXIST'))) {
      if (monoNow() - t0 > 25_000) throw new Error('check --heal never tried the lock');
      await new Promise((r) => setTimeout(r, 10));
    }
    clock.step(offset);
    const stepped = monoNow();
    const r = await run;
    holder.kill('SIGKILL');
    return { r, afterStepMs: monoNow() - stepped, lockLeft: fs.readFileSync(lockFile, 'utf8') };
  }

  it('a step back of an hour: it still gives up after about 2 s (not an hour)', async () => {
    tried++;
    const { r, afterStepMs, lockLeft } = await healWhileLocked('-1h');
    expect(r.timedOut, 'check --heal waited for the lock far longer than 2 s').toBe(false);
    expect(r.stdout).toMatch(/apply in progress, not healing \(another bondify apply \(pid \d+, since .*\) is running\)/);
    // About 2 s of wait left, then heal's end and node's exit: seconds on a loaded machine, never an hour.
    expect(afterStepMs).toBeLessThan(20_000);
    expect(JSON.parse(lockLeft)).toMatchObject({ command: 'apply' }); // the live holder's lock is untouched
    held++;
  }, 90_000);

  it('a step forward of five hours: it still waits its 2 s (not refusing at once)', async () => {
    tried++;
    const { r, afterStepMs } = await healWhileLocked('+5h');
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toMatch(/apply in progress, not healing/);
    expect(afterStepMs).toBeGreaterThanOrEqual(1_200); // a wall-clock wait ends at its next poll (0.16 s seen)
    held++;
  }, 90_000);
});

describe('bondify confirm judges the window on the revert timer’s clock (monotonic)', () => {
  /** A root whose journal waits for confirmation until `inMs` from now, written as apply --confirm writes it. */
  function waiting(inMs: number) {
    const root = scratch('clock-confirm');
    fs.mkdirSync(path.join(root, STATE, 'backups/B1'), { recursive: true, mode: 0o700 });
    const now = new Date().toISOString();
    const journal = {
      version: 1,
      command: 'apply',
      backup: 'B1',
      step: 'awaiting-confirm',
      pid: 1,
      startedAt: now,
      updatedAt: now,
      deadline: new Date(Date.now() + inMs).toISOString(),
      deadlineMonotonic: { bootId: bootId(), ms: monoNow() + inMs },
      revertUnit: 'bondify-revert.timer',
      model: model(),
    };
    fs.writeFileSync(path.join(root, STATE, 'journal.json'), JSON.stringify(journal, null, 2) + '\n', { mode: 0o600 });
    return root;
  }

  async function confirmAt(root: string, offset: string) {
    const clock = steppedClock(lib, scratch('clock-confirm-shim'));
    clock.step(offset);
    const env = stubs();
    const r = await execa('node', [MAIN, 'confirm', '--root', root], {
      reject: false,
      env: { ...clock.env, NO_COLOR: '1', PATH: env.PATH },
      stdin: 'ignore',
      timeout: 30_000,
    });
    return { r, calls: env.calls() };
  }

  it('the clock stepped five hours forward inside the window: confirmed (the timer still runs), not "too late"', async () => {
    tried++;
    const root = waiting(60_000);
    const { r, calls } = await confirmAt(root, '+5h');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/confirmed: keeping the configuration \(its backup is B1\)/);
    expect(calls).toContain('systemctl stop bondify-revert.timer');
    expect(fs.existsSync(path.join(root, STATE, 'backups/B1/confirmed'))).toBe(true);
    expect(fs.existsSync(path.join(root, STATE, 'journal.json'))).toBe(false);
    held++;
  }, 60_000);

  it('the clock stepped an hour back after the window ended: "too late" (the timer has fired), nothing kept', async () => {
    tried++;
    const root = waiting(-1_000);
    const { r, calls } = await confirmAt(root, '-1h');
    expect(r.exitCode).toBe(75);
    expect(r.stderr).toMatch(/too late: the deadline passed at/);
    expect(calls).not.toContain('systemctl stop');
    expect(fs.existsSync(path.join(root, STATE, 'backups/B1/confirmed'))).toBe(false);
    expect(fs.existsSync(path.join(root, STATE, 'journal.json'))).toBe(true);
    held++;
  }, 60_000);
});
