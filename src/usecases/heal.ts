// `bondify check --heal`: after check has judged, repair what bondify itself can repair, under its own lock:
// finish an interrupted transaction (or an unconfirmed apply whose revert timer was lost) with the one way back
// (way-back.ts), or re-run the apply transaction when the kernel lost what the applied files say. Never for
// physical faults (only what compare.ts marks repairable), never from the built-in default config, never without root.
import { isBondifyError } from '../errors.js';
import { loadConfig } from '../config/index.js';
import { renderBond } from '../render/index.js';
import { compare } from '../observe/compare.js';
import { desiredFromModel } from '../observe/desired.js';
import { tryReadBondState } from '../observe/read-state.js';
import type { Host } from '../system/host.js';
import { kernelPathExists, lstatKind, readText } from '../system/fs.js';
import { acquireLock, type LockHandle } from '../system/lock.js';
import { STATE_DIR } from '../system/paths.js';
import { checkStateDirs } from '../store/state-dirs.js';
import { apply } from './apply.js';
import { ownFiles } from '../store/changes.js';
import { readJournal, type Journal } from '../store/journal.js';
import { revertTimeout } from './revert.js';
import { takeBack, wayBackError } from './way-back.js';
import { confirmWindowOver } from './confirm-deadline.js';
import { revertTimerActive } from '../networkd/revert-timer.js';

export interface HealOptions {
  /** --config as typed; undefined: /etc/bondify/bondify.ini under host.root (never the built-in default). */
  config?: string;
  /** Verification time of a re-apply (apply's --timeout). */
  timeoutMs: number;
  revertTimeoutMs?: number;
  /** How long to wait for a running apply/rollback: short, check is not the place to queue behind one. */
  lockWaitMs: number;
}

export interface HealResult {
  /** What this run repaired (logged once, shown as `healed: …`). */
  healed: string | null;
  /** It tried and the repair did not work (the message says what state was left). */
  failed: string | null;
  /** It could not even consider healing (no config, not root): the check reports at least UNKNOWN. */
  refused: string | null;
  /** Why nothing was done (`heal: …` lines). */
  notes: string[];
  /** Every progress line of the apply / revert code, for --json and the log. */
  transcript: string[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function heal(host: Host, o: HealOptions): Promise<HealResult> {
  const r: HealResult = { healed: null, failed: null, refused: null, notes: [], transcript: [] };
  const report = (line: string) => void r.transcript.push(line);
  if (!host.isRoot()) return { ...r, refused: 'heal changes the network and needs root: run `bondify check --heal` as root' };
  let model;
  try {
    model = loadConfig(host, o.config, { allowDefault: false }).model;
  } catch (e) {
    if (!isBondifyError(e)) throw e;
    return { ...r, refused: `no usable config, so nothing to heal towards: ${e.details.file ? `${e.details.file}: ` : ''}${e.message}` };
  }
  // Heal only restores what apply did, and apply always leaves its state folder: without one there is nothing to
  // heal, and taking the lock would create it (a check that changes a root bondify never touched).
  try {
    checkStateDirs(host.root, [STATE_DIR]);
  } catch (e) {
    return { ...r, failed: `cannot use ${STATE_DIR}: ${message(e)}` };
  }
  if (lstatKind(host.root, STATE_DIR).kind === 'absent')
    return { ...r, notes: [`nothing to heal: bondify has applied nothing here (no ${STATE_DIR})`] };
  let lock: LockHandle;
  try {
    lock = await acquireLock(host.root, 'check --heal', {
      waitMs: o.lockWaitMs,
      now: () => host.now(),
      monotonicMs: () => host.monotonicMs(),
    });
  } catch (e) {
    if (isBondifyError(e) && e.kind === 'tempfail') return { ...r, notes: [`apply in progress, not healing (${e.message})`] };
    return { ...r, failed: `cannot take the lock: ${message(e)}` };
  }
  try {
    const j = readJournal(host.root);
    if (j !== null) return { ...r, ...(await finishJournal(host, j, o, report)) };
    if (!host.live)
      return { ...r, notes: ['offline root: no interrupted transaction to finish, and its kernel is not this one to compare'] };
    const files = renderBond(model);
    const netdev = files.find((f) => f.path.endsWith('.netdev'))?.path;
    const { state, error } = tryReadBondState(host, { bond: model.name });
    if (error !== null) return { ...r, notes: [`cannot read ${model.name}'s state (${error}): not healing`] };
    const installed = netdev !== undefined && ownFiles(host.root).includes(netdev);
    // What re-applying repairs: never a physical fault (carrier, a slave device gone, a silent gateway), where
    // bouncing the bond would only add an outage. Nothing at all when bondify's files are not installed.
    const present = model.slaves.map((s) => s.name).filter((n) => kernelPathExists(host.kernelRoot, `/sys/class/net/${n}`));
    const differs = compare(desiredFromModel(model), state, present);
    const reasons = installed ? differs.filter((m) => m.repairable).map((m) => m.text) : [];
    if (reasons.length === 0) {
      const why =
        netdev !== undefined && !installed
          ? "bondify's files are not installed (heal restores an applied configuration; run 'bondify apply')"
          : differs.length > 0
            ? `re-applying the unchanged files does not repair ${differs.map((m) => m.text).join('; ')} (a setting changed by hand, or a slave device that is gone)`
            : 'the kernel matches the config; what is wrong is not fixed by re-applying (carrier, cable, access point, gateway)';
      return { ...r, notes: [`nothing to heal: ${why}`] };
    }
    // Unattended, heal only restores what was applied; a config edited since then waits for a human's apply.
    const drift = files.filter((f) => readText(host.root, f.path) !== f.content).map((f) => f.path);
    if (drift.length > 0)
      return {
        ...r,
        notes: [
          `not healing: ${drift.join(', ')} differ${drift.length === 1 ? 's' : ''} from the config; run 'bondify apply' (heal only restores what was applied)`,
        ],
      };
    const what = `re-applied the config (${reasons.join('; ')})`;
    report(`heal: ${what}`);
    const res = await apply(
      host,
      model,
      files,
      {
        dryRun: false,
        verify: true,
        timeoutMs: o.timeoutMs,
        ...(o.revertTimeoutMs ? { revertTimeoutMs: o.revertTimeoutMs } : {}),
        confirmSeconds: null,
        approve: async () => true,
        self: [],
        resync: true,
        underLock: lock,
      },
      report,
    );
    return { ...r, healed: `${what}; ${model.name} verified healthy${res.backup ? ` (backup ${res.backup})` : ''}` };
  } catch (e) {
    if (!isBondifyError(e)) throw e;
    return { ...r, failed: `heal failed: ${e.message}` };
  } finally {
    lock.release();
  }
}

/** A journal on disk while we hold the lock: its owner is dead, or an apply waits for confirmation. */
async function finishJournal(host: Host, j: Journal, o: HealOptions, report: (l: string) => void): Promise<Partial<HealResult>> {
  let what: string;
  if (j.step === 'awaiting-confirm') {
    const due = confirmWindowOver(host, j);
    const timer = host.live && (await revertTimerActive(host));
    if (!due) {
      return {
        notes: [
          `an apply waits for confirmation until ${j.deadline ?? '?'}${timer ? '' : ' and its revert timer is gone (heal reverts it once the deadline passes)'}: not healing`,
        ],
      };
    }
    if (timer) return { notes: [`the unconfirmed apply's revert timer is due (deadline ${j.deadline ?? '?'}): leaving the revert to it`] };
    what = `reverted the unconfirmed apply of backup ${j.backup}: its deadline ${j.deadline ?? '?'} passed and its revert timer was lost`;
  } else {
    what = `undid an interrupted ${j.command} (pid ${j.pid}, step ${j.step}, backup ${j.backup})`;
  }
  report(`heal: ${what}`);
  const r = await takeBack(host, { lock: 'held', network: { timeoutMs: revertTimeout(o) } }, report);
  if (r.outcome === 'nothing-waits') return { notes: ['nothing to heal: the journal was finished meanwhile'] };
  if (r.outcome === 'revert-failed') return { failed: wayBackError(`this did not work out (${what})`, [], r).message };
  return { healed: `${what}; ${host.live ? 'verified healthy' : 'files restored'}` };
}
