// A link's permanent MAC from sysfs, without running anything (`bondify check` reads it every minute): an enslaved
// link shows it in bonding_slave/perm_hwaddr (the bond may have changed its address), any other link only when its
// address was never changed (addr_assign_type 0, NET_ADDR_PERM). A veth, a tap or a link whose MAC was set has none.
import type { Host } from './host.js';
import { listKernelDir, readKernelFile } from './kernel-read.js';
import { tryRun } from './process.js';

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
/** A MAC as sysfs prints it (lower case, colons). */
export const isMac = (s: string): boolean => MAC.test(s);
const ZERO = '00:00:00:00:00:00';

const read = (kernelRoot: string, p: string): string | null => {
  try {
    return readKernelFile(kernelRoot, p)?.trim().toLowerCase() ?? null;
  } catch {
    return null;
  }
};

/** The permanent MAC sysfs proves for ifname, or null (absent link, no permanent address, or not provable here). */
export function sysfsPermanentMac(kernelRoot: string, ifname: string): string | null {
  const dir = `/sys/class/net/${ifname}`;
  const enslaved = read(kernelRoot, `${dir}/bonding_slave/perm_hwaddr`);
  if (enslaved !== null) return MAC.test(enslaved) && enslaved !== ZERO ? enslaved : null;
  if (read(kernelRoot, `${dir}/addr_assign_type`) !== '0') return null;
  const address = read(kernelRoot, `${dir}/address`);
  return address !== null && MAC.test(address) && address !== ZERO ? address : null;
}

/** The device's links a .network file could configure: not lo, nor a bond or bridge (their own kind of device). */
export function listLinks(kernelRoot: string): string[] {
  return listKernelDir(kernelRoot, '/sys/class/net').filter(
    (n) =>
      n !== 'lo' &&
      n !== 'bonding_masters' &&
      read(kernelRoot, `/sys/class/net/${n}/ifindex`) !== null &&
      listKernelDir(kernelRoot, `/sys/class/net/${n}/bonding`).length === 0 &&
      listKernelDir(kernelRoot, `/sys/class/net/${n}/bridge`).length === 0,
  );
}

export const linkExists = (kernelRoot: string, ifname: string): boolean => read(kernelRoot, `/sys/class/net/${ifname}/ifindex`) !== null;

/** The link whose permanent MAC is mac (lower case), other than `except`; null when none shows it. */
export function linkWithPermanentMac(kernelRoot: string, mac: string, except?: string): string | null {
  for (const name of listKernelDir(kernelRoot, '/sys/class/net')) {
    if (name === except || name === 'bonding_masters') continue;
    if (sysfsPermanentMac(kernelRoot, name) === mac) return name;
  }
  return null;
}

/** sysfs first; then `ethtool -P` (the kernel's perm_addr, for a link whose address was changed since). */
export async function permanentMac(host: Host, ifname: string): Promise<string | null> {
  const fromSysfs = sysfsPermanentMac(host.kernelRoot, ifname);
  if (fromSysfs !== null || !linkExists(host.kernelRoot, ifname)) return fromSysfs;
  const r = await tryRun(host, ['ethtool', '-P', ifname], 5000);
  const mac = /Permanent address:\s*([0-9a-f:]{17})\s*$/im.exec(r.stdout)?.[1]?.toLowerCase() ?? null;
  return r.exitCode === 0 && mac !== null && MAC.test(mac) && mac !== ZERO ? mac : null;
}
