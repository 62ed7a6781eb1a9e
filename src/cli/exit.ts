// The single place that maps error kinds to process exit codes (sysexits.h numbering).
import type { ErrorKind } from '../errors.js';

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

// Monitoring-plugin codes for `bondify check` (Nagios conventions); these are results, not errors.
export const CHECK_EXIT = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type CheckStatus = keyof typeof CHECK_EXIT;
