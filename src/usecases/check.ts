// One `bondify check` run through a Host: read config (cached) and state, judge, log events once, remember,
// write metrics. Pure judging lives in health.ts; this file only sequences the I/O.
import type { Host } from '../system/host.js';
import { readPathText } from '../system/read-files.js';
import { underRoot } from '../system/paths.js';
import { loadDesired } from '../observe/desired-load.js';
import { bondNameFromFile, tryReadBondState } from '../observe/read-state.js';
import { advance, parseMemory, STATE_FILE, type CheckEvent, type CheckMemory, type PowerSaveReading } from '../observe/check-memory.js';
import { evaluate, withProblem, type HealthInput } from '../observe/health.js';
import type { CheckOutcome } from '../observe/check-report.js';
import type { BondState } from '../observe/types.js';
import type { Desired } from '../observe/desired.js';
import { reusablePowerSave, slaveLinkReport, type SlaveLinkFacts } from '../observe/slave-links.js';
import { readKernelFile } from '../system/kernel-read.js';
import { linkExists, linkWithPermanentMac } from '../system/links.js';
import { readPowerSave } from '../system/wifi.js';
import { isoTime } from '../system/iso-time.js';
import { isBondifyError } from '../errors.js';
import { addressReport, readAddressFacts, type AddressReport } from '../observe/addresses.js';

export interface CheckOptions {
  bond?: string;
  bondingFile?: string;
  config?: string;
  ping: boolean;
  /** Absolute paths. */
  prom?: string;
  stateFile?: string;
  /** Read wifi power save with iw now, not the remembered reading (which is up to 10 min old). */
  fresh?: boolean;
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function ping(host: Host, bond: string, gateway: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const r = await host.exec(['ping', '-c', '1', '-W', '1', '-I', bond, gateway], { timeoutMs: 5000 });
    return { ok: r.exitCode === 0, detail: r.exitCode === 0 ? 'reply' : r.stderr.trim() || `no reply (ping exit ${r.exitCode})` };
  } catch (e) {
    return { ok: false, detail: `cannot run ping: ${errText(e)}` };
  }
}

/** Each event goes to syslog/the journal once: the state file remembers what was already seen. */
async function logEvents(host: Host, events: CheckEvent[], notes: string[]): Promise<void> {
  for (const e of events) {
    const priority = e.kind === 'failback' || e.kind === 'bond-back' ? 'daemon.notice' : 'daemon.warning';
    try {
      const r = await host.exec(['logger', '-t', 'bondify', '-p', priority, '--', e.message], { timeoutMs: 5000 });
      if (r.exitCode !== 0) notes.push(`logger failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
    } catch (err) {
      notes.push(`cannot log the event: ${errText(err)}`);
    }
  }
}

export async function runCheck(host: Host, o: CheckOptions): Promise<CheckOutcome> {
  const notes: string[] = [];
  // A saved file is not this host's bond: it never reads or moves the live memory, syslog or counters unless
  // --state names a memory for it (to follow a series of saved files).
  const statePath = o.stateFile ?? (o.bondingFile === undefined ? STATE_FILE : null);
  const saved = statePath === null ? null : readPathText(underRoot(host.root, statePath));
  if (saved && !saved.ok && saved.code !== 'ENOENT') notes.push(`previous run not read: ${saved.message}`);
  const memoryText = saved?.ok ? saved.text : null;
  // The writer (no symlinks, atomic) loads node:crypto: only imported when there is something to write.
  const write = async (target: string, content: string, mode: number, dirMode?: number) =>
    (await import('../system/fs.js')).writeFileAtomic(host.root, target, content, { mode, ...(dirMode ? { dirMode } : {}) });
  // The config (cached in the state file) names the bond, so its cache is read before the rest of the memory.
  const peek = memoryText === null ? null : safeJson(memoryText);
  const cfg = await loadDesired(host, o.config, peek?.config);
  if (cfg.note) notes.push(cfg.note);
  const named = o.bond ?? cfg.desired?.bond ?? null;
  let bond = named ?? (o.bondingFile ? bondNameFromFile(o.bondingFile) : null) ?? 'bond0';
  const { state, error } = tryReadBondState(host, { bond, bondingFile: o.bondingFile });
  // A file that is not a bonding status file (/etc/passwd) lends its name to nothing: not to the metrics' label.
  if (error !== null && named === null) bond = 'bond0';
  if (state) notes.push(...state.notes);
  if (statePath === null) notes.push('a saved file: no previous run compared or remembered (--state PATH follows a series of files)');
  const prev = parseMemory(memoryText, bond);
  const { events, rises, memory } = advance(prev, error === null ? state : null, bond, host.now());
  // Without a memory there is no count of failovers: unknown, not 0.
  let failoversTotal = statePath === null ? null : memory.failoversTotal;
  // A config describes its own bond only: another bond (--bond) is judged on its own, not against its settings.
  const desired = cfg.desired !== null && cfg.desired.bond === bond ? cfg.desired : null;
  if (cfg.desired !== null && desired === null)
    notes.push(`${bond} is not the configured bond (${cfg.desired.bond}): judged without the config`);
  let pinged: HealthInput['ping'] = null;
  if (o.ping) {
    const gw = desired?.gateway ?? null;
    if (gw === null) notes.push('--ping skipped: no gateway in the config');
    else if (state) pinged = { gateway: gw, ...(await ping(host, bond, gw)) };
  }
  let health = evaluate({ bond, state, desired, stateError: error, configError: cfg.error, rises, ping: pinged });
  // The links themselves are this host's: a saved bonding file says nothing about them.
  let powerSave: PowerSaveFacts | null = null;
  if (desired !== null && o.bondingFile === undefined) {
    const facts = await slaveLinkFacts(host, desired, state, prev?.powerSave ?? {}, o.fresh === true);
    powerSave = facts;
    const links = slaveLinkReport(facts);
    for (const p of links.problems) health = withProblem(health, p.level, p.message);
    notes.push(...links.notes);
  }
  // Dynamic addresses (a lease, RA addresses) are this host's too: read from files, judged against the last run.
  let addresses: AddressReport | null = null;
  let lease: { remainingS: number | null } | null = null;
  if (desired !== null && o.bondingFile === undefined && state !== null && (desired.ipv4 === 'dhcp' || desired.ipv6 === 'ra')) {
    const facts = readAddressFacts(host, bond);
    lease = facts.lease;
    addresses = addressReport(bond, desired, facts, prev?.addresses);
    for (const p of addresses.problems) health = withProblem(health, p.level, p.message);
  }
  let logged = events;
  if (error === null && statePath !== null) {
    const kept = await remember(
      host,
      { statePath, bond, state, memoryText, prev, events, next: memory, cache: cfg.cache, powerSave, addresses },
      notes,
    );
    logged = kept.events;
    if (kept.failoversTotal !== null) failoversTotal = kept.failoversTotal;
  }
  if (o.prom) {
    try {
      const { renderProm } = await import('../observe/prom.js');
      await write(
        o.prom,
        renderProm({
          bond,
          state,
          health,
          failoversTotal,
          stateError: error !== null,
          now: host.now(),
          ...(addresses !== null
            ? { addresses: { lease: lease !== null, leaseRemainingS: lease?.remainingS ?? null, changed: addresses.changed } }
            : {}),
        }),
        0o644,
      );
    } catch (e) {
      // Asked-for metrics that were not written are a failed check, not a footnote: a collector would read stale ones.
      health = withProblem(health, 'UNKNOWN', `metrics not written to ${o.prom}: ${errText(e)}`);
    }
  }
  return {
    bond,
    health,
    state,
    events: logged,
    notes,
    failoversTotal,
    checkedAt: host.now(),
    ...(powerSave ? { powerSave: powerSave.powerSave } : {}),
  };
}

type PowerSaveFacts = SlaveLinkFacts & { readings: Record<string, PowerSaveReading> };

interface Remember {
  statePath: string;
  bond: string;
  state: BondState | null;
  /** The memory as this run read it at its start, and what it made of it. */
  memoryText: string | null;
  prev: CheckMemory | null;
  events: CheckEvent[];
  next: CheckMemory;
  cache: CheckMemory['config'];
  powerSave: PowerSaveFacts | null;
  addresses: AddressReport | null;
}

/** What this run leaves in the memory: the advanced facts, the config cache, this run's power-save readings and addresses. */
function withRunFacts(m: CheckMemory, r: Remember): CheckMemory {
  const next: CheckMemory = { ...m, config: r.cache };
  // Only this run's links are remembered: a slave gone from the config or the kernel leaves no reading behind.
  if (r.powerSave !== null) {
    if (Object.keys(r.powerSave.readings).length > 0) next.powerSave = r.powerSave.readings;
    else delete next.powerSave;
  }
  if (r.addresses !== null) next.addresses = r.addresses.memory;
  return next;
}

const sameMemory = (a: CheckMemory | null, b: CheckMemory) =>
  a !== null && JSON.stringify({ ...a, changedAt: '' }) === JSON.stringify({ ...b, changedAt: '' });

/**
 * Logs this run's events and saves the memory, each event once. Two checks at once (the timer's and a monitoring
 * agent's) read the same memory and see the same failover: the read-modify-write runs under the memory's own lock,
 * and a memory another check changed meanwhile is read again and this run's view advanced from it, so what the
 * other logged and counted is not logged or counted again. Nothing changed, nothing logged: no lock, no write (the
 * every-minute run creates no file: SD cards wear). Returns the events this run logged and the count it left.
 */
async function remember(host: Host, r: Remember, notes: string[]): Promise<{ events: CheckEvent[]; failoversTotal: number | null }> {
  const first = withRunFacts(r.next, r);
  if (r.events.length === 0 && sameMemory(r.prev, first)) return { events: [], failoversTotal: r.next.failoversTotal };
  // Loaded only here: the lock and the writer (node:crypto) are for runs that have something to write.
  const [{ acquireLock }, { writeFileAtomic }] = await Promise.all([import('../system/lock.js'), import('../system/fs.js')]);
  let lock;
  try {
    lock = await acquireLock(host.root, 'check', { waitMs: 15_000, file: `${r.statePath}.lock`, monotonicMs: () => host.monotonicMs() });
  } catch (e) {
    if (isBondifyError(e) && e.kind === 'tempfail') {
      // Another check holds the memory far longer than a logger run and a write take: its run logs and counts.
      notes.push(`state not saved and events not logged, another check holds the memory: ${errText(e)}`);
      return { events: [], failoversTotal: null };
    }
    // A memory that cannot be written (its folder read-only): the events still reach the log, as without a lock.
    await logEvents(host, r.events, notes);
    notes.push(`state not saved (deltas and events need it): ${errText(e)}`);
    return { events: r.events, failoversTotal: r.next.failoversTotal };
  }
  try {
    const again = readPathText(underRoot(host.root, r.statePath));
    const nowText = again.ok ? again.text : null;
    let { events, next, prev } = { events: r.events, next: first, prev: r.prev };
    if (nowText !== r.memoryText) {
      prev = parseMemory(nowText, r.bond);
      const advanced = advance(prev, r.state, r.bond, host.now());
      events = advanced.events;
      next = withRunFacts(advanced.memory, r);
    }
    await logEvents(host, events, notes);
    try {
      if (!sameMemory(prev, next))
        writeFileAtomic(host.root, r.statePath, JSON.stringify(next, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
    } catch (e) {
      notes.push(`state not saved (deltas and events need it): ${errText(e)}`);
    }
    return { events, failoversTotal: next.failoversTotal };
  } finally {
    lock.release();
  }
}

const kernelText = (host: Host, p: string): string => {
  try {
    return readKernelFile(host.kernelRoot, p)?.trim() ?? '-';
  } catch {
    return '?';
  }
};

/** What must stay the same for a power-save reading to stand: the same link (ifindex), its carrier, its failures. */
function linkPrint(host: Host, slave: string, state: BondState | null): string {
  const failures = state?.slaves.find((s) => s.name === slave)?.linkFailures ?? '-';
  return `${kernelText(host, `/sys/class/net/${slave}/ifindex`)}/${kernelText(host, `/sys/class/net/${slave}/carrier`)}/${failures}`;
}

/**
 * Renamed slaves (by permanent MAC, from sysfs) and each configured wireless slave's power save: iw only when the
 * remembered reading is missing, older than 10 min, for a changed link, or --fresh (so most runs start no process).
 */
async function slaveLinkFacts(
  host: Host,
  d: Desired,
  state: BondState | null,
  remembered: Record<string, PowerSaveReading>,
  fresh: boolean,
): Promise<PowerSaveFacts> {
  const renamed: SlaveLinkFacts['renamed'] = [];
  for (const [from, mac] of Object.entries(d.slaveMacs ?? {})) {
    if (linkExists(host.kernelRoot, from)) continue;
    const to = linkWithPermanentMac(host.kernelRoot, mac);
    if (to !== null) renamed.push({ from, to, mac });
  }
  const powerSave: SlaveLinkFacts['powerSave'] = [];
  // Keyed by kernel interface names: no prototype, so a link called __proto__ is just a name.
  const readings: Record<string, PowerSaveReading> = Object.create(null) as Record<string, PowerSaveReading>;
  const now = host.now();
  for (const [name, want] of Object.entries(d.powerSave ?? {})) {
    const slave = linkExists(host.kernelRoot, name) ? name : renamed.find((r) => r.from === name)?.to;
    if (slave === undefined) continue;
    const link = linkPrint(host, slave, state);
    const kept = reusablePowerSave(
      typeof remembered === 'object' && remembered !== null && Object.hasOwn(remembered, slave) ? remembered[slave] : undefined,
      link,
      now,
      fresh,
    );
    const reading = kept ?? { have: await readPowerSave(host, slave), readAt: isoTime(now), link };
    readings[slave] = reading;
    const ageSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(reading.readAt)) / 1000));
    powerSave.push({ slave, want, have: reading.have, readAt: reading.readAt, ageSeconds, cached: kept !== null });
  }
  return { renamed, powerSave, readings };
}

function safeJson(text: string): { config?: { key: string; desired: unknown } } | null {
  try {
    return JSON.parse(text) as { config?: { key: string; desired: unknown } };
  } catch {
    return null;
  }
}
