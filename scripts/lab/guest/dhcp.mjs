// Guest-side: the router's DHCP server (guest/dhcp-server.sh) for scenarios: restart it as a plain pool or with a
// reservation, read its leases and log; and the device's global IPv6 addresses.
import fs from 'node:fs';
import path from 'node:path';

const DIR = '/run/bondify-lab/dhcp';
const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'dhcp-server.sh');

export function dhcp(lab) {
  return {
    /** (Re)start dnsmasq: a plain pool, or with 192.168.1.252 reserved for `reserveFor` (a MAC). */
    start: ({ reserveFor } = {}) => lab.run(['sh', SCRIPT, 'start', ...(reserveFor ? [reserveFor] : [])], { check: true }),
    stop: () => lab.run(['sh', SCRIPT, 'stop'], { check: true }),
    /** dnsmasq's leases: [{ expires, mac, ip, clientId }]. */
    leases() {
      const text = lab.readFile(path.join(DIR, 'leases')) ?? '';
      return text
        .split('\n')
        .filter((l) => /^\d+ /.test(l))
        .map((l) => {
          const [expires, mac, ip, , clientId] = l.split(' ');
          return { expires: Number(expires), mac, ip, clientId };
        });
    },
    /** dnsmasq's log lines after `fromLine` (DHCPNAK and "address reserved" show a refused renew). */
    logLines(fromLine = 0) {
      return (lab.readFile(path.join(DIR, 'dnsmasq.log')) ?? '').split('\n').filter(Boolean).slice(fromLine);
    },
    /** Global (not link-local) IPv6 "addr/prefix" on dev. */
    async ipv6(dev) {
      const r = await lab.run(['ip', '-j', '-6', 'addr', 'show', 'dev', dev, 'scope', 'global'], { quiet: true });
      if (r.code !== 0) return [];
      const [link] = JSON.parse(r.stdout || '[]');
      return (link?.addr_info ?? []).filter((a) => a.local).map((a) => `${a.local}/${a.prefixlen}`);
    },
    mac: (dev) => fs.readFileSync(`/sys/class/net/${dev}/address`, 'utf8').trim(),
  };
}
