// Wireless detection from sysfs: cfg80211 devices have a `phy80211` link, old wireless-extensions ones `wireless`.
import type { Host } from '../system/host.js';
import { kernelPathExists } from '../system/fs.js';
import type { WirelessProbe } from './validate.js';

export function wirelessProbe(host: Host): WirelessProbe {
  // On an offline --root the local /sys describes this machine, not the target: only trust a kernelRoot that
  // was pointed somewhere on purpose (captures), or the live system.
  const trusted = host.live || host.kernelRoot !== '/';
  return (ifname) => {
    if (!trusted) return null;
    const dir = `/sys/class/net/${ifname}`;
    if (!kernelPathExists(host.kernelRoot, dir)) return null;
    return kernelPathExists(host.kernelRoot, `${dir}/phy80211`) || kernelPathExists(host.kernelRoot, `${dir}/wireless`);
  };
}
