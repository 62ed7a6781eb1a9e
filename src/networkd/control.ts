// Telling systemd-networkd about new files, and the kernel facts that decide whether the bond must be recreated.
import type { Host } from '../system/host.js';
import { kernelPathExists } from '../system/fs.js';
import { mustRun, tryRun, type Report } from '../system/process.js';
import { NETWORK_DIR, OWN_PREFIX, type Change } from '../model/planned-file.js';
import { readKernelFile } from '../system/kernel-read.js';
import { isMac } from '../system/links.js';

/** The systemd version networkctl reports ("systemd 252 (252.39-1~deb12u1)"), or null when it cannot say. */
export async function networkdVersion(host: Host): Promise<number | null> {
  const r = await tryRun(host, ['networkctl', '--version']);
  const m = /^systemd (\d+)/m.exec(r.stdout);
  return r.exitCode === 0 && m ? Number(m[1]) : null;
}

/**
 * The first networkd whose `networkctl reload` re-applies a changed .netdev to the existing bond: the settings
 * whose row in model/bond-settings.ts says appliedBy 'reload' (the MII timers, the reselect policy, the gratuitous
 * ARP count) take effect on the same link (same ifindex), which the lab's apply-257 scenario checks. An older networkd ignores the change until the link is deleted and created again.
 * Mode and fail_over_mac are never left to a reload (mustRecreate checks them on any version).
 */
export const REAPPLIES_NETDEV = 257;

export interface BondLink {
  exists: boolean;
  /** As observe reads them (usecases/bond-link.ts): the kernel's short names, null when it does not say. */
  mode: string | null;
  failOverMac: string | null;
  /** The links enslaved to it now, in the kernel's order. */
  slaves: string[];
}

/** Why an existing bond link must be deleted before networkd can create it as configured; null when it need not. */
export function mustRecreate(link: BondLink, want: { failOverMac: string }, netdevChanged: boolean, version: number | null): string | null {
  if (!link.exists) return null;
  if (link.mode !== 'active-backup') return `it exists in mode ${link.mode ?? 'unknown'}`;
  if (link.failOverMac !== want.failOverMac) return `it exists with fail_over_mac ${link.failOverMac ?? 'unknown'}`;
  if (netdevChanged && (version === null || version < REAPPLIES_NETDEV))
    return `networkd ${version ?? '(unknown version)'} does not re-apply a changed .netdev`;
  return null;
}

const macOf = (host: Host, link: string): string | null =>
  readKernelFile(host.kernelRoot, `/sys/class/net/${link}/address`)?.trim() ?? null;

/**
 * Deletes the bond, then gives back their own MAC to slaves that still carry the bond's. With fail_over_mac = none
 * (dhcp_identity = ethernet-mac) the bond gave every slave its MAC; on release the kernel sets the slave's old MAC
 * back while the slave is still up, which mac80211 refuses (EBUSY): the lab's wlan0 kept eth0's MAC after rollback,
 * two links answered for one MAC, and wlan0 got no lease. bondify finishes what the kernel meant: the MAC each
 * slave had when it was enslaved (bonding_slave/perm_hwaddr), read before the delete. A slave whose MAC the kernel
 * did restore is left alone.
 */
export async function deleteLink(host: Host, name: string, report: Report): Promise<void> {
  if (!kernelPathExists(host.kernelRoot, `/sys/class/net/${name}`)) return;
  const bondMac = macOf(host, name);
  const slaves = (readKernelFile(host.kernelRoot, `/sys/class/net/${name}/bonding/slaves`) ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => ({
      s,
      own: readKernelFile(host.kernelRoot, `/sys/class/net/${s}/bonding_slave/perm_hwaddr`)?.trim().toLowerCase() ?? null,
    }));
  await mustRun(host, ['ip', 'link', 'delete', name], `deleting ${name}`, report);
  for (const { s, own } of slaves) {
    const now = macOf(host, s);
    if (own === null || now === null || now !== bondMac || own === now || !isMac(own)) continue;
    report(`  ${s} still had ${name}'s MAC ${now}: its own ${own} back`);
    await mustRun(host, ['ip', 'link', 'set', 'dev', s, 'down'], `taking ${s} down to give it its MAC back`, report);
    await mustRun(host, ['ip', 'link', 'set', 'dev', s, 'address', own], `giving ${s} its MAC ${own} back`, report);
    await mustRun(host, ['ip', 'link', 'set', 'dev', s, 'up'], `bringing ${s} up`, report);
  }
}

/**
 * When the bond link is deleted while its slaves' .network files stay the same, networkd 252 keeps those files
 * bound to the deleted bond: `reload` + `reconfigure` leave the slaves "configuring" for ever. A restart re-reads
 * everything and enslaves them to the new link.
 */
export async function restartNetworkd(host: Host, report: Report): Promise<void> {
  await mustRun(host, ['systemctl', 'restart', 'systemd-networkd.service'], 'restarting systemd-networkd', report);
}

/**
 * The links to release from the bond after a reload: enslaved now, no longer among the configured slaves, and
 * losing their bondify slave file in this change. networkd does not release a link whose .network file goes away
 * (the lab's apply-core: wlan0 stayed enslaved after wlan0 → eth1, and verify refused "wlan0 not in the config").
 * A link enslaved by a file that is not bondify's is left alone, as compare reports it.
 */
export function droppedSlaves(enslaved: readonly string[], configured: readonly string[], changes: readonly Change[]): string[] {
  const removed = new Set(changes.filter((c) => c.action === 'remove').map((c) => c.path));
  return enslaved.filter((l) => !configured.includes(l) && removed.has(`${NETWORK_DIR}/${OWN_PREFIX}${l}.network`));
}

/** Takes each link out of the bond, then has networkd configure it by whatever .network file matches it now. */
export async function release(host: Host, bond: string, links: readonly string[], report: Report): Promise<void> {
  for (const l of links) {
    report(`  ${l} leaves ${bond}: it is no longer in the config`);
    await mustRun(host, ['ip', 'link', 'set', 'dev', l, 'nomaster'], `releasing ${l} from ${bond}`, report);
  }
  if (links.length > 0) await mustRun(host, ['networkctl', 'reconfigure', ...links], 'reconfiguring the released links', report);
}

/** `networkctl reload`, then `reconfigure` the given links so they pick up (or drop) their new .network files. */
export async function reload(host: Host, links: string[], report: Report): Promise<void> {
  await mustRun(host, ['networkctl', 'reload'], 'reloading systemd-networkd', report);
  const present = links.filter((l) => kernelPathExists(host.kernelRoot, `/sys/class/net/${l}`));
  if (present.length > 0) await mustRun(host, ['networkctl', 'reconfigure', ...present], 'reconfiguring the links', report);
}
