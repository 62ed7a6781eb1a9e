// The bond link as apply and rollback need to know it before they act: whether a link of that name exists at all
// (anything by that name is in networkd's way), and, read by observe's one reader of the bond, its mode and
// fail_over_mac (which only a new link can change) and the links enslaved to it.
import type { BondLink } from '../networkd/control.js';
import { tryReadBondState } from '../observe/read-state.js';
import { kernelPathExists } from '../system/fs.js';
import type { Host } from '../system/host.js';

export function bondLink(host: Host, name: string): BondLink {
  if (!kernelPathExists(host.kernelRoot, `/sys/class/net/${name}`)) return { exists: false, mode: null, failOverMac: null, slaves: [] };
  const { state } = tryReadBondState(host, { bond: name });
  return {
    exists: true,
    mode: state?.mode ?? null,
    failOverMac: state?.failOverMac ?? null,
    slaves: state?.slaves.map((s) => s.name) ?? [],
  };
}
