#!/usr/bin/env node
// `npm run lab -- <scenario> [args…]`: boots the lab, runs one scenario, prints its transcript and results.
import { runScenario } from './harness.mjs';

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: npm run lab -- <scenario> [args…]   (scenarios: scripts/lab/scenarios/*.mjs, or a path)');
  process.exit(64);
}
const verbose = process.env.BONDIFY_LAB_CONSOLE === '1';
try {
  const timeoutMs = Number(process.env.BONDIFY_LAB_TIMEOUT_S ?? 420) * 1000;
  const r = await runScenario(name, { args, timeoutMs, onConsole: verbose ? (t) => process.stderr.write(t) : undefined });
  if (!verbose) process.stdout.write(r.transcript);
  console.log(`\nresults: ${JSON.stringify(r.results, null, 2)}`);
  console.log(`scenario exit ${r.exitCode}, guest ran ${(r.durationMs / 1000).toFixed(1)} s`);
  process.exitCode = r.exitCode === 0 ? 0 : 1;
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
