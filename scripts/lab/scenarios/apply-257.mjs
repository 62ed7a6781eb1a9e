// Lab proof on systemd-networkd 257 (Debian trixie guest userland; the reference user's Arch is newer still):
// apply from the standard method → healthy bond; a changed .netdev value (miimon 100 → 200 ms) → does the kernel
// take it on the path bondify picks for 257; eth0 cut → wlan0; more .netdev values (downdelay, primary_reselect,
// gratuitous_arp); rollback → the two files byte for byte.
// Also records what 257 shows differently: networkctl output, wpa_supplicant units, reconfigure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { bondHealth as kernelView, cutEth0WhilePinging, timed } from '../guest/steps.mjs';

export const labFlavour = 'trixie';

const NET = '/etc/systemd/network';
const ORIGINALS = ['eth0.network', 'wlan0.network'];
const CONFIG = '/etc/bondify/bondify.ini';

const sha = (p) => (fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null);
const files = () => Object.fromEntries(ORIGINALS.map((f) => [f, sha(`${NET}/${f}`)]));
const sysfs = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8').trim() : null);
const bondSys = (key) => sysfs(`/sys/class/net/bond0/bonding/${key}`);

async function bondHealth(lab) {
  return {
    ...(await kernelView(lab)),
    miimon: bondSys('miimon'),
    updelay: bondSys('updelay'),
    ifindex: sysfs('/sys/class/net/bond0/ifindex'),
  };
}

const healthy = (lab) => async () =>
  lab.state.activeSlave('bond0') === 'eth0' && (await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }));

export default async function apply257(lab) {
  const text = async (argv) => (await lab.run(argv)).all.trim();
  lab.record('versions', {
    networkctl: (await text(['networkctl', '--version'])).split('\n')[0],
    os: /^PRETTY_NAME="(.*)"$/m.exec(lab.readFile('/etc/os-release') ?? '')?.[1] ?? null,
    node: process.version,
  });
  lab.record('wpaUnits', await text(['systemctl', 'list-units', '--all', '--plain', '--no-legend', 'wpa_supplicant*']));
  lab.record('networkctlListBefore', await text(['networkctl', 'list', '--no-pager']));
  lab.record('originals', files());
  fs.mkdirSync('/etc/bondify', { recursive: true });
  fs.writeFileSync(
    CONFIG,
    (
      await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
        quiet: true,
      })
    ).stdout,
  );

  lab.log('--- apply (from the standard method)');
  lab.record('apply1', await timed(lab, ['apply', '--yes']));
  await lab.waitFor('eth0 active and the gateway answering via bond0', healthy(lab), { timeoutMs: 20_000 }).catch(() => {});
  lab.record('afterApply', await bondHealth(lab));
  lab.record('networkctlListBond', await text(['networkctl', 'list', '--no-pager']));
  lab.record('networkctlStatusBond', await text(['networkctl', 'status', 'bond0', '--no-pager', '-n', '0']));

  lab.log('--- a changed .netdev: miimon 100 ms → 200 ms (updelay 200 → 400 ms)');
  fs.writeFileSync(
    '/etc/bondify/slow.ini',
    fs.readFileSync(CONFIG, 'utf8').replace('miimon = 100ms', 'miimon = 200ms').replace('updelay = 200ms', 'updelay = 400ms'),
  );
  // A ping across the change: does reload + reconfigure on 257 disturb the running bond?
  const across = lab.startPing({ intervalMs: 10 });
  lab.record('apply2', await timed(lab, ['apply', '--yes', '--config', '/etc/bondify/slow.ini']));
  // Give networkd time to act on it (asynchronously) before judging: poll, then read the kernel.
  const took = await lab
    .waitFor('the kernel to show miimon 200', () => bondSys('miimon') === '200', { timeoutMs: 15_000 })
    .then(
      () => true,
      () => false,
    );
  await lab.waitFor('eth0 active again', healthy(lab), { timeoutMs: 20_000 }).catch(() => {});
  const a = await across.stop();
  lab.record('pingAcrossChange', { sent: a.sent, received: a.received, maxGapMs: a.maxGapMs });
  lab.record('bondingAfterChange', lab.state.bonding('bond0'));
  lab.record('afterChange', { took, ...(await bondHealth(lab)) });
  lab.record('netdevOnDisk', lab.readFile(`${NET}/10-bondify-bond0.netdev`));
  lab.record('checkAfterChange', await timed(lab, ['check', '--config', '/etc/bondify/slow.ini']));

  lab.log('--- eth0 cut while pinging the gateway');
  lab.record('failover', await cutEth0WhilePinging(lab));

  lab.log('--- more .netdev values on the live bond: downdelay 0 → 200 ms, primary_reselect always → better, gratuitous_arp 3 → 5');
  fs.writeFileSync(
    '/etc/bondify/more.ini',
    fs
      .readFileSync('/etc/bondify/slow.ini', 'utf8')
      .replace('downdelay = 0ms', 'downdelay = 200ms')
      .replace('primary_reselect = always', 'primary_reselect = better')
      .replace('gratuitous_arp = 3', 'gratuitous_arp = 5'),
  );
  lab.record('apply3', await timed(lab, ['apply', '--yes', '--config', '/etc/bondify/more.ini']));
  const more = () => ({
    downdelay: bondSys('downdelay'),
    primaryReselect: bondSys('primary_reselect'),
    numGratArp: bondSys('num_grat_arp'),
    ifindex: sysfs('/sys/class/net/bond0/ifindex'),
  });
  await lab.waitFor('the kernel to show downdelay 200', () => bondSys('downdelay') === '200', { timeoutMs: 15_000 }).catch(() => {});
  lab.record('afterMore', more());
  await lab.waitFor('eth0 active again', healthy(lab), { timeoutMs: 20_000 }).catch(() => {});

  lab.log('--- rollback (three applies to undo)');
  lab.record('rollback', await timed(lab, ['rollback']));
  lab.record('afterRollbackFiles', files());
  lab.record(
    'afterRollbackOwn',
    fs.readdirSync(NET).filter((n) => n.startsWith('10-bondify-')),
  );
  lab.record('afterRollbackBond', lab.state.exists('bond0'));
  lab.record(
    'afterRollbackStandard',
    await lab
      .waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 60_000 })
      .then(
        () => true,
        () => false,
      ),
  );
  lab.record('networkctlListAfter', await text(['networkctl', 'list', '--no-pager']));
  // Where a trixie boot spends its time (for scripts/lab/README.md).
  lab.record('bootBlame', (await text(['systemd-analyze', 'blame', '--no-pager'])).split('\n').slice(0, 15).join('\n'));
  return 0;
}
