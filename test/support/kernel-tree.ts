// Builds a fake /proc + /sys for the reference bond (bond0 = eth0 primary + wlan0, active-backup, fail_over_mac
// active), written in the 6.1 kernel's format. Hand-made, modelled on the lab notes' 6.1 header and the real
// captures in test/fixtures/proc-bonding; it is test scaffolding, not a capture.
import { populate } from './fixtures.js';

export interface LinkSpec {
  mii: 'up' | 'down' | 'going down' | 'going back';
  failures: number;
  mac: string;
}
export interface TreeSpec {
  active: string | null;
  primary?: string | null;
  mode?: string;
  bondMii?: 'up' | 'down';
  links: Record<string, LinkSpec>;
}

export const REF_LINKS = (): Record<string, LinkSpec> => ({
  eth0: { mii: 'up', failures: 0, mac: 'b8:27:eb:00:00:01' },
  wlan0: { mii: 'up', failures: 0, mac: 'b8:27:eb:00:00:02' },
});

export function procText(s: TreeSpec): string {
  const mode = s.mode ?? 'fault-tolerance (active-backup) (fail_over_mac active)';
  const primary = s.primary === undefined ? 'eth0' : s.primary;
  const head = [
    'Ethernet Channel Bonding Driver: v6.1.0-28-amd64',
    '',
    `Bonding Mode: ${mode}`,
    `Primary Slave: ${primary === null ? 'None' : `${primary} (primary_reselect always)`}`,
    `Currently Active Slave: ${s.active ?? 'None'}`,
    `MII Status: ${s.bondMii ?? (s.active ? 'up' : 'down')}`,
    'MII Polling Interval (ms): 100',
    'Up Delay (ms): 200',
    'Down Delay (ms): 0',
    'Peer Notification Delay (ms): 0',
  ];
  const slaves = Object.entries(s.links).flatMap(([name, l]) => [
    '',
    `Slave Interface: ${name}`,
    `MII Status: ${l.mii}`,
    l.mii === 'up' ? 'Speed: 1000 Mbps' : 'Speed: Unknown',
    l.mii === 'up' ? 'Duplex: full' : 'Duplex: Unknown',
    `Link Failure Count: ${l.failures}`,
    `Permanent HW addr: ${l.mac}`,
    'Slave queue ID: 0',
  ]);
  return [...head, ...slaves, ''].join('\n');
}

/** Writes /proc/net/bonding/bond0 and the matching sysfs files under kernelRoot. */
export function writeKernel(kernelRoot: string, s: TreeSpec, opts: { proc?: boolean; sysfs?: boolean } = {}): void {
  const files: Record<string, string> = {};
  if (opts.proc !== false) files['/proc/net/bonding/bond0'] = procText(s);
  if (opts.sysfs !== false) {
    const b = '/sys/class/net/bond0/bonding';
    const primary = s.primary === undefined ? 'eth0' : s.primary;
    Object.assign(files, {
      [`${b}/mode`]: 'active-backup 1\n',
      [`${b}/fail_over_mac`]: 'active 1\n',
      [`${b}/primary`]: `${primary ?? ''}\n`,
      [`${b}/primary_reselect`]: 'always 0\n',
      [`${b}/active_slave`]: `${s.active ?? ''}\n`,
      [`${b}/mii_status`]: `${s.bondMii ?? (s.active ? 'up' : 'down')}\n`,
      [`${b}/miimon`]: '100\n',
      [`${b}/updelay`]: '200\n',
      [`${b}/downdelay`]: '0\n',
      [`${b}/arp_interval`]: '0\n',
      [`${b}/arp_ip_target`]: '\n',
      [`${b}/slaves`]: `${Object.keys(s.links).join(' ')}\n`,
    });
    for (const [name, l] of Object.entries(s.links)) {
      const d = `/sys/class/net/bond0/lower_${name}/bonding_slave`;
      Object.assign(files, {
        [`${d}/mii_status`]: `${l.mii}\n`,
        [`${d}/link_failure_count`]: `${l.failures}\n`,
        [`${d}/perm_hwaddr`]: `${l.mac}\n`,
        [`${d}/state`]: name === s.active ? 'active\n' : 'backup\n',
        [`/sys/class/net/${name}/speed`]: l.mii === 'up' ? '1000\n' : '-1\n',
        [`/sys/class/net/${name}/duplex`]: l.mii === 'up' ? 'full\n' : 'unknown\n',
      });
    }
  }
  populate(kernelRoot, files);
}
