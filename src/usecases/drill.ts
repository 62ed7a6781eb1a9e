// `bondify drill`: make the backup active on a live bond, measure what it carries, and put the primary back — with a
// guard timer armed before the switch that puts the primary back by itself if this process dies. The numbers are
// made in observe/drill-probe.ts and judged in observe/drill-report.ts; this file only sequences the I/O.
import type { Host } from '../system/host.js';
import type { Report } from '../system/process.js';
import { tryRun } from '../system/process.js';
import { kernelPathExists, readText, writeFileAtomic } from '../system/fs.js';
import { readKernelFile } from '../system/kernel-read.js';
import { readPowerSave, readWifiLink } from '../system/wifi.js';
import { readBondState } from '../observe/read-state.js';
import { holdStats, parsePing, silenceMs, type ProbeRun } from '../observe/drill-probe.js';
import { drillProm, likelyCauses, SLOW_MS, verdict, type DrillFacts, type DrillResult } from '../observe/drill-report.js';
import { activeSlaveArgv, armDrillGuard, disarmDrillGuard } from '../networkd/drill-guard.js';
import { BondifyError } from '../errors.js';

export interface DrillOptions {
  bond: string;
  /** Seconds on the backup. */
  holdS: number;
  /** The gateway to probe; default: the bond's default route. */
  gateway?: string;
  slowMs?: number;
  /** Absolute path of the textfile metrics to write (atomically), whatever the result. */
  prom?: string;
}

/** A drill that ran has facts; one refused before anything changed has the reason. */
export type DrillOutcome =
  { result: DrillResult; facts: DrillFacts; refusal: null } | { result: 'unhealthy' | 'unknown'; facts: null; refusal: string };

/** Probe interval, and how long a switch may stay silent before the drill calls it dead and goes back. */
export const PROBE_INTERVAL_MS = 10;
export const SILENCE_LIMIT_S = 2;
/** The guard fires this long after the planned end of the drill (baseline, two switches, the hold). */
const GUARD_MARGIN_S = 8;

const pingArgv = (bond: string, gateway: string, extra: string[]): string[] => [
  'ping',
  '-D',
  '-n',
  '-i',
  String(PROBE_INTERVAL_MS / 1000),
  ...extra,
  '-I',
  bond,
  gateway,
];

async function probe(host: Host, bond: string, gateway: string, extra: string[], timeoutMs: number): Promise<ProbeRun> {
  return parsePing((await tryRun(host, pingArgv(bond, gateway, extra), timeoutMs)).stdout);
}

/** The first answer after a switch, waiting at most the silence limit: ping stops at its first reply. */
const firstAnswer = (host: Host, bond: string, gw: string) => probe(host, bond, gw, ['-c', '1', '-w', String(SILENCE_LIMIT_S)], 10_000);

const refuse = (result: 'unhealthy' | 'unknown', refusal: string): DrillOutcome => ({ result, facts: null, refusal });

async function defaultGateway(host: Host, bond: string): Promise<string | null> {
  const r = await tryRun(host, ['ip', '-4', 'route', 'show', 'default', 'dev', bond], 5000);
  return /^default via (\S+)/m.exec(r.stdout)?.[1] ?? null;
}

const carrier = (host: Host, link: string) => readKernelFile(host.kernelRoot, `/sys/class/net/${link}/carrier`)?.trim() === '1';
const isWireless = (host: Host, link: string) =>
  kernelPathExists(host.kernelRoot, `/sys/class/net/${link}/wireless`) ||
  kernelPathExists(host.kernelRoot, `/sys/class/net/${link}/phy80211`);

/** A MAC setting in the backup's wpa_supplicant config that would give the wifi another address than the bond's. */
function wpaMacSetting(host: Host, link: string): string | null {
  const text = readText(host.root, `/etc/wpa_supplicant/wpa_supplicant-${link}.conf`) ?? '';
  return /^\s*((?:preassoc_)?mac_addr=[12])\s*$/m.exec(text)?.[1] ?? null;
}

export async function runDrill(host: Host, o: DrillOptions, report: Report): Promise<DrillOutcome> {
  const startedAt = host.now();
  const out = await drill(host, o, startedAt, report);
  if (o.prom !== undefined) {
    const f = out.facts;
    writeFileAtomic(host.root, o.prom, drillProm(o.bond, out.result, startedAt, f?.failoverMs ?? null, f?.failbackMs ?? null), {
      mode: 0o644,
    });
  }
  return out;
}

async function drill(host: Host, o: DrillOptions, startedAt: Date, report: Report): Promise<DrillOutcome> {
  if (!host.live) throw new BondifyError('usage', 'drill switches the running bond and has no --root', { fix: 'run it on the device' });
  if (!host.isRoot()) throw new BondifyError('noperm', 'drill switches the active slave and needs root', { fix: 'sudo bondify drill' });
  // Preflight: nothing changes unless the bond is healthy, on its primary, and its backup could carry traffic.
  const state = readBondState(host, { bond: o.bond });
  if (state.mode !== 'active-backup')
    return refuse('unknown', `${o.bond} is ${state.mode}, not active-backup: there is no backup to drill`);
  const primary = state.primary;
  if (primary === null) return refuse('unknown', `${o.bond} has no primary: the drill would not know where to return`);
  if (state.activeSlave !== primary)
    return refuse('unhealthy', `${o.bond} is not on its primary ${primary} (active: ${state.activeSlave ?? 'none'}); drill a healthy bond`);
  const backup = state.slaves.find((s) => s.name !== primary && s.miiStatus === 'up')?.name ?? null;
  if (backup === null) return refuse('unhealthy', `${o.bond} has no backup slave up beside ${primary}`);
  if (!carrier(host, backup)) return refuse('unhealthy', `the backup ${backup} has no carrier`);
  const wireless = isWireless(host, backup);
  if (wireless) {
    const link = await readWifiLink(host, backup);
    if (link === null)
      return refuse('unknown', `cannot tell whether ${backup} is associated (iw dev ${backup} link failed: is iw installed?)`);
    if (!link.associated) return refuse('unhealthy', `the backup ${backup} is not associated to an access point`);
  }
  const gateway = o.gateway ?? (await defaultGateway(host, o.bond));
  if (gateway === null) return refuse('unknown', `no default route through ${o.bond}: give the address to probe with --gateway`);
  report(`baseline: probing ${gateway} through ${o.bond} on ${primary} every ${PROBE_INTERVAL_MS} ms`);
  const base = await probe(host, o.bond, gateway, ['-c', '50', '-w', '3'], 10_000);
  if (base.replyTimesMs.length === 0)
    return refuse('unhealthy', `${gateway} does not answer through ${o.bond} on ${primary}: nothing to compare with`);

  const facts: DrillFacts = {
    bond: o.bond,
    primary,
    backup,
    gateway,
    startedAt,
    baseline: { sent: base.sent, received: base.replyTimesMs.length },
    failoverMs: null,
    hold: null,
    wifi: null,
    failbackMs: null,
    activeAtEnd: null,
    causes: [],
    slowMs: o.slowMs ?? SLOW_MS,
  };
  // The guard first: from here on a dead drill still ends on the primary.
  await armDrillGuard(host, o.bond, primary, 2 * SILENCE_LIMIT_S + o.holdS + GUARD_MARGIN_S, report);
  const toPrimary = async (): Promise<void> => {
    report(`  $ ${activeSlaveArgv(o.bond, primary).join(' ')}`);
    await tryRun(host, activeSlaveArgv(o.bond, primary), 10_000);
    const at = host.now().getTime();
    facts.failbackMs = silenceMs(await firstAnswer(host, o.bond, gateway), at);
    facts.activeAtEnd = readBondState(host, { bond: o.bond }).activeSlave;
  };
  try {
    report(`  $ ${activeSlaveArgv(o.bond, backup).join(' ')}`);
    const sw = await tryRun(host, activeSlaveArgv(o.bond, backup), 10_000);
    if (sw.exitCode !== 0) throw new BondifyError('unavailable', `the kernel refused ${backup} as the active slave: ${sw.stderr.trim()}`);
    // ping -D stamps its replies with the wall clock, so the switch is stamped with it too: a silence is the
    // difference of two wall readings seconds apart (every wait itself is ping's own -w).
    const switchedAt = host.now().getTime();
    const first = await firstAnswer(host, o.bond, gateway);
    facts.failoverMs = silenceMs(first, switchedAt);
    if (facts.failoverMs === null) {
      // Silent for the whole limit: back at once, then read what the configuration says about why.
      report(`no answer through ${backup} within ${SILENCE_LIMIT_S} s: back to ${primary}`);
      await toPrimary();
      facts.wifi = wireless ? await readWifiLink(host, backup) : null;
      facts.causes = likelyCauses({
        backup,
        failOverMac: state.failOverMac,
        powerSave: wireless ? await readPowerSave(host, backup) : 'unknown',
        wifi: facts.wifi,
        wpaMacSetting: wireless ? wpaMacSetting(host, backup) : null,
      });
    } else {
      report(`on ${backup} after ${facts.failoverMs} ms; holding ${o.holdS} s`);
      const held = await probe(host, o.bond, gateway, ['-w', String(o.holdS)], (o.holdS + 10) * 1000);
      const heldTo = host.now().getTime();
      facts.hold = {
        seconds: o.holdS,
        ...holdStats(held, first.replyTimesMs[0] ?? switchedAt, heldTo),
        activeAtEnd: readBondState(host, { bond: o.bond }).activeSlave,
      };
      facts.wifi = wireless ? await readWifiLink(host, backup) : null;
      await toPrimary();
    }
  } catch (e) {
    // Whatever failed, the primary goes back now (the guard stays armed unless that worked).
    await tryRun(host, activeSlaveArgv(o.bond, primary), 10_000);
    if (readBondState(host, { bond: o.bond }).activeSlave === primary) await disarmDrillGuard(host, report);
    throw e;
  }
  // The guard is disarmed only once the kernel says the primary is active; otherwise it fires as planned.
  if (facts.activeAtEnd === primary) await disarmDrillGuard(host, report);
  else report(`! ${o.bond} is not back on ${primary} (active: ${facts.activeAtEnd ?? 'none'}); the guard timer stays armed`);
  return { result: verdict(facts), facts, refusal: null };
}
