// Lab proof of confirm-or-revert on the real kernel with systemd as PID 1: `apply --confirm` from a session that is
// then killed (SIGKILL to its whole process group, as when SSH drops) is reverted by the detached timer; a
// confirmed one stays past its deadline. Then, on the same boot, the Ansible role from a controller on the LAN
// (guest/ansible-lan.mjs), which starts from the standard method this scenario ends in.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { execa } from 'execa';
import { BONDIFY } from '../guest/lab.mjs';
import { ansibleFromLan } from '../guest/ansible-lan.mjs';

const NET = '/etc/systemd/network';
const sha = (p) => (fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null);
const files = () => ({ eth0: sha(`${NET}/eth0.network`), wlan0: sha(`${NET}/wlan0.network`) });

/** Starts `bondify apply --confirm N` in its own session and resolves once it asks for confirmation. */
async function startSession(lab, seconds) {
  lab.log(`$ setsid bondify apply --yes --confirm ${seconds}   (a session of its own)`);
  const child = execa('node', [BONDIFY, 'apply', '--yes', '--confirm', String(seconds)], {
    detached: true,
    reject: false,
    all: true,
    buffer: true,
  });
  let out = '';
  child.all.on('data', (d) => (out += d));
  await lab.waitFor('apply to ask for confirmation', () => out.includes("run 'bondify confirm'") || child.exitCode !== null, {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  return { child, out: () => out };
}

export default async function applyConfirm(lab) {
  const originals = lab.record('originals', files());
  fs.mkdirSync('/etc/bondify', { recursive: true });
  fs.writeFileSync(
    '/etc/bondify/bondify.ini',
    (
      await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
        quiet: true,
      })
    ).stdout,
  );

  lab.log('--- apply --confirm 20, then the session dies');
  const s1 = await startSession(lab, 20);
  lab.record('timerActive', (await lab.run(['systemctl', 'is-active', 'bondify-revert.timer'])).stdout.trim());
  lab.record('appliedBeforeKill', { active: lab.state.activeSlave(), bond0: await lab.state.ipv4('bond0') });
  process.kill(-s1.child.pid, 'SIGKILL');
  const killedAt = Date.now();
  await s1.child;
  lab.out(s1.out());
  lab.log('session killed; waiting for the detached revert');
  const back = await lab
    .waitFor('the standard method after the timer', async () => !lab.state.exists('bond0') && (await lab.state.standardReady()), {
      timeoutMs: 120_000,
      intervalMs: 500,
    })
    .then(
      () => true,
      () => false,
    );
  // The links come back while the revert unit is still verifying them (up to 60 s): read its log once it has ended.
  const unitDone = async () =>
    !['active', 'activating', 'deactivating'].includes(
      (await lab.run(['systemctl', 'is-active', 'bondify-revert.service'], { quiet: true })).stdout.trim(),
    );
  await lab.waitFor('bondify-revert.service to finish', unitDone, { timeoutMs: 120_000, intervalMs: 500 }).catch(() => undefined);
  lab.record('killed', {
    standardBack: back,
    secondsAfterKill: Math.round((Date.now() - killedAt) / 100) / 10,
    files: files(),
    filesIdentical: JSON.stringify(files()) === JSON.stringify(originals),
    journalLeft: fs.existsSync('/var/lib/bondify/journal.json'),
    revertLog: (await lab.run(['journalctl', '-u', 'bondify-revert.service', '--no-pager', '-o', 'cat'])).stdout,
  });

  lab.log('--- apply --confirm 20, confirmed from another session');
  const s2 = await startSession(lab, 20);
  const confirm = await lab.bondify(['confirm']);
  const done = await s2.child;
  lab.out(s2.out());
  await lab.sleep(25_000); // past the deadline: the timer must not fire any more
  lab.record('confirmed', {
    confirmCode: confirm.code,
    applyCode: done.exitCode,
    timerAfter: (await lab.run(['systemctl', 'is-active', 'bondify-revert.timer'])).stdout.trim(),
    activeAfterDeadline: lab.state.activeSlave(),
    bond0AfterDeadline: await lab.state.ipv4('bond0'),
    gatewayAfterDeadline: await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }),
  });
  lab.record('cleanup', (await lab.bondify(['rollback'])).code);

  await ansibleFromLan(lab);
  return 0;
}
