// The one error type bondify throws on purpose. Its `kind` decides the exit code (see src/cli/exit.ts),
// so no module below src/cli ever calls process.exit.

export type ErrorKind =
  | 'usage' // bad flags or arguments (64)
  | 'data' // an input file that is not what it claims to be, e.g. a foreign /proc/net/bonding (65)
  | 'noinput' // an input file the user named does not exist (--config, --bonding-file, init --from) (66)
  | 'unavailable' // the thing asked about does not exist, e.g. no such bond (69)
  | 'software' // a bug in bondify (70)
  | 'cantcreat' // refusing to create a file that already exists (init without --force) (73)
  | 'io' // the host refused a read or write (74)
  | 'tempfail' // apply did not verify and was reverted; try again (75)
  | 'noperm' // needs root (77)
  | 'config'; // bondify.ini is invalid (78)

export interface ErrorDetails {
  /** The file the problem is in, as the user would type it. */
  file?: string;
  section?: string;
  key?: string;
  value?: string;
  /** What would be right, phrased as an instruction. */
  fix?: string;
  cause?: unknown;
}

export class BondifyError extends Error {
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'BondifyError';
    this.kind = kind;
    this.details = details;
  }
}

export const isBondifyError = (e: unknown): e is BondifyError => e instanceof BondifyError;
