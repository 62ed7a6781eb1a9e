// Is the bond what the config says, and does it carry traffic? One look (`inspectBond`) lists every problem as
// "bond0.mode: desired active-backup, current balance-rr"; `verifyBond` retries that until a deadline. The bond is
// read and compared by observe (read-state.ts, compare.ts), as `check` does; this file adds what is about the
// links: an active slave, the addresses, the default route and the gateway answering.
import type { BondModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import { compare } from '../observe/compare.js';
import { desiredFromModel } from '../observe/desired.js';
import { tryReadBondState } from '../observe/read-state.js';
import { readKernelFile } from '../system/kernel-read.js';
import { sleep, tryRun } from '../system/process.js';
import { monotonicMs } from '../system/clock.js';

export const mismatch = (what: string, desired: string, current: string) => `${what}: desired ${desired}, current ${current}`;

interface IpAddr {
  ifname?: string;
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number; scope?: string; dynamic?: boolean }>;
}
interface IpRoute {
  dst?: string;
  gateway?: string;
  dev?: string;
}

function json<T>(text: string): T[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

/** Global addresses on a link as CIDRs ("192.168.1.252/24"), [] when the link is gone. */
export async function linkAddresses(host: Host, dev: string): Promise<string[]> {
  return (await linkAddressInfo(host, dev)).map((a) => a.cidr);
}

/** The same, with each address's family and whether a server gave it (a DHCP lease, an RA: `dynamic`). */
export async function linkAddressInfo(host: Host, dev: string): Promise<Array<{ cidr: string; v6: boolean; dynamic: boolean }>> {
  const r = await tryRun(host, ['ip', '-j', 'addr', 'show', 'dev', dev]);
  if (r.exitCode !== 0) return [];
  return json<IpAddr>(r.stdout).flatMap((l) =>
    (l.addr_info ?? [])
      .filter((a) => a.scope !== 'link' && a.scope !== 'host')
      .map((a) => ({ cidr: `${a.local}/${a.prefixlen}`, v6: a.family === 'inet6', dynamic: a.dynamic === true })),
  );
}

export async function defaultRoutes(host: Host, family: 4 | 6 = 4): Promise<IpRoute[]> {
  // `ip route` lists the IPv4 table only: an IPv6 gateway's default route is in the -6 one.
  const r = await tryRun(host, ['ip', '-j', ...(family === 6 ? ['-6'] : []), 'route', 'show', 'default']);
  return r.exitCode === 0 ? json<IpRoute>(r.stdout) : [];
}

interface IpNeigh {
  lladdr?: string;
  state?: string[];
}

/**
 * Why a gateway may not answer through a link, for the message: the link's operstate and the kernel's neighbour
 * entry for the gateway on it. A FAILED or INCOMPLETE entry means no ARP answer came back on that link (the lab's
 * "gateway gone" fault shows it); a REACHABLE one means the gateway answered ARP there lately, so the ping's reply
 * was lost elsewhere: perhaps sent to the other link's MAC (two links in one subnet) or never sent (ICMP filtered),
 * which the lab has not shown. "" when neither can be read.
 */
export async function linkHint(host: Host, dev: string, target: string): Promise<string> {
  const parts: string[] = [];
  try {
    const op = readKernelFile(host.kernelRoot, `/sys/class/net/${dev}/operstate`)?.trim();
    if (op) parts.push(`${dev} ${op}`);
  } catch {
    // An unreadable operstate only leaves the hint shorter.
  }
  const r = await tryRun(host, ['ip', '-j', 'neigh', 'show', 'dev', dev, 'to', target]);
  // `to` already selects the entry; dst may spell an IPv6 address differently from the config.
  const n = r.exitCode === 0 ? json<IpNeigh>(r.stdout)[0] : undefined;
  if (r.exitCode === 0)
    parts.push(
      n
        ? `neighbour ${target} ${(n.state ?? []).join(',') || '?'}${n.lladdr ? ` at ${n.lladdr}` : ''}`
        : `no neighbour entry for ${target}`,
    );
  return parts.join('; ');
}

export async function pingVia(host: Host, dev: string, target: string): Promise<boolean> {
  return (await tryRun(host, ['ping', '-c1', '-W1', '-I', dev, target], 5_000)).exitCode === 0;
}

const list = (xs: readonly string[]) => (xs.length === 0 ? 'none' : xs.join(', '));

/** Everything that differs from the config right now; [] means healthy. */
export async function inspectBond(host: Host, m: BondModel, ping = true): Promise<string[]> {
  const b = m.name;
  const { state: s, error } = tryReadBondState(host, { bond: b });
  if (error !== null) return [mismatch(b, 'readable bonding state', error)];
  const out = compare(desiredFromModel(m), s).map((x) => x.text);
  if (s === null) return out;
  const want = m.slaves.map((x) => x.name);
  if (s.activeSlave === null) out.push(mismatch(`${b}.active_slave`, `one of ${list(want)}`, 'none'));
  const info = await linkAddressInfo(host, b);
  const have = info.map((a) => a.cidr);
  for (const a of m.network.addresses) if (!have.includes(a)) out.push(mismatch(`${b}.address`, a, list(have)));
  // A dynamic family is healthy once its server answered: an address of that family beyond the config's static
  // ones. Not ip's `dynamic` flag: the lab showed iproute2 6.1's JSON without it, and KeepConfiguration=dhcp
  // (dhcp_identity = stable) makes networkd add the leased address without a lifetime.
  const extra = info.filter((a) => !m.network.addresses.includes(a.cidr));
  if (m.network.ipv4 === 'dhcp' && !extra.some((a) => !a.v6))
    out.push(mismatch(`${b}.ipv4`, 'an address from a DHCP lease (ipv4 = dhcp)', list(have)));
  if (m.network.ipv6 === 'ra' && !extra.some((a) => a.v6))
    out.push(mismatch(`${b}.ipv6`, 'an address from a router advertisement (ipv6 = ra)', list(have)));
  for (const n of want) {
    // Link-local IPv6 is every link's own; anything global on a slave (a lease, SLAAC) is a stray address.
    const stray = await linkAddresses(host, n);
    if (stray.length > 0) out.push(mismatch(`${n}.address`, 'none (a slave carries no address)', list(stray)));
  }
  const gw = m.network.gateway;
  if (gw !== null) {
    const routes = await defaultRoutes(host, gw.includes(':') ? 6 : 4);
    const via = (r: IpRoute) => `via ${r.gateway ?? '-'} dev ${r.dev ?? '-'}`;
    if (!routes.some((r) => r.dev === b && r.gateway === gw))
      out.push(mismatch('default route', `via ${gw} dev ${b}`, list(routes.map(via))));
    const others = routes.filter((r) => r.dev !== undefined && want.includes(r.dev));
    if (others.length > 0) out.push(mismatch('default route', `none on a slave`, list(others.map(via))));
    if (out.length === 0 && ping && !(await pingVia(host, b, gw))) out.push(mismatch(`gateway ${gw}`, `answers through ${b}`, 'no answer'));
  }
  return out;
}

/** A bond restored from an older config: present, with an active slave, and the gateway answering through it. */
export async function inspectBondUp(host: Host, bond: string, gateway: string | null): Promise<string[]> {
  const { state: s, error } = tryReadBondState(host, { bond });
  if (error !== null) return [mismatch(bond, 'readable bonding state', error)];
  if (s === null) return [mismatch(bond, 'present', 'absent')];
  if (s.activeSlave === null) return [mismatch(`${bond}.active_slave`, 'a slave', 'none')];
  if (gateway !== null && !(await pingVia(host, bond, gateway)))
    return [mismatch(`gateway ${gateway}`, `answers through ${bond}`, 'no answer')];
  return [];
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  elapsedMs: number;
  attempts: number;
}

/**
 * Retries `look` until it reports nothing or the time is up; the last problems are the ones reported. Timed on the
 * monotonic clock: a Pi has no RTC, and NTP stepping the wall clock during a DHCP wait must not end it or stretch it.
 */
export async function retryUntil(look: () => Promise<string[]>, timeoutMs: number, intervalMs = 500): Promise<VerifyResult> {
  const t0 = monotonicMs();
  let attempts = 0;
  for (;;) {
    attempts++;
    const problems = await look();
    const elapsedMs = monotonicMs() - t0;
    if (problems.length === 0) return { ok: true, problems, elapsedMs, attempts };
    if (elapsedMs + intervalMs > timeoutMs) return { ok: false, problems, elapsedMs, attempts };
    await sleep(intervalMs);
  }
}

export const verifyBond = (host: Host, m: BondModel, timeoutMs: number, intervalMs?: number) =>
  retryUntil(() => inspectBond(host, m), timeoutMs, intervalMs);
