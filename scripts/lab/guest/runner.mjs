// Guest-side: runs the scenario named in /lab/results/run.json with the lab API, records its exit, then returns
// (the unit's SuccessAction/FailureAction power the guest off).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createLab, RESULTS_DIR } from './lab.mjs';

const run = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, 'run.json'), 'utf8'));
const transcript = fs.createWriteStream(path.join(RESULTS_DIR, 'transcript.log'));
const lab = createLab({ transcript });
let code = 0;
let error = null;
try {
  lab.log(`scenario ${run.scenario}`);
  if (run.waitStandard !== false) {
    const start = Date.now();
    try {
      await lab.waitFor(
        `the standard method ${run.standard === 'arch-dhcp' ? '(stock Arch DHCP: a lease on eth0 and on wlan0' : '(eth0 .252, wlan0 .25'}, wifi associated, gateway answering on both)`,
        () => lab.state.standardReady(),
        // A lease on each link comes after the wifi's association and the DHCP exchange: longer on a loaded host.
        { timeoutMs: run.standard === 'arch-dhcp' ? 150_000 : 90_000, intervalMs: 250 },
      );
    } catch (e) {
      // What was missing, for the transcript: the links' addresses, the wifi, networkd's view, the router's log.
      for (const argv of [
        ['ip', '-br', 'addr'],
        ['wpa_cli', '-i', 'wlan0', 'status'],
        ['networkctl', '--no-pager'],
        ['tail', '-n', '30', '/run/bondify-lab/dhcp/dnsmasq.log'],
      ])
        await lab.run(argv);
      throw e;
    }
    lab.log(`standard method up (waited ${Date.now() - start} ms; uptime ${fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]} s)`);
  }
  const mod = await import(pathToFileURL(run.scenario).href);
  const ret = await mod.default(lab, run.args ?? []);
  code = typeof ret === 'number' ? ret : 0;
} catch (e) {
  code = 1;
  error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  lab.log(`SCENARIO FAILED: ${error}`);
}
fs.writeFileSync(path.join(RESULTS_DIR, 'exit.json'), `${JSON.stringify({ code, error })}\n`);
lab.log(`LAB-SCENARIO-EXIT ${code}`);
await new Promise((r) => transcript.end(r));
// The scenario's code travels in exit.json. Power off at once: results are already on the host (9p writes through).
spawnSync('systemctl', ['poweroff', '-ff'], { stdio: 'inherit' });
process.exit(0);
