// Guest scenario for test/lab/reliability.lab.ts: the live path on the real kernel. (1) SIGKILL of a live apply
// or rollback at the steps that change the running system — after the backup, between file writes, during the
// networkd reload, once bond0 exists, during verification, during an automatic revert, after rollback deleted
// the link — watched from outside (journal step, files, links), no hook in bondify; after each kill the files
// are judged and the next apply or rollback must bring back a healthy network. (2) Faults during apply:
// networkd stopped, networkctl failing, disk full, read-only network folder, AP gone, gateway gone.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';

const NET = '/etc/systemd/network';
const JOURNAL = '/var/lib/bondify/journal.json';

/** name → sha256 of the network folders: the file set. */
function files() {
  const out = {};
  for (const d of [NET, '/etc/modprobe.d']) {
    if (!fs.existsSync(d)) continue;
    for (const n of fs.readdirSync(d).sort())
      out[`${d}/${n}`] = crypto
        .createHash('sha256')
        .update(fs.readFileSync(`${d}/${n}`))
        .digest('hex')
        .slice(0, 12);
  }
  return out;
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const step = () => {
  try {
    return JSON.parse(fs.readFileSync(JOURNAL, 'utf8')).step;
  } catch {
    return null;
  }
};

export default async function reliabilityLive(lab) {
  const main = `${lab.checkout}/dist/cli/main.js`;
  fs.mkdirSync('/etc/bondify', { recursive: true });
  const ini = (
    await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
      quiet: true,
    })
  ).stdout;
  fs.writeFileSync('/etc/bondify/bondify.ini', ini);

  const bondOk = async () =>
    lab.state.exists('bond0') &&
    lab.state.activeSlave('bond0') !== null &&
    (await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }));
  const standardOk = () =>
    lab
      .waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 90_000, intervalMs: 1000 })
      .then(
        () => true,
        () => false,
      );
  const bondUp = () =>
    lab.waitFor('the bond', bondOk, { timeoutMs: 60_000, intervalMs: 1000 }).then(
      () => true,
      () => false,
    );

  const OLD = files();
  lab.log('--- reference: one clean apply and rollback');
  const a0 = await lab.bondify(['apply', '--yes']);
  const NEW = files();
  const r0 = await lab.bondify(['rollback']);
  lab.record('reference', {
    apply: a0.code,
    rollback: r0.code,
    newDiffers: !same(OLD, NEW),
    backToOld: same(files(), OLD),
    standard: await standardOk(),
  });

  const judge = () => {
    const f = files();
    return {
      state: same(f, OLD) ? 'old' : same(f, NEW) ? 'new' : 'mixed',
      journal: fs.existsSync(JOURNAL),
      partial: Object.keys(f).filter(
        (p) => !(p in OLD && OLD[p] === f[p]) && !(p in NEW && NEW[p] === f[p]) && !p.includes('.bondify-tmp-'),
      ),
    };
  };
  /** Starts bondify, SIGKILLs it as soon as `when()` holds; reports whether the kill happened before it ended. */
  async function killWhen(args, when) {
    const child = spawn('node', [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const ended = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
    let killed = false;
    for (let done = false; !done;) {
      if (await when()) {
        killed = child.kill('SIGKILL');
        break;
      }
      done = await Promise.race([ended.then(() => true), lab.sleep(10).then(() => false)]);
    }
    const end = await ended;
    lab.out(out);
    return { killed: killed && end.signal === 'SIGKILL', code: end.code };
  }

  // [name, the command killed, start from (old: standard method, new: after apply), kill when, then recover with]
  const POINTS = [
    ['apply: backup taken', 'apply', 'old', () => step() === 'backed-up' || step() === 'writing', 'apply'],
    [
      'apply: between file writes',
      'apply',
      'old',
      () => fs.existsSync(`${NET}/10-bondify-bond0.netdev`) && fs.existsSync(`${NET}/eth0.network`),
      'rollback',
    ],
    ['apply: networkd reload', 'apply', 'old', () => step() === 'reloading', 'apply'],
    ['apply: bond0 created', 'apply', 'old', () => lab.state.exists('bond0'), 'rollback'],
    ['apply: verifying', 'apply', 'old', () => step() === 'verifying', 'apply'],
    ['rollback: files being restored', 'rollback', 'new', () => step() !== null, 'rollback'],
    ['rollback: bond0 deleted', 'rollback', 'new', () => !lab.state.exists('bond0'), 'apply'],
    [
      'rollback: networkd reload',
      'rollback',
      'new',
      () => step() === 'reloading' || (!lab.state.exists('bond0') && fs.existsSync(`${NET}/eth0.network`)),
      'rollback',
    ],
  ];
  const points = [];
  for (const [name, cmd, from, when, next] of POINTS) {
    lab.log(`--- crash point: ${name} (then ${next})`);
    if (from === 'new') {
      await lab.bondify(['apply', '--yes']);
      await bondUp();
    }
    const k = await killWhen(cmd === 'apply' ? ['apply', '--yes'] : ['rollback'], when);
    const after = judge();
    const rec = await lab.bondify(next === 'apply' ? ['apply', '--yes'] : ['rollback']);
    const healthy = next === 'apply' ? await bondUp() : await standardOk();
    const converged = same(files(), next === 'apply' ? NEW : OLD) && !fs.existsSync(JOURNAL);
    points.push(lab.record(`point ${name}`, { name, next, ...k, ...after, recoverCode: rec.code, converged, healthy }));
    if (next === 'apply') {
      await lab.bondify(['rollback']);
      await standardOk();
    }
  }
  lab.record('points', points);

  const fault = async (name, arrange, undo, args = ['apply', '--yes', '--timeout', '15'], env) => {
    lab.log(`--- fault: ${name}`);
    await arrange();
    const r = env ? await lab.run(['node', main, ...args], { env, timeoutMs: 180_000 }) : await lab.bondify(args);
    const filesAfter = judge();
    await undo();
    // The previous network must still work (or be back once the fault is gone): the standard method, or the
    // bond if apply succeeded despite the fault.
    const working = same(files(), NEW) ? await bondUp() : await standardOk();
    lab.record(`fault ${name}`, { name, code: r.code, out: r.all.slice(-1500), ...filesAfter, working });
    if (same(files(), NEW)) {
      await lab.bondify(['rollback']);
      await standardOk();
    }
  };
  await fault(
    'networkd not running',
    () => lab.run(['systemctl', 'stop', 'systemd-networkd.socket', 'systemd-networkd.service']),
    () => lab.run(['systemctl', 'start', 'systemd-networkd.service']),
  );
  fs.mkdirSync('/run/bondify-stub', { recursive: true, mode: 0o755 });
  fs.writeFileSync(
    '/run/bondify-stub/networkctl',
    '#!/bin/sh\necho "Failed to reload network settings: Connection timed out" >&2\nexit 1\n',
    { mode: 0o755 },
  );
  await fault(
    'networkctl failing',
    async () => {},
    async () => {},
    ['apply', '--yes', '--timeout', '15'],
    { PATH: `/run/bondify-stub:${process.env.PATH}` },
  );
  await fault(
    'disk full (/var/lib/bondify on an 8 KiB tmpfs)',
    () => lab.run(['mount', '-t', 'tmpfs', '-o', 'size=8k,mode=0700', 'bondify-full', '/var/lib/bondify']),
    () => lab.run(['umount', '/var/lib/bondify']),
  );
  await fault(
    'read-only network folder',
    async () => {
      await lab.run(['mount', '--bind', NET, NET]);
      await lab.run(['mount', '-o', 'remount,bind,ro', NET]);
    },
    () => lab.run(['umount', NET]),
  );
  await fault(
    'AP gone',
    () => lab.fault.wifiDown(),
    () => lab.fault.wifiUp(),
  );
  await fault(
    'gateway gone',
    () => lab.fault.gatewayDown(),
    () => lab.fault.gatewayUp(),
  );
  return 0;
}
