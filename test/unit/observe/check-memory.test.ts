// The state file between runs: failover/failback logged exactly once, counters, atomic private file, config cache.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkHost } from '../../support/check-harness.js';
import { STATE_FILE } from '../../../src/observe/check-memory.js';
import { writeKernel, REF_LINKS } from '../../support/kernel-tree.js';

const loggerCalls = (calls: string[][]) => calls.filter((c) => c[0] === 'logger');
const stateOf = (root: string) => JSON.parse(readFileSync(path.join(root, STATE_FILE), 'utf8'));

describe('check memory (state file)', () => {
  it('logs a failover once, then the failback once, and counts both', async () => {
    const host = checkHost();
    await check(host, 'ok.txt');
    expect(loggerCalls(host.calls)).toEqual([]); // the first run only sets the baseline

    const over = await check(host, 'eth0-down.txt');
    expect(over.lines).toContain('event: bond0: failover to wlan0 from eth0 (primary eth0)');
    expect(loggerCalls(host.calls)).toEqual([
      ['logger', '-t', 'bondify', '-p', 'daemon.warning', '--', 'bond0: failover to wlan0 from eth0 (primary eth0)'],
    ]);

    await check(host, 'eth0-down.txt');
    await check(host, 'eth0-going-back.txt');
    expect(loggerCalls(host.calls)).toHaveLength(1); // still on wlan0: nothing new to log

    const back = await check(host, 'ok.txt');
    expect(back.outcome.events.map((e) => e.message)).toEqual(['bond0: failback to primary eth0 from wlan0']);
    expect(loggerCalls(host.calls).at(-1)).toEqual([
      'logger',
      '-t',
      'bondify',
      '-p',
      'daemon.notice',
      '--',
      'bond0: failback to primary eth0 from wlan0',
    ]);
    expect(back.outcome.failoversTotal).toBe(2);
    expect(stateOf(host.root)).toMatchObject({
      version: 1,
      bond: 'bond0',
      present: true,
      activeSlave: 'eth0',
      failoversTotal: 2,
      linkFailures: { eth0: 0, wlan0: 0 },
    });
  });

  it('logs the bond disappearing and coming back (live)', async () => {
    const host = checkHost();
    writeKernel(host.kernelRoot, { active: 'eth0', links: REF_LINKS() });
    await check(host, null);
    const { rmSync } = await import('node:fs');
    rmSync(path.join(host.kernelRoot, 'proc'), { recursive: true });
    rmSync(path.join(host.kernelRoot, 'sys'), { recursive: true });
    const gone = await check(host, null);
    expect([gone.status, gone.outcome.events.map((e) => e.kind)]).toEqual(['CRITICAL', ['bond-gone']]);
    expect((await check(host, null)).outcome.events).toEqual([]);
    writeKernel(host.kernelRoot, { active: 'eth0', links: REF_LINKS() });
    expect((await check(host, null)).outcome.events.map((e) => e.message)).toEqual(['bond0: the bond is back, active eth0']);
  });

  it('writes the state file privately (0600 in a 0700 directory) and leaves no temp files', async () => {
    const host = checkHost();
    await check(host, 'ok.txt');
    const file = path.join(host.root, STATE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(file))).toEqual(['check-state.json']);
  });

  it('does not rewrite an unchanged state (one write per change, not per minute)', async () => {
    const host = checkHost();
    await check(host, 'ok.txt');
    const first = readFileSync(path.join(host.root, STATE_FILE), 'utf8');
    host.clock.now = new Date('2026-11-23T12:05:00Z');
    await check(host, 'ok.txt');
    expect(readFileSync(path.join(host.root, STATE_FILE), 'utf8')).toBe(first);
    await check(host, 'eth0-down.txt');
    expect(stateOf(host.root).changedAt).toBe('2026-11-23T12:05:00.000Z');
  });

  it('a corrupt state file is a fresh start, not a failure', async () => {
    const host = checkHost();
    await check(host, 'ok.txt');
    writeFileSync(path.join(host.root, STATE_FILE), '{not json');
    const r = await check(host, 'eth0-down.txt');
    expect([r.status, r.outcome.events]).toEqual(['WARNING', []]);
  });

  it('caches what the config wants under a key of its text and re-reads the config only when it changes', async () => {
    const host = checkHost();
    await check(host, 'ok.txt');
    const saved = stateOf(host.root);
    expect(saved.config.key).toMatch(/^\d+-[0-9a-f]{16}$/);
    expect(saved.config.desired).toMatchObject({ bond: 'bond0', primary: 'eth0', slaves: ['eth0', 'wlan0'], gateway: '192.168.1.1' });
    // Tamper with the cache only: a run that uses it believes wlan0 is the primary.
    saved.config.desired.primary = 'wlan0';
    writeFileSync(path.join(host.root, STATE_FILE), JSON.stringify(saved));
    expect((await check(host, 'ok.txt')).problems).toContain('WARNING: running on backup slave eth0, not the primary wlan0');
    // Any change to bondify.ini invalidates it.
    const ini = path.join(host.root, '/etc/bondify/bondify.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8') + '\n; edited\n');
    expect((await check(host, 'ok.txt')).status).toBe('OK');
  });

  it('an unwritable state file is reported, and the verdict still stands', async () => {
    const host = checkHost();
    const { mkdirSync, symlinkSync } = await import('node:fs');
    mkdirSync(path.join(host.root, 'var/lib'), { recursive: true });
    symlinkSync('/tmp', path.join(host.root, 'var/lib/bondify')); // never write through a symlink
    const s = await check(host, 'ok.txt');
    expect(s.status).toBe('OK');
    expect(s.outcome.notes.some((n) => /^state not saved .*symlink/.test(n))).toBe(true);
  });
});

describe('contentKey', () => {
  it('changes with any edit, even one that keeps the length', async () => {
    const { contentKey } = await import('../../../src/observe/desired-load.js');
    const { REFERENCE_INI } = await import('../../../src/config/default.js');
    const keys = new Set(
      [REFERENCE_INI, REFERENCE_INI.replace('eth0', 'eth1'), REFERENCE_INI.replace('100ms', '200ms'), REFERENCE_INI + ' '].map(contentKey),
    );
    expect(keys.size).toBe(4);
    expect(contentKey(REFERENCE_INI)).toBe(contentKey(String(REFERENCE_INI)));
  });
});

/** A slave as the kernel shows it, with only its link failure count varying. */
const slave = (name: string, linkFailures: number) => ({
  name,
  miiStatus: 'up',
  speedMbps: null,
  duplex: null,
  linkFailures,
  permHwAddr: null,
  aggregatorId: null,
});

describe('check memory keyed by kernel names', () => {
  it('slaves called __proto__ and constructor are counted like any other name', async () => {
    const { advance } = await import('../../../src/observe/check-memory.js');
    const state = (n: number) => ({ slaves: [slave('__proto__', n), slave('constructor', n)], activeSlave: null, primary: null }) as never;
    const first = advance(null, state(1), 'bond0', new Date(0));
    const saved = JSON.parse(JSON.stringify(first.memory)) as typeof first.memory;
    expect(saved.linkFailures).toEqual(JSON.parse('{"__proto__": 1, "constructor": 1}'));
    const second = advance(saved, state(3), 'bond0', new Date(1));
    expect(second.rises).toEqual([
      { slave: '__proto__', before: 1, after: 3 },
      { slave: 'constructor', before: 1, after: 3 },
    ]);
  });
});

describe('check memory across a bond made again', () => {
  it('a bond that is back starts a new baseline: its counts are not rises over the old bond', async () => {
    const { advance } = await import('../../../src/observe/check-memory.js');
    const state = (n: number) => ({ slaves: [slave('eth0', n)], activeSlave: 'eth0', primary: 'eth0' }) as never;
    const up = advance(null, state(0), 'bond0', new Date(0)).memory;
    const gone = advance(up, null, 'bond0', new Date(1));
    const back = advance(gone.memory, state(1), 'bond0', new Date(2));
    expect(back.events.map((e) => e.kind)).toEqual(['bond-back']);
    expect(back.rises).toEqual([]);
    // From there on, a rise is a rise.
    expect(advance(back.memory, state(2), 'bond0', new Date(3)).rises).toEqual([{ slave: 'eth0', before: 1, after: 2 }]);
  });
});
