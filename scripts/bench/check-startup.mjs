#!/usr/bin/env node
// Cold-start benchmark of `bondify check` (cron runs it every minute on small ARM boards): whole-process wall
// time of `node dist/cli/main.js check --bonding-file <capture>` beside bare `node -e 0`, median of N runs,
// interleaved so machine load hits both alike. Target: check ≤ 1.5 × the baseline. A benchmark, not a test:
// it exits 0 unless --strict is given and the target is missed. Run `npm run build` first (npm run bench:check does).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const main = path.join(repo, 'dist/cli/main.js');
const capture = path.join(repo, 'test/fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt');
const argRuns = process.argv.indexOf('--runs');
const runs = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 21;
const strict = process.argv.includes('--strict');
const TARGET = 1.5;

if (!existsSync(main)) {
  console.error('dist/cli/main.js is missing: run `npm run build` first');
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bondify-bench-'));
const { REFERENCE_INI } = await import(path.join(repo, 'dist/config/default.js'));
const config = path.join(tmp, 'bondify.ini');
writeFileSync(config, REFERENCE_INI);

// CPU time (user + sys, from GNU time when installed) beside wall time: on a busy machine wall time mostly
// measures the neighbours, CPU time still measures the process.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall and CPU ms of one process; the check's own exit code (0-3) is its verdict, not a failure. */
function time(argv) {
  const cmd = GNU_TIME ? [GNU_TIME, '-f', 'CPU %U %S', ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (r.status === null || r.status > 3) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stat = (runs) => ({ wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) });

const check = (extra, state) => [process.execPath, main, 'check', '--bonding-file', capture, '--state', path.join(tmp, state), ...extra];
const cases = [
  ['node -e 0 (baseline)', [process.execPath, '-e', '0']],
  ['check --bonding-file (no config)', check(['--config', path.join(tmp, 'absent.ini')], 'a.json')],
  ['check --bonding-file --config (cached)', check(['--config', config], 'b.json')],
];
// First check with a config: the one run per config change that loads the validator (zod).
const firstWithConfig = time(check(['--config', config], 'first.json'));
for (const [, argv] of cases) time(argv); // warm the page cache and the state files
const samples = cases.map(() => []);
for (let i = 0; i < runs; i++) cases.forEach(([, argv], k) => samples[k].push(time(argv)));
rmSync(tmp, { recursive: true, force: true });

const base = stat(samples[0]);
const rows = cases.map(([name], k) => [name, stat(samples[k])]);
rows.push(['check, first run after a config change (once)', firstWithConfig]);
const w = Math.max(...rows.map((r) => r[0].length));
const fmt = (v, b) => `${v.toFixed(1).padStart(8)}  ${(v / b).toFixed(2).padStart(6)}`;
console.log(`bondify check cold start — median of ${runs} runs, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(2)}`);
console.log(`${'case'.padEnd(w)}  ${'wall ms'.padStart(8)}  ${'× node'.padStart(6)}  ${'cpu ms'.padStart(8)}  ${'× node'.padStart(6)}`);
for (const [name, s] of rows) console.log(`${name.padEnd(w)}  ${fmt(s.wall, base.wall)}  ${fmt(s.cpu, base.cpu)}`);
const worst = Math.max(rows[1][1].wall, rows[2][1].wall) / base.wall;
const worstCpu = Math.max(rows[1][1].cpu, rows[2][1].cpu) / base.cpu;
console.log(`target: ≤ ${TARGET} × node -e 0 (whole-process wall time) for the every-minute runs → ${worst <= TARGET ? 'met' : 'MISSED'} (${worst.toFixed(2)} ×; CPU time ${worstCpu.toFixed(2)} ×)`);
process.exit(strict && worst > TARGET ? 1 : 0);
