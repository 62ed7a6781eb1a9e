// Is the device back on the files the revert restored? The bond is gone, every former slave is free and carries
// the addresses its restored .network file gives it, and the gateway answers through each of them.
import type { BondModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import { kernelPathExists } from '../system/fs.js';
import { findConflicts } from '../networkd/conflicts.js';
import { values } from '../networkd/unit-file.js';
import { linkAddresses, linkHint, mismatch, pingVia, retryUntil } from './verify.js';
import { tryRun } from '../system/process.js';
import { canonicalCidr } from '../config/ip.js';

export interface LinkExpect {
  name: string;
  /** The file networkd will use for it, null when none matches. */
  file: string | null;
  addresses: string[];
  gateway: string | null;
  dhcp: boolean;
}

/** What each former slave should look like, from the first file (networkd's order) that matches it now. */
export function standardExpectations(root: string, m: BondModel): LinkExpect[] {
  const files = findConflicts(root, m).conflicts.filter((c) => c.path.endsWith('.network'));
  return m.slaves.map((s) => {
    // A file with match keys bondify cannot evaluate (e.g. 80-wifi-adhoc.network: WLANInterfaceType=ad-hoc) may
    // well not apply; a certain match wins over it.
    const hits = files.filter((c) => c.matches.includes(s.name));
    const f = hits.find((c) => c.uncertain.length === 0) ?? hits[0];
    if (f === undefined) return { name: s.name, file: null, addresses: [], gateway: null, dhcp: false };
    const u = f.unit; // drop-ins applied, as networkd reads it
    const addresses = [...values(u, 'Network', 'Address'), ...values(u, 'Address', 'Address')];
    const gateway = values(u, 'Network', 'Gateway')[0] ?? values(u, 'Route', 'Gateway')[0] ?? null;
    const dhcp = /^(yes|true|ipv4|both)$/i.test(values(u, 'Network', 'DHCP')[0] ?? '');
    return { name: s.name, file: f.path, addresses, gateway, dhcp };
  });
}

export async function inspectStandard(host: Host, bond: string, links: LinkExpect[]): Promise<string[]> {
  const out: string[] = [];
  if (kernelPathExists(host.kernelRoot, `/sys/class/net/${bond}`)) out.push(mismatch(bond, 'absent', 'present'));
  for (const l of links) {
    if (kernelPathExists(host.kernelRoot, `/sys/class/net/${l.name}/master`))
      out.push(mismatch(`${l.name}.master`, 'none', 'still enslaved'));
    // The restored file may spell an address differently from the kernel (FD00:0::9 is fd00::9): compare values.
    const have = (await linkAddresses(host, l.name)).map(canonicalCidr);
    for (const a of l.addresses)
      if (!have.includes(canonicalCidr(a))) out.push(mismatch(`${l.name}.address`, a, have.length ? have.join(', ') : 'none'));
    if (l.dhcp && !have.some((a) => a.includes('.'))) out.push(mismatch(`${l.name}.address`, 'a DHCP lease', 'none'));
  }
  if (out.length > 0) return out;
  for (const l of links) {
    if (l.gateway !== null && !(await pingVia(host, l.name, l.gateway))) {
      const hint = await linkHint(host, l.name, l.gateway);
      out.push(mismatch(`gateway ${l.gateway}`, `answers through ${l.name}`, hint ? `no answer (${hint})` : 'no answer'));
      // Two links in one subnet answer ARP for each other's address (the kernel's default), so the gateway may still
      // send this link's replies to the other link's MAC, while this side's entry for the gateway stays REACHABLE and
      // never asks again (the lab's rollback waited out 60 s so). Forgetting the gateway here makes the next ping
      // send an ARP request from this link, which tells the gateway the right MAC.
      await tryRun(host, ['ip', 'neigh', 'del', l.gateway, 'dev', l.name], 5_000);
    }
  }
  return out;
}

export const verifyStandard = (host: Host, bond: string, links: LinkExpect[], timeoutMs: number, intervalMs?: number) =>
  retryUntil(() => inspectStandard(host, bond, links), timeoutMs, intervalMs);

/** Each link and the addresses it should come back with, for rollback's verify line. */
export const describeLinks = (links: LinkExpect[]): string =>
  links.map((l) => `${l.name} ${l.addresses.join(', ') || (l.dhcp ? 'DHCP' : 'no address')}`).join('; ');
