// Guest-side readers of real kernel state: addresses, carrier, wifi association, the bond, pings.
import fs from 'node:fs';

export function state(lab) {
  const q = { quiet: true };
  const s = {
    /** IPv4 "addr/prefix" strings on dev (empty if the device is missing). */
    async ipv4(dev, ns) {
      const r = await lab.run([...(ns ? ['ip', '-n', ns] : ['ip']), '-j', 'addr', 'show', 'dev', dev], q);
      if (r.code !== 0) return [];
      const [link] = JSON.parse(r.stdout || '[]');
      return (link?.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
    },
    /** true/false from /sys carrier, null when the device is absent or down. */
    carrier(dev) {
      try {
        return fs.readFileSync(`/sys/class/net/${dev}/carrier`, 'utf8').trim() === '1';
      } catch {
        return null;
      }
    },
    exists: (dev) => fs.existsSync(`/sys/class/net/${dev}`),
    /** wpa_supplicant's view: COMPLETED when associated and keys are in place. */
    async wifiState(dev = 'wlan0') {
      const r = await lab.run(['wpa_cli', '-i', dev, 'status'], q);
      return /^wpa_state=(\S+)/m.exec(r.stdout)?.[1] ?? null;
    },
    bonding: (name = 'bond0') => lab.readFile(`/proc/net/bonding/${name}`),
    activeSlave(name = 'bond0') {
      return /^Currently Active Slave: (\S+)/m.exec(s.bonding(name) ?? '')?.[1] ?? null;
    },
    /** One ping (1 s deadline); from the device, optionally bound to dev, or from inside namespace ns. */
    async ping(target, { dev, ns, timeoutS = 1 } = {}) {
      const argv = ['ping', '-c', '1', '-W', String(timeoutS), ...(dev ? ['-I', dev] : []), target];
      const r = await lab.run(ns ? ['ip', 'netns', 'exec', ns, ...argv] : argv, q);
      return r.code === 0;
    },
    /** The standard method is up: both addresses, wifi associated, gateway answering on both links. With the stock
     * Arch DHCP files (lib/standard.mjs) any lease from the router's pool on each link will do. */
    async standardReady() {
      if (lab.readFile('/run/bondify-lab/standard')?.trim() === 'arch-dhcp') {
        const leased = (a) => a.some((x) => /^192\.168\.1\.\d+\/24$/.test(x));
        return (
          leased(await s.ipv4('eth0')) &&
          leased(await s.ipv4('wlan0')) &&
          (await s.wifiState()) === 'COMPLETED' &&
          (await s.ping('192.168.1.1', { dev: 'eth0' })) &&
          (await s.ping('192.168.1.1', { dev: 'wlan0' }))
        );
      }
      return (
        (await s.ipv4('eth0')).includes('192.168.1.252/24') &&
        (await s.ipv4('wlan0')).includes('192.168.1.25/24') &&
        (await s.wifiState()) === 'COMPLETED' &&
        (await s.ping('192.168.1.1', { dev: 'eth0' })) &&
        (await s.ping('192.168.1.1', { dev: 'wlan0' }))
      );
    },
  };
  return s;
}
