// The lock: one holder at a time, waiting or refusing clearly, and stale locks (dead pid, reused pid,
// previous boot, half-written file) taken over. Real processes racing for it: test/slow/reliability/lock-race.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE, processStart, withLock, type LockOwner } from '../../../src/system/lock.js';
import { put, tempRoot } from '../../support/fixtures.js';

const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
const owner = (o: Partial<LockOwner>): string =>
  JSON.stringify({
    pid: process.pid,
    start: processStart(process.pid),
    bootId: null,
    command: 'apply',
    since: '2026-01-01T00:00:00.000Z',
    ...o,
  });

describe('lock', () => {
  it('holds the lock file 0600 with pid and start time, and releases it', async () => {
    const root = tempRoot();
    const l = await acquireLock(root, 'apply', { waitMs: 0 });
    const held = JSON.parse(fs.readFileSync(path.join(root, LOCK_FILE), 'utf8')) as LockOwner;
    expect(held.pid).toBe(process.pid);
    expect(held.start).toBe(processStart(process.pid));
    expect(fs.statSync(path.join(root, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(root, '/var/lib/bondify')).mode & 0o777).toBe(0o700);
    l.release();
    expect(fs.existsSync(path.join(root, LOCK_FILE))).toBe(false);
  });

  it('refuses a second holder with a message naming the first', async () => {
    const root = tempRoot();
    const l = await acquireLock(root, 'apply', { waitMs: 0 });
    await expect(acquireLock(root, 'rollback', { waitMs: 0 })).rejects.toThrow(/another bondify apply \(pid \d+, since .*\) is running/);
    l.release();
  });

  it('waits for the holder to finish', async () => {
    const root = tempRoot();
    const l = await acquireLock(root, 'apply', { waitMs: 0 });
    const seen: string[] = [];
    setTimeout(() => l.release(), 300);
    const t0 = Date.now();
    const l2 = await acquireLock(root, 'rollback', { waitMs: 5000, onWait: (h) => seen.push(h.command) });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(seen).toEqual(['apply']);
    l2.release();
  });

  it.each([
    ['a dead pid', () => owner({ pid: deadPid(), start: '1' })],
    ['a reused pid (same pid, other start time)', () => owner({ start: '1' })],
    ['a previous boot', () => owner({ bootId: '00000000-0000-0000-0000-000000000000' })],
  ])('takes over a stale lock left by %s', async (_what, content) => {
    const root = tempRoot();
    put(root, LOCK_FILE, content(), 0o600);
    let waited = false;
    const l = await acquireLock(root, 'apply', { waitMs: 0, onWait: () => (waited = true) });
    expect(waited).toBe(false);
    expect(l.owner.pid).toBe(process.pid);
    l.release();
  });

  // A file's mtime is wall-clock time (a Pi's clock steps by hours at its first NTP sync): only what this process
  // watched on the monotonic clock counts, so an mtime hours old or hours ahead changes nothing.
  it.each([
    ['an hour old', -3_600_000],
    ['an hour ahead', 3_600_000],
  ])('takes over a half-written lock once it stayed so for 2 s, whatever its mtime says (%s)', async (_what, shift) => {
    const root = tempRoot();
    put(root, LOCK_FILE, '', 0o600);
    const when = new Date(Date.now() + shift);
    fs.utimesSync(path.join(root, LOCK_FILE), when, when);
    const t0 = performance.now();
    (await acquireLock(root, 'apply', { waitMs: 0 })).release();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('measures its wait on the monotonic clock it is given, not the wall clock', async () => {
    const root = tempRoot();
    const l = await acquireLock(root, 'apply', { waitMs: 0 });
    let mono = 0;
    // The wall clock is not consulted: the injected monotonic clock jumps past the wait after a few polls.
    const clock = () => (mono += 400);
    const t0 = performance.now();
    await expect(acquireLock(root, 'check --heal', { waitMs: 2000, monotonicMs: clock })).rejects.toThrow(/another bondify apply/);
    expect(performance.now() - t0).toBeLessThan(1500);
    l.release();
  });

  it('releases on error inside withLock', async () => {
    const root = tempRoot();
    await expect(
      withLock(root, 'apply', { waitMs: 0 }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(fs.existsSync(path.join(root, LOCK_FILE))).toBe(false);
  });

  it('does not release a lock that another process took over', async () => {
    const root = tempRoot();
    const l = await acquireLock(root, 'apply', { waitMs: 0 });
    fs.writeFileSync(path.join(root, LOCK_FILE), owner({ pid: 1, start: processStart(1) }));
    l.release();
    expect(fs.existsSync(path.join(root, LOCK_FILE))).toBe(true);
  });
});
