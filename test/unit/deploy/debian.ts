// Installs the Debian packages a deploy test needs (as root, with apt-get) or fails loudly saying how: never skips.
// @ts-expect-error plain JavaScript lab module
import { ensurePackages } from '../../../scripts/lab/lib/packages.mjs';

/** apt-get may wait for another process's dpkg lock and then download: minutes, not the unit default. */
export const INSTALL_TIMEOUT_MS = 1_500_000;

export async function needDebianPackages(packages: string[]): Promise<void> {
  const log = (m: string) => process.stderr.write(`deploy tests: ${m}\n`);
  try {
    await ensurePackages(log, packages);
  } catch (e) {
    throw new Error(`the deploy tests need the Debian packages ${packages.join(', ')}:\n${(e as Error).message}`, { cause: e });
  }
}
