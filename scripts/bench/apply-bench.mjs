#!/usr/bin/env node
// `npm run bench:apply [-- ROUNDS]`: boots the lab once and prints how long apply takes to a healthy bond, and how
// long the way back takes (rollback, and the automatic revert of an apply whose gateway does not answer).
// Figures from a QEMU guest under TCG on this machine: slower than a Raspberry Pi's own CPU, same order of steps.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../lab/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const res = await runScenario(path.join(here, 'apply-scenario.mjs'), { args: [String(rounds)], timeoutMs: (240 + rounds * 150) * 1000 });
const rows = res.results.rows ?? [];
if (rows.length === 0) {
  console.error(res.transcript);
  console.error('bench:apply: the scenario recorded nothing');
  process.exit(1);
}
const stat = (k) => {
  const v = rows
    .map((r) => r[k])
    .filter((x) => typeof x === 'number')
    .sort((a, b) => a - b);
  return v.length === 0 ? { median: null, max: null } : { median: v[Math.floor((v.length - 1) / 2)], max: v[v.length - 1] };
};
const lines = [
  ['apply → healthy (bondify: reload to verified)', 'applyHealthyMs'],
  ['apply command, whole', 'applyCommandMs'],
  ['rollback → healthy (reload to verified)', 'rollbackHealthyMs'],
  ['rollback command, whole', 'rollbackCommandMs'],
  ['failed apply: revert → healthy', 'revertHealthyMs'],
  ['failed apply command, whole (incl. 10 s verify timeout)', 'failedApplyCommandMs'],
];
const s = (ms) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
console.log(`apply benchmark: ${rows.length} round(s) in the QEMU lab (TCG)\n`);
console.log(`${'measure'.padEnd(58)} ${'median'.padStart(8)} ${'max'.padStart(8)}`);
for (const [label, k] of lines) {
  const { median, max } = stat(k);
  console.log(`${label.padEnd(58)} ${s(median).padStart(8)} ${s(max).padStart(8)}`);
}
const codes = rows.map((r) => `${r.applyCode}/${r.rollbackCode}/${r.badCode}`).join(' ');
console.log(`\nexit codes per round (apply/rollback/failed apply, expected 0/0/75): ${codes}`);
const out = path.join(here, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'apply.json'), JSON.stringify({ when: new Date().toISOString(), rows }, null, 2) + '\n');
process.exitCode = res.exitCode === 0 ? 0 : 1;
