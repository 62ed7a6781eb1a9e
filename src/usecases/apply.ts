// `bondify apply` as one transaction: preflight → the plan (plan.ts) → the question → lock → the same plan again →
// backup + journal → atomic writes → networkd reload → verify with a deadline → keep (optionally only once
// confirmed) or revert automatically.
import { BondifyError, type ErrorKind } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { POWER_SAVE_RULE, type PlannedFile } from '../model/planned-file.js';
import type { Host } from '../system/host.js';
import { LOCK_FILE, type LockHandle } from '../system/lock.js';
import { lstatKind } from '../system/fs.js';
import { describeChanges, touches, writeChanges, type Change } from '../store/changes.js';
import { readJournal } from '../store/journal.js';
import { changesOf } from '../model/planned-file.js';
import { computePlan, planRefusal } from './plan.js';
import { checkStateDirs } from '../store/state-dirs.js';
import { deleteLink, droppedSlaves, mustRecreate, release, reload, restartNetworkd } from '../networkd/control.js';
import { bondLink } from './bond-link.js';
import { firstFailure, formatChecks, preflight } from '../networkd/preflight.js';
import { revertTimeout } from './revert.js';
import type { Report } from '../system/process.js';
import { transaction } from './transaction.js';
import { verifyBond } from './verify.js';
import { awaitConfirmation } from './confirm.js';
import { ensurePowerSave } from '../system/wifi.js';
import { monotonicMs } from '../system/clock.js';

export interface ApplyOptions {
  dryRun: boolean;
  verify: boolean;
  timeoutMs: number;
  /** How long the way back may take to verify; default max(timeoutMs, 60 s): wifi re-associating after leaving
   * the bond took up to 30 s in the lab, and a slow-but-fine revert must not be reported as failed. */
  revertTimeoutMs?: number;
  /** Seconds the user has to confirm; null when --confirm was not given. */
  confirmSeconds: number | null;
  /** Asked once the changes are known (unless --yes); false aborts with nothing changed. */
  approve: (changes: Change[]) => Promise<boolean>;
  /** How to run this bondify (node + its main script): the detached revert timer runs it. */
  self: readonly string[];
  /** Starts listening for Enter once the confirmation window opens (not before: the y/N answer is a line too). */
  enterPressed?: () => Promise<void>;
  lockWaitMs?: number;
  /** `check --heal`: the running network differs from the files, so reload and verify even if no file changes. */
  resync?: boolean;
  /** `check --heal`: the lock heal took to decide; apply runs under it and leaves releasing it to heal. */
  underLock?: LockHandle;
}

export type ApplyOutcome = 'dry-run' | 'nothing-to-do' | 'declined' | 'written' | 'applied' | 'confirmed' | 'reverted-unconfirmed';

export interface ApplyResult {
  outcome: ApplyOutcome;
  /** A dry run whose preflight failed: the kind a real apply would fail with (the cli exits with its code). */
  refused?: ErrorKind;
  backup?: string;
  /** From the start of the reload to the bond verified healthy. */
  healthyAfterMs?: number;
}

export async function apply(host: Host, model: BondModel, files: PlannedFile[], opts: ApplyOptions, report: Report): Promise<ApplyResult> {
  report('preflight');
  const pf = await preflight(host, model);
  report(formatChecks(pf.checks).trimEnd());
  const failed = firstFailure(pf);
  if (failed && !opts.dryRun)
    throw new BondifyError(failed.kind ?? 'unavailable', `preflight failed: ${failed.title}`, failed.fix ? { fix: failed.fix } : {});
  // Everything that can refuse runs before the first folder is created: the plan reads every path it names (a
  // symlink or FIFO where a file goes is refused here), the state folders are checked, and the question is asked.
  const plan = computePlan(host, model, files);
  const planned = changesOf(plan.entries);
  if (opts.dryRun) {
    report(planned.length === 0 ? 'plan: nothing to do' : `plan (dry run, nothing is changed):\n${describeChanges(planned).trimEnd()}`);
    return failed ? { outcome: 'dry-run', refused: failed.kind ?? 'unavailable' } : { outcome: 'dry-run' };
  }
  checkStateDirs(host.root);
  const interrupted = readJournal(host.root) !== null;
  // A lock on disk: another run is busy (its result decides), or a killed one left it (taken over and cleared).
  const locked = lstatKind(host.root, LOCK_FILE).kind !== 'absent';
  if (planned.length === 0 && !interrupted && !locked && opts.resync !== true && !opts.underLock) {
    report('nothing to do: every file is already as planned');
    await syncPowerSave(host, model, report, false);
    return { outcome: 'nothing-to-do' };
  }
  // An interrupted run is undone under the lock first, and only then is the plan known: it is asked about there.
  const askFirst = !interrupted;
  if (askFirst && planned.length > 0 && !(await approved(planned, opts, report))) return { outcome: 'declined' };

  const spec = {
    command: 'apply',
    lock: opts.underLock ? { held: opts.underLock } : { waitMs: opts.lockWaitMs ?? 30_000 },
    revert: { timeoutMs: revertTimeout(opts) },
    pruneOnKeep: true,
  } as const;
  return transaction(host, spec, report, async (tx): Promise<ApplyResult> => {
    // Again under the lock, the same computation: a recovered run may have put files back that now have to move
    // aside. What is done is what was shown and approved, or the new plan is shown and asked about first.
    const again = computePlan(host, model, files);
    const late = planRefusal(again);
    if (late) throw new BondifyError(late.kind ?? 'config', `preflight failed: ${late.title}`, late.fix ? { fix: late.fix } : {});
    const changes = changesOf(again.entries);
    // Doing less than was approved is fine (another run did part of it); anything else is asked about again.
    const shown = new Set(lines(planned));
    const asked = askFirst && lines(changes).every((l) => shown.has(l));
    if (!asked && changes.length > 0) {
      if (askFirst) report(`the files changed while apply waited${tx.recovered ? ' (an interrupted run was undone)' : ''}:`);
      if (!(await approved(changes, opts, report))) return { outcome: 'declined' };
    }
    // After undoing a killed run on a live system the files may be as planned while the running network is not
    // (a killed rollback may have deleted the bond already): then reload and verify anyway.
    const resync = host.live && (tx.recovered !== null || opts.resync === true);
    if (changes.length === 0 && !resync) {
      report('nothing to do: every file is already as planned');
      await syncPowerSave(host, model, report, false);
      return { outcome: 'nothing-to-do' };
    }
    if (changes.length === 0)
      report(
        `the files are as planned, but ${tx.recovered !== null ? 'an interrupted run was just undone' : 'the running network differs from them'}: reloading networkd so it matches them`,
      );
    report('transaction');
    const backup = tx.begin(touches(changes), model).id;
    /** The change stays: the journal ends, old backups are pruned, and the last line says what was done. */
    const kept = (outcome: ApplyOutcome, line: string, healthyAfterMs?: number): ApplyResult => {
      tx.keep();
      report(line);
      return { outcome, backup, ...(healthyAfterMs === undefined ? {} : { healthyAfterMs }) };
    };
    tx.step('writing');
    writeChanges(host.root, changes, host.isRoot(), report);
    if (!host.live) return kept('written', `written into ${host.root} (offline root: no reload, no verification)`);
    tx.step('reloading');
    const t0 = monotonicMs();
    const netdevChanged = changes.some((c) => c.path.endsWith('.netdev'));
    const link = bondLink(host, model.name);
    const why = mustRecreate(link, model, netdevChanged, pf.networkdVersion);
    if (why !== null) {
      report(`  ${model.name} must be recreated: ${why}`);
      await deleteLink(host, model.name, report);
      await restartNetworkd(host, report);
    } else if (changes.length === 0) {
      // Resync after an undone run: networkd still holds what it read before, possibly bound to a bond the killed
      // run deleted; only a restart makes 252 read everything again (see restartNetworkd).
      await restartNetworkd(host, report);
    } else {
      const configured = model.slaves.map((s) => s.name);
      await reload(host, configured, report);
      // A deleted bond (above) released its links; a kept one keeps a slave the config dropped until told.
      await release(host, model.name, droppedSlaves(link.slaves, configured, changes), report);
    }
    const ruleChanged = changes.some((c) => c.path === POWER_SAVE_RULE);
    await syncPowerSave(host, model, report, ruleChanged);
    if (!opts.verify) return kept('applied', 'applied (not verified: --no-verify)');
    tx.step('verifying');
    report(`verify (up to ${Math.round(opts.timeoutMs / 1000)} s)`);
    const v = await verifyBond(host, model, opts.timeoutMs);
    if (!v.ok) {
      for (const p of v.problems) report(`  ✗ ${p}`);
      throw await tx.revert(`${model.name} did not become healthy within ${Math.round(opts.timeoutMs / 1000)} s`, v.problems);
    }
    const healthyAfterMs = monotonicMs() - t0;
    report(
      `  ✓ ${model.name} healthy after ${(healthyAfterMs / 1000).toFixed(1)} s: active-backup, primary ${model.primary}, gateway ${model.network.gateway ?? '(none)'} answers`,
    );
    if (opts.confirmSeconds !== null) {
      const confirmed = await awaitConfirmation(host, tx, opts.confirmSeconds, opts, report);
      return { outcome: confirmed ? 'confirmed' : 'reverted-unconfirmed', backup, healthyAfterMs };
    }
    return kept('applied', `applied; backup ${backup} (undo with 'bondify rollback')`, healthyAfterMs);
  });
}

/**
 * Each wireless slave's power save as the config wants it, on a live system, whether or not a file changed: like a
 * bond setting, the live state is checked against the config and set when it differs (the udev rule alone would
 * leave a state set by hand until the link next appears).
 */
async function syncPowerSave(host: Host, model: BondModel, report: Report, ruleChanged: boolean): Promise<void> {
  if (!host.live) return;
  for (const s of model.slaves)
    if (s.wireless && s.powerSave !== 'keep') await ensurePowerSave(host, s.name, s.powerSave, report, ruleChanged);
}

const lines = (changes: Change[]): string[] =>
  describeChanges(changes)
    .split('\n')
    .filter((l) => l !== '');

/** Shows the change list and asks (opts.approve); false when declined. */
async function approved(changes: Change[], opts: ApplyOptions, report: Report): Promise<boolean> {
  report(`plan:\n${describeChanges(changes).trimEnd()}`);
  if (await opts.approve(changes)) return true;
  report('not applied: nothing was changed');
  return false;
}
