#!/usr/bin/env node
// `npm run bench:failover [-- REPEATS] [--dhcp]`: the standard method vs bondify's MII bond vs its ARP bond, under two faults (eth0
// unplugged; a dead path with the cable in), one lab boot; prints one table per fault; then a DHCP bond under a pool
// router and a reservation router (a second boot, scripts/bench/dhcp-table.mjs); writes JSON to scripts/bench/results/
// (git-ignored). --dhcp runs the DHCP boot alone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../lab/harness.mjs';
import { dhcpTable, runDhcp } from './dhcp-table.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dhcpOnly = argv.includes('--dhcp');
const repeats = argv.find((a) => /^\d+$/.test(a)) ?? '3';
const num = (v) => (typeof v === 'number' ? v : null);
function stat(values) {
  if (values.some((v) => v === 'lost')) return `lost ${values.filter((v) => v === 'lost').length}/${values.length}`;
  const n = values
    .map(num)
    .filter((v) => v !== null)
    .sort((a, b) => a - b);
  if (n.length === 0) return 'n/a';
  return `${n[Math.floor((n.length - 1) / 2)]} / ${n.at(-1)}`;
}
const yes = (values) => `${values.filter(Boolean).length}/${values.length}`;

const ROWS = [
  ['outbound gap ms (median / max)', (r) => stat(r.map((x) => x.outboundGapMs))],
  ['inbound gap ms, gw → .252 (lost = not back before eth0)', (r) => stat(r.map((x) => x.inboundGapMs))],
  ['TCP to .252 flows during the outage', (r) => yes(r.map((x) => x.tcpSurvivesFailover))],
  ['TCP to .252 alive and flowing after failback', (r) => yes(r.map((x) => x.tcpSurvivesFailback))],
  ['TCP longest stall ms (lost = no data before the end)', (r) => stat(r.map((x) => x.tcpStallMs))],
  ['failback: silence after eth0 returns, outbound ms', (r) => stat(r.map((x) => x.failbackGapMs))],
  ['failback: silence after eth0 returns, inbound ms', (r) => stat(r.map((x) => x.failbackInboundGapMs))],
  [
    'active-slave switches after return (1 = no flap)',
    (r) => (r[0]?.activeChangesAfterReturn === null ? 'n/a' : stat(r.map((x) => x.activeChangesAfterReturn))),
  ],
  [
    'link failures eth0/wlan0 per event (1/0 = one clean failover)',
    (r) =>
      r[0]?.linkFailuresRise ? r.map((x) => `${x.linkFailuresRise.eth0 ?? '?'}/${x.linkFailuresRise.wlan0 ?? '?'}`).join(' ') : 'n/a',
  ],
];
const METHODS = [
  ['standard', 'standard method'],
  ['mii', 'MII bond'],
  ['arp', 'ARP bond'],
];
const TABLES = [
  ['cable', 'eth0 unplugged (carrier lost)'],
  ['path', 'dead path, cable in (router port stops forwarding, carrier up)'],
];

/** One table: a row per measure, a column per method. */
function table(results, fault, title) {
  const w = 62;
  const lines = [`\n${title}`, `${'measure'.padEnd(w)} ${METHODS.map(([, label]) => label.padEnd(18)).join(' ')}`];
  for (const [label, f] of ROWS) {
    const cells = METHODS.map(([key]) => {
      const runs = results[key]?.[fault] ?? [];
      return String(runs.length ? f(runs) : '-').padEnd(18);
    });
    lines.push(`${label.padEnd(w)} ${cells.join(' ')}`);
  }
  return lines.join('\n');
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
function resultsDir() {
  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
// Progress from the guest's console: the scenario's "--- <phase>" lines.
let pending = '';
function onConsole(text) {
  const lines = (pending + text).split('\n');
  pending = lines.pop() ?? '';
  for (const l of lines) {
    const m = /node\[\d+\]: \[[ \d.]+\] (--- .*)/.exec(l);
    if (m) console.log(m[1]);
  }
}

/** The first boot: the three methods under the two faults. */
async function classic() {
  console.log(`Failover benchmark: ${repeats} runs per method and fault, 10 ms pings, each fault held 4 s then watched 3 s (lab boot…)`);
  const r = await runScenario(path.join(here, 'failover-scenario.mjs'), { args: [repeats], timeoutMs: 900_000, onConsole });
  for (const [fault, title] of TABLES) console.log(table(r.results, fault, title));
  const arp = r.results.arpApply?.config ?? '';
  const interval = Number(/^arp_interval = (\d+)ms$/m.exec(arp)?.[1] ?? NaN);
  const missed = Number(/^arp_missed_max = (\d+)$/m.exec(arp)?.[1] ?? 2);
  if (Number.isFinite(interval)) {
    const gaps = (r.results.arp?.path ?? []).map((x) => x.inboundGapMs);
    console.log(
      `\nARP bond target for the dead path: inbound back within ${interval} × (${missed} + 1) + 200 = ${interval * (missed + 1) + 200} ms; measured ${stat(gaps)} (median / max)`,
    );
  }
  const file = path.join(resultsDir(), `failover-${stamp()}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ when: new Date().toISOString(), ...r.results }, null, 2)}\n`);
  console.log(`\nraw runs: ${path.relative(process.cwd(), file)}; guest ran ${(r.durationMs / 1000).toFixed(0)} s`);
  if (r.exitCode !== 0)
    console.error(`scenario exit ${r.exitCode}${r.error ? `: ${r.error}` : ''}\n${r.transcript.split('\n').slice(-30).join('\n')}`);
  process.exitCode = r.exitCode;
}

try {
  if (!dhcpOnly) await classic();
  // A second boot: the DHCP bond under both router kinds (the stock Arch Linux ARM files, init, apply).
  console.log('\n--- DHCP bond (second boot)…');
  const d = await runDhcp(onConsole);
  console.log(dhcpTable(d.results));
  const dfile = path.join(resultsDir(), `failover-dhcp-${stamp()}.json`);
  fs.writeFileSync(dfile, `${JSON.stringify({ when: new Date().toISOString(), ...d.results }, null, 2)}\n`);
  console.log(`\nraw run: ${path.relative(process.cwd(), dfile)}; guest ran ${(d.durationMs / 1000).toFixed(0)} s`);
  if (d.exitCode !== 0) {
    console.error(`dhcp scenario exit ${d.exitCode}${d.error ? `: ${d.error}` : ''}\n${d.transcript.split('\n').slice(-30).join('\n')}`);
    process.exitCode = d.exitCode;
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
