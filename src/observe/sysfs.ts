// Reads a bond from sysfs (/sys/class/net/<bond>/bonding/*, lower_<slave>/bonding_slave/*) under Host.kernelRoot.
import type { Host } from '../system/host.js';
import { readKernelFile } from '../system/kernel-read.js';
import { shortModeName } from './modes.js';
import * as v from './proc-values.js';
import type { BondState, SlaveState } from './types.js';
import { readSettings } from './settings-read.js';

const read = (host: Host, p: string): string | undefined => readKernelFile(host.kernelRoot, p)?.trim();

function readSlave(host: Host, bond: string, name: string): SlaveState {
  // lower_<slave> exists since 4.x; older kernels only have /sys/class/net/<slave>/bonding_slave.
  const lower = `/sys/class/net/${bond}/lower_${name}/bonding_slave`;
  const base = read(host, `${lower}/mii_status`) !== undefined ? lower : `/sys/class/net/${name}/bonding_slave`;
  const speed = v.int(read(host, `/sys/class/net/${name}/speed`));
  return {
    name,
    miiStatus: v.slaveMii(read(host, `${base}/mii_status`)),
    speedMbps: speed === null ? null : v.speed(`${speed} Mbps`),
    duplex: v.duplex(read(host, `/sys/class/net/${name}/duplex`)),
    linkFailures: v.int(read(host, `${base}/link_failure_count`)),
    permHwAddr: v.mac(read(host, `${base}/perm_hwaddr`)),
    aggregatorId: v.int(read(host, `${base}/ad_aggregator_id`)),
  };
}

/** The bond as sysfs shows it; null when /sys/class/net/<bond>/bonding does not exist (not a bond, or no such link). */
export function readSysfsBond(host: Host, bond: string): BondState | null {
  const dir = `/sys/class/net/${bond}/bonding`;
  const mode = shortModeName(read(host, `${dir}/mode`) ?? '');
  if (mode === null) return null;
  const f = (name: string) => read(host, `${dir}/${name}`);
  const slaves = (f('slaves') ?? '').split(/\s+/).filter(Boolean);
  const settings = readSettings((row) => f(row.kernel.sysfs));
  return {
    bond,
    mode,
    ...settings,
    // sysfs prints fail_over_mac for every mode; it only means something in active-backup.
    failOverMac: mode === 'active-backup' ? settings.failOverMac : null,
    primary: v.text(f('primary')),
    primaryReselect: v.text(f('primary')) === null ? null : settings.primaryReselect,
    activeSlave: v.text(f('active_slave')),
    miiStatus: v.bondMii(f('mii_status')),
    slaves: slaves.map((s) => readSlave(host, bond, s)),
    driver: null,
    sources: ['sysfs'],
    notes: [],
  };
}
