// Installs the Debian packages the deploy tests (and the lab's Ansible run) need, as root with apt-get, or fails
// loudly saying how: never skips.
// @ts-expect-error plain JavaScript lab module
import { ensurePackages } from '../../../scripts/lab/lib/packages.mjs';

/** apt-get may wait for another process's dpkg lock and then download: minutes, not the unit default. */
export const INSTALL_TIMEOUT_MS = 1_500_000;

// One list for every deploy test file: the files run in parallel workers, and whichever installs first installs
// all, so the others find nothing missing.
const PACKAGES = ['prometheus', 'ansible-core', 'ansible-lint'];

export async function needDebianPackages(packages: string[] = PACKAGES): Promise<void> {
  const log = (m: string) => process.stderr.write(`deploy tests: ${m}\n`);
  try {
    await ensurePackages(log, packages);
  } catch (e) {
    throw new Error(`these tests need the Debian packages ${packages.join(', ')}:\n${(e as Error).message}`, { cause: e });
  }
}
