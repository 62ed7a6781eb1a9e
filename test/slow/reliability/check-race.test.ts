// Two checks at once (the timer's and a monitoring agent's) must log and count one failover once: many real
// `check` processes of the built CLI, started together against one memory and a capture that shows a failover.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { tempDir } from '../../support/fixtures.js';
import { MAIN } from '../../support/cli.js';
import { REPO } from '../ship/build.js';
import { recordFigure } from './figures.js';

const capture = (name: string) => path.join(REPO, 'test/fixtures/proc-bonding', name);
const BOTH_UP = capture('lab-6.1-active-backup-both-up.txt'); // eth0 active
const ETH0_CUT = capture('lab-6.1-active-backup-eth0-cut.txt'); // wlan0 active: a failover from eth0
const RUNS = 8;
const ROUNDS = 2;
const made: string[] = [];
let tried = 0;
let once = 0;
afterAll(() => {
  made.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  recordFigure({ name: 'checks at once', tried, counts: { 'failover logged and counted once': once }, note: `${RUNS} checks per round` });
});

function sandbox() {
  const dir = tempDir('check-race');
  made.push(dir);
  const config = path.join(dir, 'bondify.ini');
  fs.writeFileSync(config, REFERENCE_INI);
  // logger is an argv-logging stand-in first on PATH: each event's log line is counted here, none reaches the journal.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { mode: 0o755 });
  const log = path.join(dir, 'logger.log');
  fs.writeFileSync(path.join(bin, 'logger'), `#!/bin/sh\nshift 5\nprintf '%s\\n' "$*" >> '${log}'\n`, { mode: 0o755 });
  const state = path.join(dir, 'state', 'check-state.json');
  const check = (file: string) =>
    execa('node', [MAIN, 'check', '--bonding-file', file, '--state', state, '--config', config, '--json'], {
      reject: false,
      env: { NO_COLOR: '1', PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      stdin: 'ignore',
      timeout: 60_000,
    });
  const logged = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
  const memory = () => JSON.parse(fs.readFileSync(state, 'utf8')) as { activeSlave: string; failoversTotal: number };
  return { check, logged, memory, dir };
}

describe('checks at once log and count each failover once', () => {
  it(`${RUNS} checks started together see one failover: one log line, one count, one run reports it (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = sandbox();
      const base = await s.check(BOTH_UP); // the baseline: eth0 active, config cached
      expect(base.exitCode, base.stderr).toBe(0);
      expect(s.memory()).toMatchObject({ activeSlave: 'eth0', failoversTotal: 0 });
      tried++;
      const runs = await Promise.all(Array.from({ length: RUNS }, () => s.check(ETH0_CUT)));
      for (const r of runs) expect(r.stderr).toBe('');
      const reported = runs.flatMap((r) => (JSON.parse(r.stdout) as { events: Array<{ kind: string }> }).events);
      expect(s.logged()).toEqual(['bond0: failover to wlan0 from eth0 (primary eth0)']);
      expect(reported.map((e) => e.kind)).toEqual(['failover']);
      expect(s.memory()).toMatchObject({ activeSlave: 'wlan0', failoversTotal: 1 });
      // No lock or temp file left beside the memory.
      expect(fs.readdirSync(path.join(s.dir, 'state'))).toEqual(['check-state.json']);
      once++;
    }
  }, 180_000);
});
