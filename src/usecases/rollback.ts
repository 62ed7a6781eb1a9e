// `bondify rollback`: undo bondify. By default the apply backups are restored newest first down to the last
// one taken before bondify's files existed, so every file comes back byte for byte; `--to standard` writes the
// standard method from the config instead. Either way bondify's own files go, the bond link goes, and the
// former slaves are checked to have their addresses and reach the gateway.
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import type { PlannedFile } from '../model/planned-file.js';
import type { Host } from '../system/host.js';
import { listDir, lstatKind, readFile } from '../system/fs.js';
import { listBackups, undoChain, type Manifest, type Touch } from '../store/backup.js';
import { ownFiles } from '../store/changes.js';
import { readJournal } from '../store/journal.js';
import { checkStateDirs } from '../store/state-dirs.js';
import { LOCK_FILE } from '../system/lock.js';
import { deleteLink, reload } from '../networkd/control.js';
import { bondLink } from './bond-link.js';
import { absentDirs, pending, perform, restoreTargets, type Target } from '../store/restore.js';
import type { Report } from '../system/process.js';
import { transaction } from './transaction.js';
import { describeLinks, standardExpectations, verifyStandard } from './verify-standard.js';
import { monotonicMs } from '../system/clock.js';

export interface RollbackOptions {
  to: 'backup' | 'standard';
  /** From --config: always used when given. */
  model: BondModel | null;
  /** The default config when it exists: preferred over the backups' record for --to standard only. */
  fallbackModel?: BondModel | null;
  renderStandard: (m: BondModel) => PlannedFile[];
  verify: boolean;
  timeoutMs: number;
  lockWaitMs?: number;
}

export type RollbackOutcome = 'nothing-to-roll-back' | 'rolled-back';

export interface RollbackResult {
  outcome: RollbackOutcome;
  restored: string[];
  healthyAfterMs?: number;
}

/** What the rollback's own backup says about a path it is about to change. */
const reasonFor = (root: string, t: Target): Touch['reason'] =>
  t.remove ? 'remove' : readFile(root, t.path) === null ? 'create' : 'update';

interface Prepared {
  chain: Manifest[];
  model: BondModel;
  targets: Map<string, Target>;
  ops: Target[];
  dirs: string[];
  emptyDirs: string[];
}

/** What the rollback would do, from disk: every refusal (no backup 69, no bond 78, a bad manifest or blob 65, a
 * symlink or FIFO on the way 74) is thrown here. Reads only. */
function prepare(host: Host, opts: RollbackOptions): Prepared {
  const all = listBackups(host.root);
  const chain = undoChain(all);
  const recorded = chain.find((m) => m.model)?.model ?? [...all].reverse().find((m) => m.model)?.model ?? null;
  const fallback = opts.fallbackModel ?? null;
  const model = opts.model ?? (opts.to === 'standard' ? (fallback ?? recorded) : (recorded ?? fallback));
  if (model === null)
    throw new BondifyError('config', 'rollback needs to know the bond: no config given and no apply backup records one', {
      fix: 'pass --config PATH',
    });
  if (opts.to === 'backup' && chain.length === 0) {
    throw new BondifyError('unavailable', 'there is no apply backup to restore', {
      fix: "run 'bondify rollback --to standard' to write the standard method from the config",
    });
  }
  const standard = opts.to === 'standard' ? opts.renderStandard(model) : [];
  if (opts.to === 'standard' && standard.length === 0) {
    throw new BondifyError('config', 'the config has no standard-method settings for any slave', {
      fix: 'add [slave.eth0] address = … (and the same for the other links) to the config',
    });
  }
  // Every target known, every manifest vetted and every blob hash-checked before anything is written.
  const targets = restoreTargets(host.root, chain);
  const owner = host.isRoot() ? { uid: 0, gid: 0 } : {};
  for (const f of standard)
    targets.set(f.path, {
      path: f.path,
      remove: false,
      data: Buffer.from(f.content, 'utf8'),
      mode: f.mode,
      ...owner,
      from: 'the standard method',
    });
  for (const p of ownFiles(host.root)) targets.set(p, { path: p, remove: true, from: 'bondify' });
  const ops = pending(host.root, targets.values(), host.isRoot());
  const dirs = absentDirs(chain);
  const emptyDirs = dirs.filter((d) => lstatKind(host.root, d).kind === 'dir' && listDir(host.root, d).length === 0);
  return { chain, model, targets, ops, dirs, emptyDirs };
}

export async function rollback(host: Host, opts: RollbackOptions, report: Report): Promise<RollbackResult> {
  // Every check that can refuse runs before the lock creates anything; the same again under the lock.
  checkStateDirs(host.root);
  // Another run busy (a lock), or one killed part way (a journal, a stale lock): what there is to roll back is only
  // known under the lock, once it is done or undone; the state folder exists then, so waiting creates nothing.
  const idle = readJournal(host.root) === null && lstatKind(host.root, LOCK_FILE).kind === 'absent';
  const first = idle ? prepare(host, opts) : null;
  if (first && !host.live && first.ops.length === 0 && first.emptyDirs.length === 0) {
    report(
      `nothing to roll back: the files are already ${opts.to === 'backup' ? 'as before bondify' : 'the standard method'}; no backup taken`,
    );
    return { outcome: 'nothing-to-roll-back', restored: [] };
  }
  const spec = { command: 'rollback', lock: { waitMs: opts.lockWaitMs ?? 30_000 }, revert: null, pruneOnKeep: false } as const;
  return transaction(host, spec, report, async (tx): Promise<RollbackResult> => {
    const { chain, model, targets, ops, dirs, emptyDirs } = prepare(host, opts);
    // Live, a bond link left up (or a run just undone) still needs the link deleted and networkd told.
    const relink = host.live && (bondLink(host, model.name).exists || tx.recovered !== null);
    if (ops.length === 0 && emptyDirs.length === 0 && !relink) {
      report(
        `nothing to roll back: the files are already ${opts.to === 'backup' ? 'as before bondify' : 'the standard method'}${host.live ? ` and there is no ${model.name} link` : ''}; no backup taken`,
      );
      return { outcome: 'nothing-to-roll-back', restored: [] };
    }
    report(
      `rollback ${opts.to === 'backup' ? `to backup${chain.length > 1 ? 's' : ''} ${chain.map((m) => m.id).join(' ← ')}` : 'to the standard method from the config'}`,
    );
    let restored: string[] = [];
    if (ops.length > 0) {
      tx.begin(
        ops.map((t) => ({ path: t.path, reason: reasonFor(host.root, t) })),
        model,
      );
      tx.step('writing');
      restored = perform(host.root, ops, targets.values(), dirs, host.isRoot(), report).written;
    } else {
      perform(host.root, [], [], dirs, host.isRoot(), report);
      report('  the files are already rolled back: no backup taken');
    }
    if (!host.live) {
      tx.keep();
      report(`rolled back in ${host.root} (offline root: no reload, no verification)`);
      return { outcome: 'rolled-back', restored };
    }
    tx.step('reloading');
    const t0 = monotonicMs();
    await deleteLink(host, model.name, report);
    await reload(
      host,
      model.slaves.map((s) => s.name),
      report,
    );
    tx.keep(); // files and networkd agree now; what is left is checking the result
    if (!opts.verify) return { outcome: 'rolled-back', restored };
    const links = standardExpectations(host.root, model);
    report(`verify (up to ${Math.round(opts.timeoutMs / 1000)} s): ${describeLinks(links)}`);
    const v = await verifyStandard(host, model.name, links, opts.timeoutMs);
    if (!v.ok) {
      for (const p of v.problems) report(`  ✗ ${p}`);
      throw new BondifyError(
        'tempfail',
        `rolled back, but the links are not healthy after ${Math.round(opts.timeoutMs / 1000)} s:${v.problems.map((p) => `\n    ${p}`).join('')}`,
        {
          fix: `check 'ip addr' and 'networkctl status'${tx.backup ? `; the rollback's own backup is ${tx.backup.id}` : ''}`,
        },
      );
    }
    const healthyAfterMs = monotonicMs() - t0;
    report(
      `  ✓ links healthy after ${(healthyAfterMs / 1000).toFixed(1)} s; the gateway answers through ${
        links
          .filter((l) => l.gateway)
          .map((l) => l.name)
          .join(', ') || 'them'
      }`,
    );
    return { outcome: 'rolled-back', restored, healthyAfterMs };
  });
}
