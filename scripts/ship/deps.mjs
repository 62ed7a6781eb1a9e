// The Debian packages that building and checking the Arch package needs (Arch's own makepkg and pacman, bsdtar,
// fakeroot, go-md2man for the man page): installed with apt-get when missing and run as root; a clear error otherwise.
import { ensurePackages } from '../lab/lib/packages.mjs';

export const SHIP_PACKAGES = ['makepkg', 'pacman-package-manager', 'libarchive-tools', 'fakeroot', 'go-md2man'];

export async function ensureShipPackages(log = (line) => process.stderr.write(`${line}\n`)) {
  await ensurePackages(log, SHIP_PACKAGES);
}
