// Guest side of `npm run demo`: the reference user's story on the real kernel, told through bondify's own commands.
// A command that does not exist yet is said plainly and the story goes on.
import crypto from 'node:crypto';
import fs from 'node:fs';

const NET = '/etc/systemd/network';
const STANDARD = ['eth0.network', 'wlan0.network'];
const sha = (p) => (fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null);

export default async function demo(lab) {
  const step = (title) => lab.log(`\n==== ${title}`);
  const done = {};
  /** bondify <args>, narrated; remembers whether the command exists and how it exited. */
  async function bondify(key, args) {
    const r = await lab.bondify(args);
    if (r.missing) lab.log(`>>> 'bondify ${args[0]}' does not exist yet in this checkout; the demo goes on without it.`);
    else lab.log(`>>> bondify ${args[0]} exited ${r.code}`);
    done[key] = { code: r.code, missing: r.missing };
    lab.record('commands', done);
    return r;
  }

  step('1. The standard method: one .network file per link, each link its own address');
  const before = Object.fromEntries(STANDARD.map((f) => [f, sha(`${NET}/${f}`)]));
  for (const f of STANDARD) await lab.run(['cat', `${NET}/${f}`]);
  await lab.run(['ip', '-br', '-4', 'addr', 'show']);

  step('2. bondify init: bondify.ini from the standard method in place');
  await bondify('init', ['init']);
  await lab.run(['cat', '/etc/bondify/bondify.ini']);

  step('3. bondify plan: the files it would write (nothing written)');
  await bondify('plan', ['plan']);

  step('4. bondify apply: write, reload networkd, verify (reverts by itself if unhealthy)');
  const apply = await bondify('apply', ['apply', '--yes']);
  const bonded = !apply.missing && apply.code === 0 && lab.state.exists('bond0');
  lab.record('bonded', bonded);

  step("5. bondify status: the kernel's view of the bond");
  await bondify('status', ['status']);
  if (!bonded) lab.log('>>> no bond0 (apply did not make one): the failover part of the story is skipped.');

  if (bonded) {
    step("6. eth0's cable pulled while a 10 ms ping to the gateway runs");
    const ping = lab.startPing({ intervalMs: 10 });
    await lab.sleep(1000);
    await lab.fault.eth0Down();
    const onWifi = await lab
      .waitFor('wlan0 to take over', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 10_000 })
      .then(
        () => true,
        () => false,
      );
    await bondify('status (eth0 out)', ['status']);
    await lab.sleep(2000);
    step('7. cable back: eth0 is the primary again');
    await lab.fault.eth0Up();
    const back = await lab
      .waitFor('eth0 to be active again', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 15_000 })
      .then(
        () => true,
        () => false,
      );
    await lab.sleep(500);
    const p = await ping.stop();
    lab.log(`>>> ping through it all: ${p.sent} sent, ${p.received} received, ${p.lost} lost, longest gap ${p.maxGapMs} ms`);
    lab.record('failover', { onWifi, back, sent: p.sent, received: p.received, lost: p.lost, maxGapMs: p.maxGapMs });
    await bondify('status (eth0 back)', ['status']);
  }

  step('8. bondify check: the health check cron/monitoring runs (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)');
  await bondify('check', ['check', '--ping']);

  step('9. bondify rollback: the standard method back, byte for byte');
  await bondify('rollback', ['rollback']);
  const after = Object.fromEntries(STANDARD.map((f) => [f, sha(`${NET}/${f}`)]));
  const identical = STANDARD.every((f) => before[f] !== null && before[f] === after[f]);
  const up = await lab
    .waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 30_000 })
    .then(
      () => true,
      () => false,
    );
  await lab.run(['ip', '-br', '-4', 'addr', 'show']);
  lab.log(
    `>>> standard method files ${identical ? 'identical to before (sha256)' : 'DIFFER from before'}; both links ${up ? 'up and reaching the gateway' : 'NOT both working'}`,
  );
  lab.record('rollback', { identical, up, bond0Left: lab.state.exists('bond0') });
}
