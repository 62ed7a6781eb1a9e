#!/usr/bin/env node
// `npm run demo`: boots the lab and narrates bondify on the real kernel, live from the guest's console.
import { fileURLToPath } from 'node:url';
import { runScenario } from '../lab/harness.mjs';

const SCENARIO = fileURLToPath(new URL('./demo-scenario.mjs', import.meta.url));
// The scenario's lines reach the serial console through the journal as "node[pid]: <line>".
const LINE = /\bnode\[\d+\]: ?(.*)$/;
let pending = '';
function live(text) {
  pending += text;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const l of lines) {
    const m = LINE.exec(l);
    if (m) process.stdout.write(`${m[1]}\n`);
  }
}

console.log('Booting the lab guest (QEMU, Debian kernel, systemd; about a minute under TCG)…');
try {
  const r = await runScenario(SCENARIO, { onConsole: live, timeoutMs: 600_000 });
  const { commands = {}, failover, rollback } = r.results;
  const missing = Object.entries(commands)
    .filter(([, c]) => c.missing)
    .map(([k]) => k);
  console.log('\n==== Summary');
  for (const [k, c] of Object.entries(commands))
    console.log(`  bondify ${k.padEnd(19)} ${c.missing ? 'does not exist yet' : `exit ${c.code}`}`);
  if (failover)
    console.log(
      `  failover: ${failover.onWifi ? 'wlan0 took over' : 'wlan0 did NOT take over'}, ${failover.lost} of ${failover.sent} pings lost (longest gap ${failover.maxGapMs} ms), ${failover.back ? 'eth0 primary again' : 'eth0 NOT back'}`,
    );
  if (rollback)
    console.log(
      `  rollback: standard method ${rollback.identical ? 'byte-identical' : 'NOT identical'}, ${rollback.up ? 'working' : 'NOT working'}`,
    );
  if (missing.length) console.log(`  not yet available: ${missing.join(', ')}`);
  console.log(`  guest ran ${(r.durationMs / 1000).toFixed(0)} s`);
  if (r.exitCode !== 0) console.error(`demo scenario failed:\n${r.error}`);
  process.exitCode = r.exitCode === 0 ? 0 : 1;
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
