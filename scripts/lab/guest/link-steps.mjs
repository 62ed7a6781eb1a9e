// What a carrier check cannot see, on the real kernel: a wireless slave's power save (hwsim radio, iw, udev) and
// slaves renamed under the bond (eth0 → end0, wlan0 → wlp0s9). Appended to a scenario's boot, never a boot of its own.
import fs from 'node:fs';
import { timed } from './steps.mjs';
import { WIRED_PAIR } from '../lib/qemu.mjs';

const RULE = '/etc/udev/rules.d/90-bondify-power-save.rules';
const NET = '/etc/systemd/network';

const powerSave = async (lab, dev) =>
  /Power save:\s*(on|off)/.exec((await lab.run(['iw', 'dev', dev, 'get', 'power_save'], { quiet: true })).stdout)?.[1] ?? null;

/** The link "appears" again for udev: the add event a boot, a driver reset or a replug sends. */
async function linkAdded(lab, dev) {
  await lab.run(['udevadm', 'trigger', '--action=add', '--subsystem-match=net', `--sysname-match=${dev}`]);
  await lab.run(['udevadm', 'settle', '--timeout=10']);
}

/** From the standard method, with `config` (reference scenario: wlan0 power_save defaults to off). */
export async function powerSaveSteps(lab, config) {
  const t0 = Date.now();
  const r = {};
  // Can this radio switch it at all? On first, so apply has something to turn off.
  const on = await lab.run(['iw', 'dev', 'wlan0', 'set', 'power_save', 'on']);
  r.hwsim = { initial: null, setOnExit: on.code, setOnErr: on.stderr.trim(), afterSetOn: await powerSave(lab, 'wlan0') };
  r.apply = await timed(lab, ['apply', '--yes', '--config', config]);
  r.rule = lab.readFile(RULE);
  r.afterApply = await powerSave(lab, 'wlan0');
  // A wifi reconnect (the AP lost and found again): the link stays, so no rule runs.
  await lab.run(['wpa_cli', '-i', 'wlan0', 'disconnect']);
  r.disconnected = await lab
    .waitFor('wlan0 disconnected', async () => (await lab.state.wifiState()) === 'DISCONNECTED', { timeoutMs: 10_000 })
    .then(
      () => true,
      () => false,
    );
  await lab.run(['wpa_cli', '-i', 'wlan0', 'reconnect']);
  r.reconnected = await lab
    .waitFor('wlan0 associated again', async () => (await lab.state.wifiState()) === 'COMPLETED', { timeoutMs: 30_000 })
    .then(
      () => true,
      () => false,
    );
  r.afterReconnect = await powerSave(lab, 'wlan0');
  // Someone turns it on. check remembers a reading for up to 10 min (iw is a process start every minute), so
  // right after a check that read it, a plain check still says off; --fresh reads it now and warns, and the plain
  // check after that keeps warning (the fresh reading is the one remembered).
  const checkRun = (args) => lab.bondify(['check', '--config', config, ...args]).then((x) => ({ code: x.code, out: x.stdout }));
  r.checkBaseline = await checkRun(['--json']);
  await lab.run(['iw', 'dev', 'wlan0', 'set', 'power_save', 'on']);
  r.checkCached = await checkRun(['--json']);
  r.checkDrift = await checkRun(['--fresh']);
  r.checkAfterFresh = await checkRun([]);
  // apply again with the same config: nothing to write and the rule unchanged (it acts only when a link appears),
  // yet apply reads the live state and turns it off again.
  r.reapply = await timed(lab, ['apply', '--yes', '--config', config]);
  r.afterReapply = await powerSave(lab, 'wlan0');
  await lab.run(['iw', 'dev', 'wlan0', 'set', 'power_save', 'on']);
  r.beforeLinkAdd = await powerSave(lab, 'wlan0');
  await linkAdded(lab, 'wlan0');
  r.afterLinkAdd = await powerSave(lab, 'wlan0');
  r.rollback = await timed(lab, ['rollback']);
  r.ruleAfterRollback = fs.existsSync(RULE);
  r.afterRollback = await powerSave(lab, 'wlan0');
  // Without the rule the link appearing again leaves the setting alone.
  await lab.run(['iw', 'dev', 'wlan0', 'set', 'power_save', 'on']);
  await linkAdded(lab, 'wlan0');
  r.afterRollbackLinkAdd = await powerSave(lab, 'wlan0');
  await lab.run(['iw', 'dev', 'wlan0', 'set', 'power_save', 'off']);
  r.standardBack = await lab
    .waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 30_000 })
    .then(
      () => true,
      () => false,
    );
  r.seconds = (Date.now() - t0) / 1000;
  return r;
}

const sysfs = (dev, f) =>
  fs.existsSync(`/sys/class/net/${dev}/${f}`) ? fs.readFileSync(`/sys/class/net/${dev}/${f}`, 'utf8').trim() : null;
const linkWithMac = (mac) => fs.readdirSync('/sys/class/net').find((d) => sysfs(d, 'address') === mac) ?? null;

/** From the standard method: eth0 becomes a link with a permanent MAC. The device end of QEMU's wired pair (virtio-net,
 * a hub between the two) takes the veth's name and the gateway end joins br0, so the rename steps can match eth0 by
 * MAC too. Only on a boot that has the pair (the scenario's labWiredPair); the result says when it is absent. */
export async function wiredSwap(lab) {
  if (!/(^|\s)LAB_WIRED_PAIR=1(\s|$)/.test(fs.readFileSync('/proc/cmdline', 'utf8'))) return { absent: true };
  const t0 = Date.now();
  const r = {};
  await lab.run(['modprobe', 'virtio_net'], { check: true });
  r.appeared = await lab
    .waitFor('the wired pair', () => linkWithMac(WIRED_PAIR.device) !== null && linkWithMac(WIRED_PAIR.gateway) !== null, {
      timeoutMs: 10_000,
    })
    .then(
      () => true,
      () => false,
    );
  const dev = linkWithMac(WIRED_PAIR.device);
  const gw = linkWithMac(WIRED_PAIR.gateway);
  r.names = { device: dev, gateway: gw };
  await lab.run(['ip', 'link', 'set', 'dev', gw, 'netns', 'gw'], { check: true });
  await lab.run(['ip', '-n', 'gw', 'link', 'set', 'dev', gw, 'master', 'br0', 'up'], { check: true });
  // The veth gives up eth0's name and its way into br0.
  await lab.run(['ip', '-n', 'gw', 'link', 'set', 'dev', 'veth-eth0', 'nomaster'], { check: true });
  await lab.run(['ip', 'link', 'set', 'dev', 'eth0', 'down'], { check: true });
  await lab.run(['ip', 'link', 'set', 'dev', 'eth0', 'name', 'veth0'], { check: true });
  // A stock file that matches eth* (Arch's eth.network) has networkd bring the new NIC up already: a link is renamed
  // only while down.
  await lab.run(['ip', 'link', 'set', 'dev', dev, 'down'], { check: true });
  await lab.run(['ip', 'link', 'set', 'dev', dev, 'name', 'eth0'], { check: true });
  await lab.run(['ip', 'link', 'set', 'dev', 'eth0', 'up'], { check: true });
  await lab.run(['networkctl', 'reconfigure', 'eth0']);
  r.standard = await lab
    .waitFor('the standard method on the wired pair', () => lab.state.standardReady(), { timeoutMs: 30_000 })
    .then(
      () => true,
      () => false,
    );
  r.eth0 = { addrAssignType: sysfs('eth0', 'addr_assign_type'), address: sysfs('eth0', 'address') };
  r.seconds = (Date.now() - t0) / 1000;
  return r;
}

const slavesOf = (lab) => [...(lab.state.bonding('bond0') ?? '').matchAll(/^Slave Interface: (\S+)/gm)].map((m) => m[1]).sort();

/** From the standard method: apply with wlan0 (and eth0, when it is the wired pair's end with a permanent MAC) named
 * by its permanent MAC, rename both links, networkd makes the bond again from the files; check and apply's preflight
 * name the rename. Leaves the guest renamed (run it last). */
export async function renameSteps(lab, referenceConfig) {
  const t0 = Date.now();
  const r = {};
  r.source = Object.fromEntries(
    ['eth0', 'wlan0'].map((d) => [d, { addrAssignType: sysfs(d, 'addr_assign_type'), address: sysfs(d, 'address'), ethtool: null }]),
  );
  for (const d of ['eth0', 'wlan0']) r.source[d].ethtool = (await lab.run(['ethtool', '-P', d], { quiet: true })).stdout.trim() || null;
  const byMac = ['wlan0', ...(r.source.eth0.addrAssignType === '0' ? ['eth0'] : [])];
  const config = '/etc/bondify/by-mac.ini';
  fs.writeFileSync(
    config,
    byMac.reduce(
      (text, d) => text.replace(`[slave.${d}]\n`, `[slave.${d}]\nmac = ${r.source[d].address}\n`),
      fs.readFileSync(referenceConfig, 'utf8'),
    ),
  );
  r.apply = await timed(lab, ['apply', '--yes', '--config', config]);
  r.wlanFile = lab.readFile(`${NET}/10-bondify-wlan0.network`);
  r.eth0File = lab.readFile(`${NET}/10-bondify-eth0.network`);
  r.slavesBefore = slavesOf(lab);
  for (const [from, to] of [
    ['eth0', 'end0'],
    ['wlan0', 'wlp0s9'],
  ]) {
    await lab.run(['ip', 'link', 'set', 'dev', from, 'down']);
    r[`rename_${from}`] = (await lab.run(['ip', 'link', 'set', 'dev', from, 'name', to])).code;
    await lab.run(['ip', 'link', 'set', 'dev', to, 'up']);
  }
  // wpa_supplicant@wlan0 is bound to the old name's device unit; the renamed link gets its own instance.
  fs.copyFileSync('/etc/wpa_supplicant/wpa_supplicant-wlan0.conf', '/etc/wpa_supplicant/wpa_supplicant-wlp0s9.conf');
  await lab.run(['systemctl', 'start', 'wpa_supplicant@wlp0s9.service']);
  // networkd makes the bond from the files again: the bond deleted, networkd restarted.
  await lab.run(['ip', 'link', 'delete', 'bond0']);
  const t1 = Date.now();
  await lab.run(['systemctl', 'restart', 'systemd-networkd']);
  const want = byMac.map((d) => (d === 'eth0' ? 'end0' : 'wlp0s9'));
  r.reformed = await lab
    .waitFor(`bond0 with ${want.join(', ')} enslaved`, () => want.every((d) => slavesOf(lab).includes(d)), { timeoutMs: 30_000 })
    .then(
      () => true,
      () => false,
    );
  r.reformedMs = Date.now() - t1;
  await lab.sleep(2000); // anything else networkd enslaves arrives within this
  r.slavesAfter = slavesOf(lab);
  r.wifiAfter = await lab.state.wifiState('wlp0s9');
  // apply's preflight names the rename the same way (unit-tested; a dry run here cost 18 s of guest time).
  r.check = await lab.bondify(['check', '--config', config]).then((x) => ({ code: x.code, out: x.stdout }));
  r.seconds = (Date.now() - t0) / 1000;
  return r;
}
