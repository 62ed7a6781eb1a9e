// What a check run may touch and what it may claim: a saved file leaves the live memory, syslog and counters
// alone; perfdata and metrics never make up a value; a config is compared only with the bond it describes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/usecases/check.js';
import { formatCheck } from '../../../src/observe/check-report.js';
import { STATE_FILE } from '../../../src/observe/check-memory.js';
import { check, checkHost, FILES } from '../../support/check-harness.js';
import { tempDir } from '../../support/fixtures.js';

// What a host that ran bondify before holds: it was on eth2 last time, 41 failovers counted.
const STALE = JSON.stringify({
  version: 1,
  bond: 'bond0',
  changedAt: '2026-01-01T00:00:00.000Z',
  present: true,
  activeSlave: 'eth2',
  linkFailures: { eth0: 7 },
  failoversTotal: 41,
});

/** A saved file run the way a user tries one: no --state. */
async function trySaved(host: ReturnType<typeof checkHost>, file: string, more: { prom?: string; bond?: string } = {}) {
  const outcome = await runCheck(host, { ping: false, bondingFile: path.isAbsolute(file) ? file : path.join(FILES, file), ...more });
  return { outcome, lines: formatCheck(outcome).trimEnd().split('\n') };
}

describe('check --bonding-file without --state', () => {
  it.each(['ok.txt', 'eth0-down.txt', 'both-down.txt'])('%s: the live state file, syslog and counters stay untouched', async (file) => {
    const host = checkHost();
    const live = path.join(host.root, STATE_FILE);
    mkdirSync(path.dirname(live), { recursive: true });
    writeFileSync(live, STALE);
    const r = await trySaved(host, file);
    expect(readFileSync(live, 'utf8')).toBe(STALE);
    expect(host.calls.filter((c) => c[0] === 'logger')).toEqual([]);
    expect(r.outcome.events).toEqual([]);
    expect(r.outcome.failoversTotal).toBeNull();
  });

  it('creates no state file where there was none', async () => {
    const host = checkHost();
    await trySaved(host, 'eth0-down.txt');
    await trySaved(host, 'ok.txt');
    expect(existsSync(path.join(host.root, STATE_FILE))).toBe(false);
    expect(existsSync(path.join(host.root, 'var'))).toBe(false);
  });

  it('with --prom: the metrics are written, the failover count is left out (unknown), not 0', async () => {
    const host = checkHost();
    await trySaved(host, 'ok.txt', { prom: '/m.prom' });
    const prom = readFileSync(path.join(host.root, 'm.prom'), 'utf8');
    expect(prom).toContain('bondify_up{bond="bond0"} 1\n');
    expect(prom).not.toMatch(/^bondify_failovers_total\{/m);
  });
});

describe('perfdata and metrics never make up a value', () => {
  it('counters carry the c unit', async () => {
    expect((await check(checkHost(), 'eth0-down.txt')).lines[0]).toMatch(/\| active_is_primary=0 slaves_up=1 link_failures=1c$/);
  });

  it('a foreign file is UNKNOWN with U values, and never lends its name to the metrics', async () => {
    const dir = tempDir();
    for (const name of ['passwd', 'hostname', 'group']) {
      const file = path.join(dir, name);
      writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\n');
      const host = checkHost(null);
      const r = await trySaved(host, file, { prom: '/m.prom' });
      expect(r.outcome.health.status).toBe('UNKNOWN');
      expect(r.lines[0]).toMatch(/\| active_is_primary=U slaves_up=U link_failures=U$/);
      const prom = readFileSync(path.join(host.root, 'm.prom'), 'utf8');
      expect(prom).not.toContain(`bond="${name}"`);
      expect(prom).toContain('bondify_check_status{bond="bond0"} 3\n');
      // Whether the bond is up is not known from a foreign file: no sample, not 0.
      expect(prom).not.toMatch(/^bondify_up\{/m);
      expect(prom).not.toMatch(/^bondify_active_is_primary\{/m);
    }
  });

  it('a bond with no primary configured reports no active_is_primary at all', async () => {
    const host = checkHost(null);
    const r = await check(host, 'primary-none.txt', { prom: '/m.prom' });
    expect(r.lines[0]).not.toContain('active_is_primary');
    expect(r.lines[0]).toMatch(/\| slaves_up=2 link_failures=0c$/);
    expect(readFileSync(path.join(host.root, 'm.prom'), 'utf8')).not.toMatch(/^bondify_active_is_primary\{/m);
  });

  it('--prom into a path that cannot be written fails the check (not a note)', async () => {
    for (const prom of ['/etc/passwd-is-a-file/m.prom', '/ro/m.prom']) {
      const host = checkHost();
      writeFileSync(path.join(host.root, 'etc/passwd-is-a-file'), 'x\n');
      mkdirSync(path.join(host.root, 'ro'));
      writeFileSync(path.join(host.root, 'ro', 'm.prom'), '');
      // A directory where the metrics file should be: cannot be replaced by a file.
      if (prom === '/ro/m.prom') {
        const { rmSync } = await import('node:fs');
        rmSync(path.join(host.root, 'ro', 'm.prom'));
        mkdirSync(path.join(host.root, 'ro', 'm.prom'));
      }
      const r = await check(host, 'ok.txt', { prom });
      expect(r.status, prom).not.toBe('OK');
      expect(
        r.problems.some((p) => p.startsWith(`UNKNOWN: metrics not written to ${prom}: `)),
        r.lines.join('\n'),
      ).toBe(true);
      expect(r.outcome.notes.some((n) => n.includes('metrics'))).toBe(false);
    }
  });
});

describe('a bond or slaves the config does not describe', () => {
  it('--bond for another bond is judged without the config (no made-up mismatches)', async () => {
    const host = checkHost();
    const r = await check(host, 'ok.txt', { bond: 'bond1' });
    expect(r.status).toBe('OK');
    expect(r.problems).toEqual([]);
    expect(r.outcome.notes).toContain('bond1 is not the configured bond (bond0): judged without the config');
  });

  it('slaves the config does not name are reported as such, never as "fewer slaves" or "running on backup"', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bond0');
    // eth2 instead of eth0: primary and active on a slave the config does not name.
    writeFileSync(file, readFileSync(path.join(FILES, 'ok.txt'), 'utf8').replaceAll('eth0', 'eth2'));
    const r = await check(checkHost(), file);
    expect(r.problems).toEqual([
      'WARNING: bond0.primary: desired eth0, current eth2',
      'WARNING: bond0.slaves: desired eth0, wlan0, current eth2, wlan0 (eth0 not enslaved; eth2 not in the config)',
    ]);
    expect(r.lines.join('\n')).not.toMatch(/fewer slaves|running on backup|Ms:/);
  });
});
