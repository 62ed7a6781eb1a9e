// Which arp_validate mode keeps a wifi backup usable under ARP monitoring (active-backup, fail_over_mac=active):
// the bond applied by bondify with ARP monitoring, then for each mode (set live through sysfs) the slaves' state in
// steady use and a dead path on eth0 with carrier up. Exploratory: `npm run lab -- arp-sweep`.
import fs from 'node:fs';
import { measureOnce } from '../../bench/failover-measure.mjs';

const MODES = ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'];
const sys = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8').trim() : null);
const dir = (d) =>
  fs.existsSync(d)
    ? Object.fromEntries(
        fs.readdirSync(d).map((f) => [
          f,
          (() => {
            try {
              return sys(`${d}/${f}`);
            } catch (e) {
              return `(${e.code})`;
            }
          })(),
        ]),
      )
    : null;
const slaves = (text) =>
  (text ?? '')
    .split('\n\n')
    .filter((b) => b.includes('Slave Interface:'))
    .map((b) =>
      b
        .split('\n')
        .filter((l) => /^(Slave Interface|MII Status|Link Failure Count):/.test(l))
        .join(' '),
    );

export default async function sweep(lab, args) {
  const interval = args[0] ?? '100ms';
  lab.log('--- standard method, dead path');
  lab.record('standard', await measureOnce(lab, { bond: false, fault: 'path' }));
  await lab.waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 90_000, intervalMs: 500 }).catch(() => {});

  const ref = (
    await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
      quiet: true,
    })
  ).stdout;
  const ini = ref
    .replace('miimon = 100ms', `miimon = 0\narp_interval = ${interval}\narp_ip_targets = 192.168.1.1\narp_validate = none`)
    .replace(/^updelay = .*\n/m, '')
    .replace(/^downdelay = .*\n/m, '');
  fs.mkdirSync('/etc/bondify', { recursive: true });
  fs.writeFileSync('/etc/bondify/bondify.ini', ini);
  lab.log('--- apply the ARP bond');
  lab.record('apply', (await lab.bondify(['apply', '--yes'])).code);
  const healthy = async () => lab.state.activeSlave() === 'eth0' && (await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }));
  await lab.waitFor('bond on eth0', healthy, { timeoutMs: 60_000, intervalMs: 500 }).catch(() => {});
  await lab.sleep(2000);
  lab.record('kernelView', {
    proc: lab.state.bonding(),
    bonding: dir('/sys/class/net/bond0/bonding'),
    eth0: dir('/sys/class/net/eth0/bonding_slave'),
    wlan0: dir('/sys/class/net/wlan0/bonding_slave'),
    ipd: (await lab.run(['ip', '-d', 'link', 'show'], { quiet: true })).stdout,
    netdev: lab.readFile('/etc/systemd/network/10-bondify-bond0.netdev'),
  });
  const per = {};
  for (const mode of MODES) {
    lab.log(`--- arp_validate ${mode}`);
    const w = await lab.run(['sh', '-c', `echo ${mode} > /sys/class/net/bond0/bonding/arp_validate`]);
    await lab.sleep(500);
    const before = slaves(lab.state.bonding());
    await lab.sleep(4000);
    const steady = slaves(lab.state.bonding());
    const m = await measureOnce(lab, { bond: true, fault: 'path' });
    lab.log(`${mode}: ${JSON.stringify(m)}`);
    await lab.waitFor('bond on eth0', healthy, { timeoutMs: 30_000, intervalMs: 300 }).catch(() => {});
    await lab.sleep(1500);
    per[mode] = {
      set: w.code,
      value: sys('/sys/class/net/bond0/bonding/arp_validate'),
      before,
      steady,
      m,
      after: slaves(lab.state.bonding()),
    };
    lab.record('modes', per);
  }
  lab.log('--- eth0 cable pulled under ARP monitoring (arp_validate active)');
  await lab.run(['sh', '-c', 'echo active > /sys/class/net/bond0/bonding/arp_validate']);
  await lab.sleep(2000);
  lab.record('cable', await measureOnce(lab, { bond: true, fault: 'cable' }));
  lab.record('check', (await lab.bondify(['check'])).all);
  lab.record('status', (await lab.bondify(['status'])).all);
}
