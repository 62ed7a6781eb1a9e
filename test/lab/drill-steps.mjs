// Guest side of the drill's lab proof, run inside the check suite's boot (check-scenario.mjs) on the healthy MII
// bond: a drill that passes, a drill SIGKILLed while on the backup (the guard timer puts eth0 back by itself), and
// a drill with the wifi path dead behind a live association (the AP's bridge port stops forwarding).
import { execa } from 'execa';
import { BONDIFY } from '../../scripts/lab/guest/lab.mjs';

const PROM = '/run/bondify-lab/drill.prom';
const guardState = async (lab) => (await lab.run(['systemctl', 'is-active', 'bondify-drill-guard.timer'], { quiet: true })).stdout.trim();
const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

async function drill(lab, args) {
  const r = await lab.bondify(['drill', '--json', ...args]);
  return { code: r.code, json: json(r.stdout), stderr: r.stderr, active: lab.state.activeSlave(), guard: await guardState(lab) };
}

/** The AP's port on the router's bridge: 0 stops forwarding both ways (wlan0 stays associated), 3 forwards again. */
const apPort = (lab, state) =>
  lab.run(['ip', 'netns', 'exec', 'gw', 'bridge', 'link', 'set', 'dev', 'wlan1', 'state', state], { check: true });

export async function drillSteps(lab) {
  const t0 = Date.now();
  lab.log('--- drill on the healthy bond');
  lab.record('drillHealthy', { ...(await drill(lab, ['--hold', '2', '--prom', PROM])), prom: lab.readFile(PROM) });

  lab.log('--- drill SIGKILLed while on the backup: the guard puts eth0 back');
  const child = execa('node', [BONDIFY, 'drill', '--hold', '1'], { detached: true, reject: false, all: true });
  const onBackup = await lab
    .waitFor('the drill to make wlan0 active', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 60_000, intervalMs: 20 })
    .then(
      () => true,
      () => false,
    );
  process.kill(-child.pid, 'SIGKILL');
  const killedAt = Date.now();
  const out = await child;
  lab.out(out.all ?? '');
  const guardAfterKill = await guardState(lab);
  const back = await lab
    .waitFor('the guard to make eth0 active', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 60_000, intervalMs: 100 })
    .then(
      () => true,
      () => false,
    );
  const unitLog = await lab.run(['journalctl', '--no-pager', '-o', 'cat', '-u', 'bondify-drill-guard.service'], { quiet: true });
  lab.record('drillKilled', {
    onBackup,
    activeAtKill: onBackup ? 'wlan0' : lab.state.activeSlave(),
    guardAfterKill,
    back,
    backAfterMs: Date.now() - killedAt,
    active: lab.state.activeSlave(),
    guardUnitLog: unitLog.stdout.trim().split('\n').slice(-5),
  });
  await lab.waitFor('the gateway through bond0', () => lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }), { timeoutMs: 20_000 });

  lab.log('--- drill with the wifi path dead behind a live association (the AP port stops forwarding)');
  await apPort(lab, '0');
  const dead = await drill(lab, ['--hold', '1']);
  const gwReaches252 = await lab.state.ping('192.168.1.252', { ns: 'gw', timeoutS: 2 });
  await apPort(lab, '3');
  lab.record('drillDeadWifi', { ...dead, wifiState: await lab.state.wifiState(), gwReaches252 });
  lab.record('drillSeconds', (Date.now() - t0) / 1000);
}
