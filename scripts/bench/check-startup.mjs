#!/usr/bin/env node
// Cold-start benchmark of `bondify check` (cron runs it every minute on small ARM boards): whole-process wall time
// and peak memory of `check --bonding-file <capture>` beside bare `node -e 0`, median of N runs, interleaved (each
// round in a random order) so machine load hits every column alike. Columns, side by side:
//   tsc build     node dist/cli/main.js (what the tests and the lab run; `npm run build`)
//   npm package   the bondify bin of release/bondify-<version>.tgz installed with `npm install -g --prefix <tmp>`
//   single file   release/bondify.cjs copied alone into an empty folder, run with plain node
//   Arch package  the installed /usr/bin/bondify of the Arch package, when BONDIFY_BENCH_ARCH names it (e.g.
//                 <scratch root>/usr/bin/bondify); "not built" otherwise
// Each column also times its every-minute run as cron or the timer starts it (`scheduled` below; for the npm
// package, node and its entry file, without the bin's env hop and symlink), and its floor: an empty program started
// that same way (module format, interpreter line, bin symlink), what the packaging costs before bondify's code runs.
// Processes run with cron's small environment (see CRON_ENV). Target: the every-minute check (config cached) of the
// packages (npm, Arch), as scheduled, ≤ 1.25 × node -e 0, wall time, and a peak memory within 5 MiB of node -e 0's.
// The packages are what a board installs and schedules; the single file is reported beside them, not judged: being one
// file copied anywhere, it carries the whole program for V8 to scan at each start (see JUDGED). A benchmark, not a
// test: it exits 0 unless --strict is given and the target is missed. `npm run bench:check` builds first.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const capture = path.join(repo, 'test/fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt');
const argRuns = process.argv.indexOf('--runs');
// 61 by default: with fewer, two series of the same command differ by more than the target's margin.
const runs = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 61;
const strict = process.argv.includes('--strict');
// --inherit-env: run everything with this shell's environment instead of cron's (to compare with older figures).
const inheritEnv = process.argv.includes('--inherit-env');
// --instructions: also count the instructions of each case with valgrind (callgrind), median of 5 runs, a figure
// the machine's load does not move; slow (seconds per run), so opt-in.
const instructions = process.argv.includes('--instructions');
const TARGET = 1.25;
/** Peak memory (max RSS) above node -e 0's, MiB. */
const MEMORY_TARGET = 5;
/**
 * The builds the target judges: the packages, which a board installs and whose every-minute check cron or the
 * timer runs (the Arch package is the reference user's). The single file pays for being one file at each start
 * (V8 scanning the whole program, reading its check part out of it): reported.
 */
const JUDGED = ['npm package', 'Arch package'];
const version = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).version;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'bondify-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const { REFERENCE_INI } = await import(path.join(repo, 'dist/config/default.js'));
const config = path.join(tmp, 'bondify.ini');
writeFileSync(config, REFERENCE_INI);

/** Each column: the argv that runs bondify, or why it is missing. */
function columns() {
  const cols = [];
  const tsc = path.join(repo, 'dist/cli/main.js');
  cols.push(['tsc build', existsSync(tsc) ? [process.execPath, tsc] : 'run npm run build']);
  const tarball = path.join(repo, 'release', `bondify-${version}.tgz`);
  if (existsSync(tarball)) {
    const prefix = path.join(tmp, 'prefix');
    const cache = path.join(tmp, 'npm-cache');
    mkdirSync(cache);
    const r = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--cache', cache, '--offline', '--no-audit', '--no-fund', tarball], {
      encoding: 'utf8',
    });
    cols.push([
      'npm package',
      r.status === 0 ? [path.join(prefix, 'bin', 'bondify')] : `npm install failed: ${r.stderr.trim().split('\n').pop()}`,
    ]);
  } else cols.push(['npm package', 'not built (npm run dist)']);
  const single = path.join(repo, 'release', 'bondify.cjs');
  if (existsSync(single)) {
    const alone = path.join(tmp, 'alone');
    mkdirSync(alone);
    copyFileSync(single, path.join(alone, 'bondify.cjs'));
    cols.push(['single file', [process.execPath, path.join(alone, 'bondify.cjs')]]);
  } else cols.push(['single file', 'not built (npm run dist)']);
  const arch = process.env.BONDIFY_BENCH_ARCH;
  cols.push(['Arch package', arch ? (existsSync(arch) ? [arch] : `BONDIFY_BENCH_ARCH=${arch} does not exist`) : 'not built']);
  return cols;
}

// Every process gets the environment cron gives a job (a PATH, HOME, LOGNAME, SHELL), not this shell's: a variable
// such as NODE_EXTRA_CA_CERTS makes each node start parse a certificate bundle (tens of ms), which would inflate
// the baseline and flatter every ratio.
const CRON_ENV = {
  PATH: [...new Set([path.dirname(process.execPath), '/usr/bin', '/bin'])].join(':'),
  HOME: os.homedir(),
  LOGNAME: os.userInfo().username,
  SHELL: '/bin/sh',
};

const ENV = inheritEnv ? process.env : CRON_ENV;

// GNU time gives CPU time (user + sys) and peak memory (max RSS); on a busy machine wall time mostly measures the
// neighbours, CPU time still measures the process. Its CPU figures have 10 ms steps, so they are averaged.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall ms, CPU ms and peak KiB of one process; check's own exit code (0-3) is its verdict, not a failure. */
function time(argv) {
  const cmd = GNU_TIME ? [GNU_TIME, '-f', 'BENCH %U %S %M', ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: ENV,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /BENCH ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr ?? '');
  if (r.status === null || r.status > 3) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, rss: m ? Number(m[3]) / 1024 : NaN };
}
/**
 * Instructions executed by one process (all its threads), from valgrind's callgrind: `all`, and `seeded`, the part
 * V8 spends choosing its random hash seed (HashSeed::InitializeRoots, a prime search: 5–15 M, different in every
 * process, so the noise of every count). NaN without valgrind.
 */
function countInstructions(argv) {
  const dir = mkdtempSync(path.join(tmp, 'callgrind-'));
  try {
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${dir}/cg.%p`, '--trace-children=yes', ...argv], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: ENV,
    });
    // A bin's `#!/usr/bin/env node` is followed into node (--trace-children): the last count is node's.
    const all = [...(r.stderr ?? '').matchAll(/==(\d+)== Collected : (\d+)/g)].pop();
    if (!all) return { all: NaN, seeded: NaN };
    const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', path.join(dir, `cg.${all[1]}`)], { encoding: 'utf8' });
    const seed = /^\s*([\d,]+) .*HashSeed::InitializeRoots/m.exec(annotated.stdout ?? '');
    return { all: Number(all[2]), seeded: seed ? Number(seed[1].replace(/,/g, '')) : NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/**
 * Each column's floor: an empty program started the way the column starts bondify (the same interpreter line, the
 * same symlink from a bin folder, the same module format), so the table tells what the packaging costs before
 * bondify runs a line (an ES module's loader, a `#!/usr/bin/env node` hop) from what bondify's own code costs.
 */
function floorOf(name, argv) {
  const dir = path.join(tmp, `floor-${name.replace(/\W+/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  if (argv.length === 2) {
    // node <file>: an empty file of the same extension, in a folder of the same package "type".
    const ext = path.extname(argv[1]);
    if (ext === '.js') writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: packageType(argv[1]) }));
    writeFileSync(path.join(dir, `empty${ext}`), '');
    return [argv[0], path.join(dir, `empty${ext}`)];
  }
  // A bin: its first line over an empty body, reached through a symlink when the bin is one.
  const real = realpathSync(argv[0]);
  const file = path.join(dir, 'lib', `empty${path.extname(real)}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, readFileSync(real, 'utf8').split('\n')[0] + '\n', { mode: 0o755 });
  if (real === path.resolve(argv[0])) return [file];
  mkdirSync(path.join(dir, 'bin'));
  symlinkSync(path.relative(path.join(dir, 'bin'), file), path.join(dir, 'bin', 'empty'));
  return [path.join(dir, 'bin', 'empty')];
}
/** The "type" of the package.json nearest to a file ("commonjs" when there is none). */
function packageType(file) {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (existsSync(pj)) return JSON.parse(readFileSync(pj, 'utf8')).type ?? 'commonjs';
    if (d === path.dirname(d)) return 'commonjs';
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stat = (s) => ({ wall: median(s.map((r) => r.wall)), cpu: mean(s.map((r) => r.cpu)), rss: median(s.map((r) => r.rss)) });

const cols = columns();
const live = cols.filter(([, argv]) => Array.isArray(argv));
let stateN = 0;
const check = (argv, extra) => [...argv, 'check', '--bonding-file', capture, '--state', path.join(tmp, `state-${stateN++}.json`), ...extra];
/** Per column: the check as typed (config cached) and as scheduled, the run without a config file, the floor. */
const cases = [['node -e 0', null, [process.execPath, '-e', '0']]];
/**
 * What a column's every-minute run starts: the argv `bondify cron install` writes (node and the entry file the bin
 * resolves to, src/cli/self.ts), except for the Arch package, whose packaged timer runs /usr/bin/bondify itself.
 * Only the npm package differs from its bin: cron skips its `#!/usr/bin/env node` and its symlink.
 */
const scheduled = (name, argv) => (name === 'npm package' ? [process.execPath, realpathSync(argv[0])] : argv);
for (const [name, argv] of live) {
  cases.push([name, 'cached', check(argv, ['--config', config])]);
  cases.push([name, 'scheduled', check(scheduled(name, argv), ['--config', config])]);
  cases.push([name, 'no config', check(argv, ['--config', path.join(tmp, 'absent.ini')])]);
  cases.push([name, 'floor', floorOf(name, scheduled(name, argv))]);
}
const loadBefore = os.loadavg()[0];
// The first check with a config validates it (loads zod) once per config change: timed once, fresh state each.
const first = Object.fromEntries(live.map(([name, argv]) => [name, time(check(argv, ['--config', config]))]));
// Warm the page cache and write the state files (the config cache: the first run of each state file hands over to
// the full program, which validates the config).
for (let i = 0; i < 2; i++) for (const [, , argv] of cases) time(argv);
const samples = cases.map(() => []);
// Each round in a new random order, so no column always follows the same neighbour: in fixed order, two cases with
// the same argv (timed one after the other) differed by up to 0.02× in one series, as much as the target's margin.
const order = cases.map((_, k) => k);
for (let i = 0; i < runs; i++) {
  for (let j = order.length - 1; j > 0; j--) {
    const r = Math.floor(Math.random() * (j + 1));
    [order[j], order[r]] = [order[r], order[j]];
  }
  for (const k of order) samples[k].push(time(cases[k][2]));
}
const loadAfter = os.loadavg()[0];
// Instruction counts move by several million between identical runs, nearly all of it V8's random hash seed: the
// median of 5, with and without it (without, identical runs agree within ~0.3 M).
const counted = instructions
  ? new Map(
      cases.map(([name, kind, argv]) => {
        const n = [1, 2, 3, 4, 5].map(() => countInstructions(argv));
        return [`${name}/${kind}`, { all: median(n.map((c) => c.all)), unseeded: median(n.map((c) => c.all - c.seeded)) }];
      }),
    )
  : null;

const result = new Map(cases.map(([name, kind], k) => [`${name}/${kind}`, stat(samples[k])]));
const base = result.get('node -e 0/null');
const cpuModel = os.cpus()[0]?.model ?? 'cpu';
console.log(
  `bondify check cold start — median of ${runs} interleaved runs, node ${process.version}, ${os.cpus().length} × ${cpuModel}, load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}, ${inheritEnv ? "this shell's environment" : "cron's environment"}`,
);
console.log(
  `node -e 0: ${base.wall.toFixed(1)} ms wall, ${base.cpu.toFixed(1)} ms CPU, ${base.rss.toFixed(1)} MiB peak${counted ? `, ${(counted.get('node -e 0/null').all / 1e6).toFixed(0)}M instructions (${(counted.get('node -e 0/null').unseeded / 1e6).toFixed(1)}M without its hash seed)` : ''}\n`,
);
const W = 14;
const cell = (s) => s.padStart(W);
console.log(['', ...cols.map(([n]) => n)].map((s, i) => (i === 0 ? s.padEnd(34) : cell(s))).join(''));
const row = (label, f) => console.log([label.padEnd(34), ...cols.map(([n, argv]) => cell(Array.isArray(argv) ? f(n) : '—'))].join(''));
const x = (v, b) => `${v.toFixed(1)} ${(v / b).toFixed(2)}×`;
row('check, config cached: wall ms', (n) => x(result.get(`${n}/cached`).wall, base.wall));
row('                       CPU ms', (n) => x(result.get(`${n}/cached`).cpu, base.cpu));
row('                       peak MiB', (n) => result.get(`${n}/cached`).rss.toFixed(1));
if (counted) {
  const baseIr = counted.get('node -e 0/null');
  row(
    '                       instructions',
    (n) => `${(counted.get(`${n}/cached`).all / 1e6).toFixed(0)}M ${(counted.get(`${n}/cached`).all / baseIr.all).toFixed(2)}×`,
  );
  row(
    "         without V8's hash seed",
    (n) =>
      `${(counted.get(`${n}/cached`).unseeded / 1e6).toFixed(1)}M ${(counted.get(`${n}/cached`).unseeded / baseIr.unseeded).toFixed(3)}×`,
  );
}
row('  as cron or the timer starts it', (n) => x(result.get(`${n}/scheduled`).wall, base.wall));
row('an empty program, started as scheduled', (n) => x(result.get(`${n}/floor`).wall, base.wall));
row('check, no config file: wall ms', (n) => x(result.get(`${n}/no config`).wall, base.wall));
row('first run after a config change', (n) => x(first[n].wall, base.wall));
for (const [n, argv] of cols) if (!Array.isArray(argv)) console.log(`${n}: ${argv}`);

const ratios = (names) =>
  live
    .filter(([n]) => names.includes(n))
    .map(([n]) => [
      n,
      result.get(`${n}/scheduled`).wall / base.wall,
      result.get(`${n}/floor`).wall / base.wall,
      result.get(`${n}/scheduled`).rss - base.rss,
    ]);
const said = (list) =>
  list
    .map(([n, r, f, m]) => `${n} ${r.toFixed(2)}×, of which its packaging's floor ${f.toFixed(2)}×, peak +${m.toFixed(1)} MiB`)
    .join('; ');
const judged = ratios(JUDGED);
const worst = judged.length ? Math.max(...judged.map(([, r]) => r)) : NaN;
const worstMemory = judged.length ? Math.max(...judged.map(([, , , m]) => m)) : NaN;
const met = worst <= TARGET && worstMemory <= MEMORY_TARGET;
const reported = ratios(['single file']);
console.log(
  `\ntarget: the every-minute check of the packages, as cron or the timer starts it, ≤ ${TARGET} × node -e 0 (wall) and ` +
    `peak memory ≤ node -e 0's + ${MEMORY_TARGET} MiB → ` +
    (judged.length ? `${met ? 'met' : 'MISSED'} (${said(judged)})` : 'no package is built (npm run dist)') +
    (reported.length ? `\nreported beside it: ${said(reported)}` : ''),
);
if (loadAfter > os.cpus().length * 0.5)
  console.log(
    `note: load ${loadAfter.toFixed(2)} on ${os.cpus().length} cores — figures from a busy machine; compare the ratios, not the ms`,
  );
process.exit(strict && !met ? 1 : 0);
