// `bondify status` end to end: the built CLI (dist/cli/main.js, `npm run build`) on saved captures.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const FIX = fileURLToPath(new URL('../../fixtures/proc-bonding/', import.meta.url));
const bondify = (...args: string[]) => execa('node', [MAIN, ...args], { reject: false, env: { NO_COLOR: '' } });

describe('bondify status', () => {
  it('--json prints exactly the documented shape, slaves in the file order', async () => {
    const r = await bondify('status', '--bonding-file', FIX + 'otus-3.7.1-active-backup-one-slave.txt', '--bond', 'bond0', '--json');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      JSON.stringify(
        {
          bond: 'bond0',
          mode: 'active-backup',
          failOverMac: 'active',
          primary: null,
          primaryReselect: null,
          activeSlave: 'eth2',
          miiStatus: 'up',
          miimonMs: 100,
          updelayMs: 200,
          downdelayMs: 200,
          arpIntervalMs: 0,
          arpIpTargets: [],
          arpValidate: null,
          arpAllTargets: null,
          arpMissedMax: null,
          resendIgmp: null,
          slaves: [{ name: 'eth2', miiStatus: 'up', speedMbps: 1000, duplex: 'full', linkFailures: 0, permHwAddr: '08:00:27:d1:fc:5b' }],
        },
        null,
        2,
      ),
    );
  });

  it('human output marks the active slave and the primary; no escape codes when not a terminal', async () => {
    const r = await bondify('status', '--bonding-file', FIX + 'telegraf-3.6.0-active-backup-eth3-down.txt');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain(String.fromCharCode(27));
    expect(r.stdout.split('\n')).toEqual([
      'bond0  active-backup  MII up',
      '  fail_over_mac none, miimon 100 ms, updelay 0 ms, downdelay 0 ms',
      '  monitor: MII (carrier) every 100 ms: a dead path with the carrier up goes unseen (check --ping probes it)',
      '  primary eth2 (reselect always), active eth2',
      '',
      '  SLAVE  MII   SPEED      DUPLEX  FAILURES  PERMANENT MAC',
      '  eth3   down  1000 Mbps  full    2         ?',
      '▶ eth2   up    100 Mbps   full    0         ?              active, primary',
    ]);
  });

  it('a bond that does not exist: clear message, exit 69', async () => {
    const r = await bondify('status', '--bond', 'bfynone9');
    expect(r.exitCode).toBe(69);
    expect(r.stderr).toContain('bond bfynone9 does not exist');
  });

  it.each([['a foreign file', FIX + 'README.md', /no "Bonding Mode:" line/]])(
    '%s: exit 65 naming the file',
    async (_what, file, message) => {
      const r = await bondify('status', '--bonding-file', file);
      expect(r.exitCode).toBe(65);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(message);
    },
  );

  it('a bad flag is a usage error (64)', async () => {
    expect((await bondify('status', '--nope')).exitCode).toBe(64);
  });
});
