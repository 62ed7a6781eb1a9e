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

// `bondify check` ends with its result's monitoring-plugin code; the codes are defined with the results.
export { CHECK_EXIT, type CheckStatus } from '../observe/check-status.js';
