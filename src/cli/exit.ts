// The single place that maps error kinds and the outcomes of the use cases to process exit codes (sysexits.h
// numbering). The use cases say what happened; only the cli decides what number that is.
import type { ErrorKind } from '../errors.js';
import type { ApplyOutcome } from '../usecases/apply.js';
import type { AutoRevertOutcome } from '../usecases/confirm.js';
import type { RollbackOutcome } from '../usecases/rollback.js';

export const EXIT: Record<ErrorKind, number> = {
  usage: 64,
  data: 65,
  noinput: 66,
  unavailable: 69,
  software: 70,
  cantcreat: 73,
  io: 74,
  tempfail: 75,
  noperm: 77,
  config: 78,
};

export type Outcome = ApplyOutcome | RollbackOutcome | AutoRevertOutcome;

/** Every outcome that is not a success has its own code: a declined question is 1 (the user said no, nothing is
 * wrong), an unconfirmed change that was reverted is 75 like any other revert. */
export const OUTCOME_EXIT: Record<Outcome, number> = {
  'dry-run': 0,
  'nothing-to-do': 0,
  declined: 1,
  written: 0,
  applied: 0,
  confirmed: 0,
  'reverted-unconfirmed': EXIT.tempfail,
  'nothing-to-roll-back': 0,
  'rolled-back': 0,
  reverted: 0,
  'nothing-to-revert': 0,
};

/** A result's exit code: a refusal it carries (a dry run whose preflight failed) exits as that error would. */
export const exitCodeOf = (r: { outcome: Outcome; refused?: ErrorKind }): number =>
  r.refused === undefined ? OUTCOME_EXIT[r.outcome] : EXIT[r.refused];

// `bondify check` ends with its result's monitoring-plugin code; the codes are defined with the results.
export { CHECK_EXIT, type CheckStatus } from '../observe/check-status.js';

// `bondify drill` ends with its result's monitoring-plugin code (0 passed, 1 slowly, 2 failed or refused, 3 unknown).
export { DRILL_EXIT, type DrillResult } from '../observe/drill-report.js';
