// `npm run reliability`: every reliability and security suite at full strength (all crash points, every hostile
// input through every command, longer fuzzing), then one table of figures. The same suites run faster in
// `npm test`. Options: --lab also runs test/lab/reliability*.test.ts in the QEMU guest; --fuzz-ms N per property.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const lab = args.includes('--lab');
const fuzzMs = args.includes('--fuzz-ms') ? args[args.indexOf('--fuzz-ms') + 1] : '10000';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bondify-reliability-'));
fs.chmodSync(work, 0o755); // one suite runs the CLI as an unprivileged user
const figures = path.join(work, 'figures.jsonl');
const results = path.join(work, 'vitest.json');
// A private build next to links to the package's data and modules: others rebuilding dist/ during a long run
// (the shared checkout) must not swap modules under it. The lab runs the checkout's own dist/, built too.
const dist = path.join(work, 'dist');
fs.symlinkSync(path.join(repo, 'node_modules'), path.join(work, 'node_modules'));
fs.symlinkSync(path.join(repo, 'netdev-templates'), path.join(work, 'netdev-templates'));
fs.copyFileSync(path.join(repo, 'package.json'), path.join(work, 'package.json'));
const env = { ...process.env, BONDIFY_RELIABILITY_FULL: '1', BONDIFY_FUZZ_MS: fuzzMs, BONDIFY_FIGURES: figures, BONDIFY_DIST: dist };

const run = (argv, extraEnv = {}) =>
  spawnSync(argv[0], argv.slice(1), { cwd: repo, stdio: 'inherit', env: { ...env, ...extraEnv } }).status ?? 1;

const t0 = Date.now();
if (run(['npx', 'tsc', '-p', 'tsconfig.json', '--outDir', dist]) !== 0) process.exit(1);
if (lab && run(['npm', 'run', 'build', '--silent']) !== 0) process.exit(1);
const vitest = (out) => [
  'npx',
  'vitest',
  'run',
  '--config',
  'test/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
];
let failed = run([...vitest(results), '--project', 'slow', 'test/slow/reliability']) !== 0;
const labFiles = fs.existsSync(path.join(repo, 'test/lab'))
  ? fs.readdirSync(path.join(repo, 'test/lab')).filter((f) => /^reliability.*\.test\.ts$/.test(f))
  : [];
if (lab && labFiles.length > 0) {
  failed = run([...vitest(`${results}.lab`), '--project', 'lab', ...labFiles.map((f) => `test/lab/${f}`)]) !== 0 || failed;
}

// Figures the suites recorded, then one row per security file from the test results.
const rows = fs.existsSync(figures)
  ? fs
      .readFileSync(figures, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
for (const file of [results, `${results}.lab`].filter((f) => fs.existsSync(f))) {
  for (const suite of JSON.parse(fs.readFileSync(file, 'utf8')).testResults ?? []) {
    const name = path.basename(suite.name).replace(/\.test\.ts$/, '');
    if (!/^security|^reliability/.test(name)) continue;
    const tests = suite.assertionResults ?? [];
    rows.push({ name: `${name} checks`, tried: tests.length, counts: { passed: tests.filter((t) => t.status === 'passed').length } });
  }
}

const ok = (r) => Object.entries(r.counts).every(([k, v]) => (k === 'hangs' ? v === 0 : v === r.tried));
const cells = rows.map((r) => [
  r.name,
  String(r.tried),
  Object.entries(r.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', '),
  ok(r) ? 'ok' : 'FAIL',
  r.note ?? '',
]);
const head = ['figure', 'tried', 'result', '', 'detail'];
const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 4 ? 0 : c[i].length))));
const line = (c) =>
  c
    .map((x, i) => (i === 1 ? x.padStart(widths[i]) : i === 4 ? x : x.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
console.log(
  `\nbondify reliability (${Math.round((Date.now() - t0) / 1000)} s${lab ? ', with the lab' : ', offline; --lab for the QEMU guest'})\n`,
);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const c of cells) console.log(line(c));
if (rows.length === 0) console.log('(no figures: the suites did not run)');
fs.rmSync(work, { recursive: true, force: true });
process.exit(failed || rows.length === 0 || !rows.every(ok) ? 1 : 0);
