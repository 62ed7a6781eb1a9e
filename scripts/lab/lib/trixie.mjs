// The "trixie" flavour's guest userland: a Debian 13 root (systemd-networkd 257) made once with debootstrap and
// cached in .lab-cache/; the guest overlays it instead of the host's root (initramfs/init, LAB_LOWER).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { CACHE } from './paths.mjs';
import { sh } from './proc.mjs';
import { ensurePackages } from './packages.mjs';
import { alive } from './lock.mjs';

const SUITE = 'trixie';
const MIRROR = process.env.BONDIFY_LAB_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
// What the guest runs from this root: systemd as PID 1 (+ udev, dbus), iproute2/kmod/procps for bondify and the
// topology, real WPA2 wifi, ping, strace for debugging, and node 20 for bondify's dist/ and the lab runner.
export const TRIXIE_PACKAGES = [
  'systemd',
  'systemd-sysv',
  'udev',
  'dbus',
  'iproute2',
  'kmod',
  'procps',
  'iputils-ping',
  'hostapd',
  'wpasupplicant',
  'iw',
  'strace',
  'util-linux',
  'nodejs',
];
// Bump when the recipe below changes in a way the package list does not show.
const RECIPE = 1;

const MARKER = '.bondify-lab-ok';

/** The cache folder for this package list; a changed list (or recipe) is another folder, so it is rebuilt. */
export function trixieRootDir() {
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ SUITE, RECIPE, p: [...TRIXIE_PACKAGES].sort() }))
    .digest('hex');
  return path.join(CACHE, `guest-${SUITE}-${key.slice(0, 12)}`);
}

/** Path of a ready trixie root (building it the first time). Fails with what to do when it cannot. */
export async function ensureTrixieRoot(log) {
  const dir = trixieRootDir();
  if (fs.existsSync(path.join(dir, MARKER))) return dir;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'lab: the trixie guest root is not built yet and debootstrap needs root. Run once as root:  sudo node scripts/lab/setup.mjs trixie',
    );
  }
  await ensurePackages(log, ['debootstrap']);
  if (/\s/.test(dir))
    throw new Error(`lab: the cache path ${JSON.stringify(dir)} contains whitespace; set BONDIFY_LAB_CACHE to a path without spaces`);
  // Built beside the final name and renamed when complete: a killed build never looks ready.
  const stage = `${dir}.stage-${process.pid}`;
  fs.rmSync(stage, { recursive: true, force: true });
  const t0 = Date.now();
  try {
    log(`debootstrap ${SUITE} (${TRIXIE_PACKAGES.length} packages + minbase) into ${path.basename(dir)}; first time only, a few minutes`);
    await sh(['debootstrap', '--variant=minbase', `--keyring=${KEYRING}`, `--include=${TRIXIE_PACKAGES.join(',')}`, SUITE, stage, MIRROR], {
      timeout: 1_800_000,
    });
    finish(stage);
  } catch (e) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw new Error(
      `${e.message}\n\nThe lab could not build the Debian ${SUITE} guest root. It needs the Debian mirror ` +
        `(${MIRROR}/dists/${SUITE}/Release; BONDIFY_LAB_DEBIAN_MIRROR sets another) and the trixie keys in ${KEYRING}.`,
      { cause: e },
    );
  }
  fs.writeFileSync(path.join(stage, MARKER), `${SUITE} ${TRIXIE_PACKAGES.join(' ')}\n`);
  // A concurrent `setup.mjs trixie` may have finished first, and a guest may already run on its root: keep that one.
  if (fs.existsSync(path.join(dir, MARKER))) {
    fs.rmSync(stage, { recursive: true, force: true });
    return dir;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(stage, dir);
  log(`${SUITE} root ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  prune(dir, log);
  return dir;
}

/** Settle what a first boot would otherwise do, and drop what the guest never reads. */
function finish(root) {
  // A machine-id makes the boot a normal one (no first-boot units, no transient id); any fixed value will do.
  const id = path.join(root, 'etc', 'machine-id');
  if (!/^[0-9a-f]{32}$/m.test(fs.existsSync(id) ? fs.readFileSync(id, 'utf8') : ''))
    fs.writeFileSync(id, `${crypto.randomBytes(16).toString('hex')}\n`);
  fs.writeFileSync(path.join(root, 'etc', 'hostname'), 'bondify-lab\n');
  for (const d of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
    const p = path.join(root, d);
    for (const n of fs.readdirSync(p)) if (n !== 'partial' && n !== 'lock') fs.rmSync(path.join(p, n), { recursive: true, force: true });
  }
  if (!fs.existsSync(path.join(root, 'usr', 'lib', 'systemd', 'systemd-networkd')))
    throw new Error('lab: the trixie root has no systemd-networkd');
  if (!fs.existsSync(path.join(root, 'usr', 'bin', 'node'))) throw new Error('lab: the trixie root has no /usr/bin/node');
}

/** Roots for older package lists and builds that were killed: ~0.5 GB each, never used again. */
function prune(keep, log) {
  for (const n of fs.readdirSync(CACHE)) {
    const p = path.join(CACHE, n);
    const stage = /\.stage-(\d+)$/.exec(n);
    if (p !== keep && n.startsWith(`guest-${SUITE}-`) && (stage === null || !alive(Number(stage[1])))) {
      log(`removing the old ${n}`);
      fs.rmSync(p, { recursive: true, force: true });
    }
  }
}
