// Guest side of the check lab proof (run by test/lab/check.lab.ts through scripts/lab/harness.mjs): the real
// bonding driver judged by `bondify check` in each state — both links up, eth0 cut, both cut, bond deleted — the
// failover logged once to the journal, the textfile metrics following, and the systemd timer really running it.
// Then `check --heal`: a deleted bond recreated, and a simulated reboot inside an `apply --confirm` window reverted.
// On the healthy bond, before the faults: `bondify drill` (drill-steps.mjs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { execa } from 'execa';
import { BONDIFY } from '../../scripts/lab/guest/lab.mjs';
import { arpIni, checksDuring, deadPath, referenceIni } from '../../scripts/lab/guest/dead-path.mjs';
import { drillSteps } from './drill-steps.mjs';

const CONFIG = '/etc/bondify/bondify.ini';
const PROM = '/run/bondify-lab/bondify.prom';
const TIMER_PROM = '/run/bondify-lab/timer.prom';

/** One `bondify check` run: exit code, status line, details, and the metrics it wrote. */
async function check(lab, extra = []) {
  const r = await lab.bondify(['check', '--ping', '--prom', PROM, ...extra]);
  return { code: r.code, lines: r.stdout.trimEnd().split('\n'), prom: lab.readFile(PROM) };
}

/** Journal lines bondify logged (the failover/failback events go there through `logger -t bondify`). */
async function journal(lab) {
  const r = await lab.run(['journalctl', '--no-pager', '-o', 'cat', '-t', 'bondify', '--since', '-30min'], { quiet: true });
  return r.stdout.split('\n').filter((l) => l.includes('failover') || l.includes('failback'));
}

/** Setup, not under test: the reference bond, through `bondify apply` (issue 5) or, failing that, by hand. */
async function setUpBond(lab) {
  fs.mkdirSync('/etc/bondify', { recursive: true });
  const ini = await lab.run(
    ['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`],
    { quiet: true },
  );
  fs.writeFileSync(CONFIG, ini.stdout);
  const apply = await lab.bondify(['apply', '--yes']);
  if (apply.code === 0) return 'bondify apply';
  lab.log('setup: apply did not succeed; writing the rendered files by hand instead');
  const plan = JSON.parse((await lab.bondify(['plan', '--json'], { quiet: true })).stdout);
  for (const f of ['/etc/systemd/network/eth0.network', '/etc/systemd/network/wlan0.network']) fs.rmSync(f, { force: true });
  for (const f of plan) fs.writeFileSync(f.path, f.content, { mode: parseInt(f.mode, 8) });
  await lab.run(['ip', 'addr', 'flush', 'dev', 'eth0']);
  await lab.run(['ip', 'addr', 'flush', 'dev', 'wlan0']);
  await lab.run(['networkctl', 'reload'], { check: true });
  await lab.run(['networkctl', 'reconfigure', 'eth0', 'wlan0']);
  return 'rendered files + networkctl reload';
}

const NET = '/etc/systemd/network';
const JOURNAL = '/var/lib/bondify/journal.json';
const sha = (p) => (fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null);
const standardFiles = () => ({ eth0: sha(`${NET}/eth0.network`), wlan0: sha(`${NET}/wlan0.network`) });
const bondifyFiles = () => fs.readdirSync(NET).filter((n) => n.startsWith('10-bondify-'));

/** What `check --heal` logged to the journal (through `logger -t bondify`). */
async function healLog(lab) {
  const r = await lab.run(['journalctl', '--no-pager', '-o', 'cat', '-t', 'bondify', '--since', '-30min'], { quiet: true });
  return r.stdout.split('\n').filter((l) => l.includes('healed:'));
}

const sysfsBond = (key) =>
  fs.existsSync(`/sys/class/net/bond0/bonding/${key}`) ? fs.readFileSync(`/sys/class/net/bond0/bonding/${key}`, 'utf8').trim() : null;

const healthy = async (lab) => lab.state.activeSlave() === 'eth0' && (await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }));

/** Every slave's MII status and link failure count, as the kernel prints them (null without the bond). */
const slaveSignature = () => {
  const text = fs.existsSync('/proc/net/bonding/bond0') ? fs.readFileSync('/proc/net/bonding/bond0', 'utf8') : null;
  return text === null
    ? null
    : text
        .split('\n\n')
        .filter((b) => b.includes('Slave Interface:'))
        .map((b) =>
          b
            .split('\n')
            .filter((l) => /^(Slave Interface|MII Status|Link Failure Count):/.test(l))
            .join(' '),
        )
        .join(' | ');
};

/**
 * A recreated bond is healthy on eth0 before wlan0 has settled: the wifi re-associates after it is enslaved and its
 * link failure count can still rise, which the next check rightly reports. Wait until every slave is up and the
 * counts have stayed the same for 5 s, so two checks in a row judge the same bond.
 */
async function settled(lab) {
  let last = null;
  let since = Date.now();
  await lab
    .waitFor(
      'both slaves up with link failure counts unchanged for 5 s',
      () => {
        const now = slaveSignature();
        if (now !== last) [last, since] = [now, Date.now()];
        return now !== null && !/MII Status: (?!up)/.test(now) && Date.now() - since >= 5000;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    )
    .catch(() => undefined);
}

export default async function checkLab(lab) {
  fs.mkdirSync('/run/bondify-lab', { recursive: true });
  const originals = lab.record('standardOriginals', standardFiles());
  // A dead path with the cable in, before the bond: the standard method cannot move .252 off eth0.
  // Each dead-path part's wall time is recorded: what it adds to this boot (and to CI).
  const spent = {};
  let t0 = Date.now();
  lab.record('deadPathStandard', await deadPath(lab, { bond: false }));
  await lab.waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 60_000, intervalMs: 500 }).catch(() => undefined);
  spent.standard = lab.record('deadPathSeconds', { standard: (Date.now() - t0) / 1000 }).standard;
  lab.record('setup', await setUpBond(lab));
  await lab.waitFor('bond0 healthy on eth0 with the gateway answering', () => healthy(lab), { timeoutMs: 60_000, intervalMs: 500 });
  lab.record('captureUp', lab.state.bonding());
  lab.record('bothUp', await check(lab));
  // The same fault under MII monitoring: the carrier stays up, so the bond stays on eth0 and check alone says OK.
  t0 = Date.now();
  lab.record('deadPathMii', await deadPath(lab, { bond: true, during: checksDuring(lab) }));
  await lab.waitFor('bond0 healthy on eth0 with the gateway answering', () => healthy(lab), { timeoutMs: 60_000, intervalMs: 500 });
  spent.mii = (Date.now() - t0) / 1000;
  lab.record('deadPathSeconds', spent);
  // bondify drill on this healthy bond: passes, survives a SIGKILL through its guard, and fails on a dead wifi path.
  await drillSteps(lab);
  await lab.waitFor('bond0 healthy on eth0 after the drills', () => healthy(lab), { timeoutMs: 60_000, intervalMs: 500 });

  lab.log('--- eth0 cut');
  await lab.fault.eth0Down();
  await lab.waitFor('wlan0 to become active', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 15_000 });
  await lab.sleep(1000);
  lab.record('captureEth0Down', lab.state.bonding());
  lab.record('eth0Cut', await check(lab));
  lab.record('eth0CutAgain', await check(lab));
  lab.record('journalAfterFailover', await journal(lab));

  lab.log('--- eth0 back');
  await lab.fault.eth0Up();
  await lab.waitFor('eth0 active again', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 20_000 });
  await lab.waitFor('the gateway through bond0', () => lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }), { timeoutMs: 20_000 });
  lab.record('eth0Back', await check(lab));
  lab.record('journalAfterFailback', await journal(lab));

  lab.log('--- both links cut');
  await lab.fault.bothDown();
  await lab
    .waitFor('no active slave', () => lab.state.activeSlave() === null || lab.state.activeSlave() === 'None', { timeoutMs: 30_000 })
    .catch(() => {});
  lab.record('captureBothDown', lab.state.bonding());
  lab.record('bothCut', await check(lab));
  await lab.fault.bothUp();

  lab.log('--- bond deleted');
  await lab.run(['ip', 'link', 'del', 'bond0'], { check: true });
  lab.record('bondDeleted', await check(lab));

  lab.log('--- the systemd timer runs check by itself');
  const install = await lab.bondify(['cron', 'install', '--timer', '--every', '1', '--prom', TIMER_PROM]);
  lab.record('timerInstall', {
    code: install.code,
    out: install.all,
    enabled: (await lab.run(['systemctl', 'is-enabled', 'bondify-check.timer'], { quiet: true })).stdout.trim(),
  });
  const ran = await lab
    .waitFor('the timer to run bondify check', () => fs.existsSync(TIMER_PROM), { timeoutMs: 150_000, intervalMs: 1000 })
    .then(
      () => true,
      () => false,
    );
  const unitLog = await lab.run(['journalctl', '--no-pager', '-o', 'cat', '-u', 'bondify-check.service'], { quiet: true });
  lab.record('timerRan', {
    ran,
    prom: lab.readFile(TIMER_PROM),
    unitLog: unitLog.stdout.split('\n').filter((l) => l.startsWith('BONDIFY')),
  });
  const remove = await lab.bondify(['cron', 'remove']);
  lab.record('timerRemove', {
    code: remove.code,
    out: remove.all,
    timerFileLeft: fs.existsSync('/etc/systemd/system/bondify-check.timer'),
  });

  await healScenarios(lab, originals);
  t0 = Date.now();
  await arpMonitoring(lab);
  spent.arp = (Date.now() - t0) / 1000;
  lab.record('deadPathSeconds', spent);
}

/** The bond under ARP monitoring (targets default to the gateway): what status/check show, then the dead path. */
async function arpMonitoring(lab) {
  lab.log('--- apply the ARP-monitored bond (from the standard method)');
  fs.writeFileSync(CONFIG, arpIni(await referenceIni(lab)));
  const apply = await lab.bondify(['apply', '--yes']);
  await lab
    .waitFor('bond0 healthy on eth0 under ARP monitoring', () => healthy(lab), { timeoutMs: 60_000, intervalMs: 500 })
    .catch(() => undefined);
  await settled(lab);
  const status = await lab.bondify(['status']);
  const statusJson = await lab.bondify(['status', '--json']);
  lab.record('arp', {
    apply: apply.code,
    netdev: lab.readFile(`${NET}/10-bondify-bond0.netdev`),
    capture: lab.state.bonding(),
    sysfs: Object.fromEntries(
      ['arp_interval', 'arp_ip_target', 'arp_validate', 'arp_all_targets', 'arp_missed_max', 'miimon'].map((k) => [k, sysfsBond(k)]),
    ),
    status: status.stdout,
    statusJson: statusJson.stdout,
    check: await check(lab),
  });
  lab.record('deadPathArp', await deadPath(lab, { bond: true, during: checksDuring(lab) }));
  await lab
    .waitFor('bond0 healthy on eth0 after the path returns', () => healthy(lab), { timeoutMs: 30_000, intervalMs: 500 })
    .catch(() => undefined);
  lab.record('arpAfter', { active: lab.state.activeSlave(), check: await check(lab) });
}

/** `check --heal` on the real kernel: the bond is still deleted from above; then a reboot in a confirm window. */
async function healScenarios(lab, originals) {
  lab.log("--- check --heal with bond0 deleted (bondify's files still installed)");
  lab.record('healBondBefore', lab.state.exists('bond0'));
  lab.record('heal', await check(lab, ['--heal']));
  await lab
    .waitFor('bond0 healthy on eth0 after the heal', () => healthy(lab), { timeoutMs: 60_000, intervalMs: 500 })
    .catch(() => undefined);
  await settled(lab);
  lab.record('afterHeal', await check(lab));
  lab.record('healAgain', await check(lab, ['--heal']));
  lab.record('healLogAfterRecreate', await healLog(lab));

  // Drift that is not a deleted link: someone sets the primary by hand, or takes a slave out of the bond.
  lab.log('--- check --heal with the primary set to wlan0 by hand (sysfs)');
  lab.log('$ echo wlan0 > /sys/class/net/bond0/bonding/primary');
  fs.writeFileSync('/sys/class/net/bond0/bonding/primary', 'wlan0');
  lab.record('wrongPrimary', { primary: sysfsBond('primary'), check: await check(lab) });
  lab.record('wrongPrimaryHeal', await check(lab, ['--heal']));
  await lab
    .waitFor('bond0 healthy on eth0 after the heal', () => healthy(lab), { timeoutMs: 60_000, intervalMs: 500 })
    .catch(() => undefined);
  lab.record('wrongPrimaryAfter', { primary: sysfsBond('primary'), active: lab.state.activeSlave(), check: await check(lab) });

  lab.log('--- check --heal with wlan0 taken out of the bond (ip link set wlan0 nomaster)');
  await lab.run(['ip', 'link', 'set', 'wlan0', 'nomaster']);
  lab.record('looseSlave', { slaves: sysfsBond('slaves'), check: await check(lab) });
  lab.record('looseSlaveHeal', await check(lab, ['--heal']));
  await lab
    .waitFor('wlan0 back in bond0', () => (sysfsBond('slaves') ?? '').split(' ').includes('wlan0'), { timeoutMs: 60_000, intervalMs: 500 })
    .catch(() => undefined);
  lab.record('looseSlaveAfter', { slaves: sysfsBond('slaves'), check: await check(lab) });

  lab.log('--- simulation of a reboot inside the apply --confirm window');
  const rb = await lab.bondify(['rollback']); // back to the standard method, so the next apply changes something
  await lab
    .waitFor('the standard method after rollback', () => lab.state.standardReady(), { timeoutMs: 120_000, intervalMs: 500 })
    .catch(() => undefined);
  lab.log('$ setsid bondify apply --yes --confirm 20   (a session of its own, killed below)');
  const child = execa('node', [BONDIFY, 'apply', '--yes', '--confirm', '20'], { detached: true, reject: false, all: true, buffer: true });
  let out = '';
  child.all.on('data', (d) => (out += d));
  await lab.waitFor('apply to ask for confirmation', () => out.includes("run 'bondify confirm'") || child.exitCode !== null, {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  const pending = JSON.parse(lab.readFile(JOURNAL) ?? '{}');
  process.kill(-child.pid, 'SIGKILL');
  await child;
  lab.out(out);
  // What a reboot loses: the transient timer lived only in the running systemd.
  await lab.run(['systemctl', 'stop', 'bondify-revert.timer']);
  const timerAfterStop = (await lab.run(['systemctl', 'is-active', 'bondify-revert.timer'], { quiet: true })).stdout.trim();
  const wait = Date.parse(pending.deadline ?? '') + 3000 - Date.now();
  lab.log(`waiting ${Math.max(0, wait)} ms, past the deadline ${pending.deadline}`);
  if (wait > 0) await lab.sleep(wait);
  const beforeHeal = {
    bond0: lab.state.exists('bond0'),
    step: JSON.parse(lab.readFile(JOURNAL) ?? '{}').step ?? null,
    files: standardFiles(),
  };
  const heal = await lab.bondify(['check', '--heal']);
  const back = await lab
    .waitFor('the standard method after the heal', () => lab.state.standardReady(), { timeoutMs: 120_000, intervalMs: 500 })
    .then(
      () => true,
      () => false,
    );
  lab.record('reboot', {
    rollbackCode: rb.code,
    pendingStep: pending.step ?? null,
    timerAfterStop,
    beforeHeal,
    heal: { code: heal.code, lines: heal.stdout.trimEnd().split('\n') },
    after: {
      bond0: lab.state.exists('bond0'),
      files: standardFiles(),
      filesIdentical: JSON.stringify(standardFiles()) === JSON.stringify(originals),
      bondifyFiles: bondifyFiles(),
      journalLeft: fs.existsSync(JOURNAL),
      standardBack: back,
    },
  });
  lab.record('healLogAfterReboot', await healLog(lab));
}
