// Guest side of dhcp.lab.ts: a Pi on Arch Linux ARM's stock DHCP files, under a router with a plain pool and then
// one that reserves 192.168.1.252 for eth0's MAC: init, apply, failover, a renew on the backup, failback, rollback.
// eth0 is the wired pair's end (virtio-net): a NIC with a permanent MAC, as a Pi's, which init records and
// dhcp_identity = ethernet-mac gives the bond.
import { wiredSwap } from '../../scripts/lab/guest/link-steps.mjs';

export const labStandard = 'arch-dhcp';
export const labWiredPair = true;

const NET = '/etc/systemd/network';
const STOCK = ['en.network', 'eth.network', 'wlan0.network'];
// What init should write from the stock files (the golden case dhcp-ra, read from the checkout): the fallback when
// init fails, so one boot still shows the rest.
const GOLDEN_DHCP = new URL('../golden/dhcp-ra/bondify.ini', import.meta.url);

export default async function dhcpScenario(lab) {
  const fs = await import('node:fs');
  const files = () =>
    Object.fromEntries(
      fs
        .readdirSync(NET)
        .sort()
        .map((f) => [f, lab.readFile(`${NET}/${f}`)]),
    );
  const stock = lab.record('stock', files());
  const wired = lab.record('wired', await wiredSwap(lab));
  if (wired.absent || !wired.standard)
    throw new Error(`the wired pair did not become eth0 under the stock files: ${JSON.stringify(wired)}`);
  // The pair's ends hang on a QEMU hub, which has no link state to pull: eth0 is cut on the device (admin down: no
  // carrier, the bonding driver fails over as on a pulled cable).
  const cut = () => lab.run(['ip', 'link', 'set', 'dev', 'eth0', 'down'], { check: true });
  const plug = () => lab.run(['ip', 'link', 'set', 'dev', 'eth0', 'up'], { check: true });
  const eth0Mac = lab.dhcp.mac('eth0');
  lab.record('macs', { eth0: eth0Mac, wlan0: lab.dhcp.mac('wlan0') });
  const v4 = async (dev) => (await lab.state.ipv4(dev)).map((a) => a.split('/')[0]);
  const v6 = async (dev) => (await lab.dhcp.ipv6(dev)).map((a) => a.split('/')[0]);
  const addrs = async () => ({
    v4: await v4('bond0'),
    v6: await v6('bond0'),
    mac: lab.state.exists('bond0') ? lab.dhcp.mac('bond0') : null,
    active: lab.state.activeSlave(),
  });
  const checkRun = async () => {
    const r = await lab.bondify(['check', '--prom', '/run/bondify-lab/dhcp.prom']);
    return { code: r.code, lines: r.stdout.trim().split('\n'), prom: lab.readFile('/run/bondify-lab/dhcp.prom') };
  };
  for (const server of ['pool', 'reservation']) {
    lab.log(`===== ${server}`);
    const r = {};
    if (server === 'reservation') {
      // The router now reserves .252 for eth0's MAC: the stock files take it at their next DISCOVER.
      await lab.dhcp.start({ reserveFor: eth0Mac });
      await lab.run(['networkctl', 'reconfigure', 'eth0', 'wlan0']);
    }
    r.stockLease = await lab.waitFor(
      'a lease on eth0 under the stock files',
      async () => {
        const a = await v4('eth0');
        return a.length > 0 && (server === 'pool' || a.includes('192.168.1.252')) ? a : null;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // The second router kind is another device's story: its config (--force) and its check memory start anew (a
    // memory of the first kind's lease would make its check warn, rightly, that the address changed).
    fs.rmSync('/var/lib/bondify/check-state.json', { force: true });
    const init = await lab.bondify(['init', '--force']);
    r.init = { code: init.code, out: init.all };
    r.ini = lab.readFile('/etc/bondify/bondify.ini');
    if (server === 'reservation' && r.ini !== null) {
      // The one line init offers for a router that reserves by MAC, uncommented as the README says.
      const edited = r.ini.replace('\n; dhcp_identity = ethernet-mac\n', '\ndhcp_identity = ethernet-mac\n');
      r.oneLine = edited !== r.ini;
      fs.writeFileSync('/etc/bondify/bondify.ini', edited);
    }
    if (init.code !== 0) {
      // init failed (the host test says so): the rest of the story still runs, from the config init should write,
      // so one boot shows apply, failover and rollback all the same.
      fs.mkdirSync('/etc/bondify', { recursive: true });
      const golden = fs.readFileSync(GOLDEN_DHCP, 'utf8');
      const reservation = golden
        .replace('ipv6 = ra\n\n[slave.eth0]', 'ipv6 = ra\ndhcp_identity = ethernet-mac\n\n[slave.eth0]')
        .replace('wireless = no\n', `wireless = no\nmac = ${eth0Mac}\n`);
      fs.writeFileSync('/etc/bondify/bondify.ini', server === 'reservation' ? reservation : golden);
      r.initFallback = true;
    }
    const t0 = Date.now();
    const apply = await lab.bondify(['apply', '--yes', '--timeout', '120'], { timeoutMs: 300_000 });
    r.apply = { code: apply.code, out: apply.all, ms: Date.now() - t0 };
    r.bondFiles = Object.fromEntries(Object.entries(files()).filter(([f]) => f.includes('bondify')));
    r.applied = await addrs();
    r.slaves = { eth0: [...(await v4('eth0')), ...(await v6('eth0'))], wlan0: [...(await v4('wlan0')), ...(await v6('wlan0'))] };
    r.status = (await lab.bondify(['status'])).stdout;
    r.checkUp = await checkRun();
    const first = r.applied;
    if (first.v4.length > 0 && first.v6.length > 0) {
      const p4 = lab.startPing({ target: first.v4[0], ns: 'gw', intervalMs: 20 });
      const p6 = lab.startPing({ target: first.v6[0], ns: 'gw', intervalMs: 20 });
      await lab.sleep(1000);
      await cut();
      await lab.waitFor('wlan0 active', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 15_000 });
      await lab.sleep(5000);
      r.failover = await addrs();
      const mark = lab.dhcp.logLines().length;
      await lab.run(['networkctl', 'renew', 'bond0']);
      await lab
        .waitFor('the router answering the renew', () => lab.dhcp.logLines(mark).some((l) => /DHCP(ACK|NAK)/.test(l)), {
          timeoutMs: 20_000,
        })
        .catch(() => null);
      await lab.sleep(3000);
      r.renew = await addrs();
      r.renewLog = lab.dhcp.logLines(mark).filter((l) => /DHCP(REQUEST|ACK|NAK|DISCOVER|OFFER)/.test(l));
      r.checkOnBackup = await checkRun();
      await plug();
      await lab.waitFor('eth0 active again', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 15_000 });
      await lab.sleep(5000);
      r.failback = await addrs();
      const s4 = await p4.stop();
      const s6 = await p6.stop();
      r.ping4 = { sent: s4.sent, lost: s4.lost, maxGapMs: s4.maxGapMs };
      r.ping6 = { sent: s6.sent, lost: s6.lost, maxGapMs: s6.maxGapMs };
      r.checkAfter = await checkRun();
    }
    const rb = await lab.bondify(['rollback']);
    r.rollback = { code: rb.code, out: rb.all };
    r.afterRollback = files();
    r.identical = JSON.stringify(r.afterRollback) === JSON.stringify(stock) && STOCK.every((f) => stock[f] !== undefined);
    r.eth0Back = await lab
      .waitFor('eth0 with its lease again', async () => ((await v4('eth0')).length > 0 ? v4('eth0') : null), {
        timeoutMs: 60_000,
        intervalMs: 500,
      })
      .catch(() => []);
    r.bondGone = !lab.state.exists('bond0');
    r.macsAfter = { eth0: lab.dhcp.mac('eth0'), wlan0: lab.dhcp.mac('wlan0') };
    lab.record(server, r);
  }
}
