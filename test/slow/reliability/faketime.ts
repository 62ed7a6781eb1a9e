// libfaketime around the built CLI, to step the wall clock of one real process while it runs (a Pi's first NTP
// sync steps it by hours): FAKETIME_TIMESTAMP_FILE is read at every clock call (FAKETIME_NO_CACHE), so writing an
// offset into it steps the clock at once; FAKETIME_DONT_FAKE_MONOTONIC leaves CLOCK_MONOTONIC (process.hrtime) as it is.
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain JavaScript lab module
import { ensurePackages } from '../../../scripts/lab/lib/packages.mjs';

/** Installs the Debian package faketime (and its libfaketime) when missing, as the lab setup installs its tools. */
export async function ensureFaketime(): Promise<string> {
  if (findLibrary() === null) {
    try {
      await ensurePackages((m: string) => process.stderr.write(`clock tests: ${m}\n`), ['faketime']);
    } catch (e) {
      throw new Error(`the clock tests need the Debian package faketime (apt-get install -y faketime, as root):\n${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  const lib = findLibrary();
  if (lib === null) throw new Error('faketime is installed but libfaketime.so.1 was not found under /usr/lib/*/faketime');
  return lib;
}

function findLibrary(): string | null {
  for (const dir of fs.readdirSync('/usr/lib')) {
    const lib = path.join('/usr/lib', dir, 'faketime/libfaketime.so.1');
    if (fs.existsSync(lib)) return lib;
  }
  return null;
}

/** A wall clock a test steps: env for the process, and step('-1h' | '+5h' | '+0'). */
export function steppedClock(lib: string, dir: string) {
  const file = path.join(dir, 'faketime-offset');
  fs.writeFileSync(file, '+0\n');
  return {
    env: { LD_PRELOAD: lib, FAKETIME_TIMESTAMP_FILE: file, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    step: (offset: string) => fs.writeFileSync(file, `${offset}\n`),
  };
}
