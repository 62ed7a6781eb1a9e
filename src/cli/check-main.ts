// The entry of the npm package's check bundle (lib/check.js): plain `bondify check`, what cron starts every
// minute. esbuild bundles it without splitting into one scope, so check's modules cost no per-module wrappers; the
// bin (bondify.cjs) sends it every `check` without --heal, and every other command to the full program (main.ts).
// The bundle holds only check's code: the config validator and the heal code are not in it. Where check would load
// them (the first run after a config change), the import throws HANDOVER before check has written or printed
// anything, and the bin runs the whole command again in the full program: one program per run, so every
// BondifyError is of one class (isBondifyError is an instanceof test).
import { processIo } from './io.js';
import { reportError } from './report-error.js';
import { setEntry } from './self.js';
import { run } from './commands/check.js';

/** What the check bundle's stand-in for a module it does not hold throws (scripts/build/check-bundle.mjs). */
export const HANDOVER = Symbol.for('bondify.check-handover');

setEntry(import.meta.url);

/** `args`: the words after `check`; `handover` runs the whole command in the full program. */
export function main(args: string[], handover: () => void): void {
  const io = processIo();
  run(args, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e === HANDOVER) {
        handover();
        return;
      }
      const { message, code } = reportError(e);
      io.err(message);
      process.exitCode = code;
    },
  );
}
