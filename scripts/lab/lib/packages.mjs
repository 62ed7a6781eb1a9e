// Installs the Debian packages the lab needs on the host (the guest runs the host's userland, so they serve both).
import { sh, tryRun } from './proc.mjs';

// qemu + initramfs tools, and everything the guest runs from the host's root: systemd/udev/dbus as PID 1 and
// helpers, iproute2 (busybox ip cannot make an active-backup bond), hostapd + wpa_supplicant + iw for real WPA2
// wifi, ping/socat for the measurements, strace for debugging a guest, python3 for the pty the y/N tests type
// into (scripts/lab/guest/pty-relay.py), dnsmasq-base for the router's DHCPv4 and router advertisements (a scenario
// with `labStandard = 'arch-dhcp'`, guest/dhcp-server.sh).
export const PACKAGES = [
  'qemu-system-x86',
  'busybox-static',
  'cpio',
  'kmod',
  'udev',
  'systemd',
  'dbus',
  'iproute2',
  'iputils-ping',
  'hostapd',
  'wpasupplicant',
  'iw',
  'socat',
  'strace',
  'procps',
  'python3',
  'dnsmasq-base',
];

export async function missingPackages(list = PACKAGES) {
  const r = await tryRun(['dpkg-query', '-W', '-f', '${Package} ${db:Status-Status}\n', ...list]);
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]),
  );
  return list.filter((p) => !installed.has(p));
}

let updated = false;
/** apt-get update once per process; the kernel lookup needs fresh lists too. */
export async function aptUpdate(log) {
  if (updated) return;
  log('apt-get update');
  await sh(['apt-get', 'update', '-q', '-o', 'DPkg::Lock::Timeout=600'], { timeout: 600_000 });
  updated = true;
}

const BUSY = /Could not get lock|is held by process/i;

/**
 * Installs what of `list` is missing. The lab and the slow suites run side by side and each may install: apt-get
 * install waits for dpkg's lock, but apt-get update does not wait for the lists' lock another apt-get holds, so a
 * busy apt is waited for (30 s at a time, up to 10 min) and what is missing is looked at again.
 */
export async function ensurePackages(log, list = PACKAGES) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await installMissing(log, list);
    } catch (e) {
      if (!BUSY.test(e.message) || attempt >= 20) throw e;
      log(`apt is busy (attempt ${attempt}), waiting 30 s`);
      updated = false;
      await new Promise((done) => setTimeout(done, 30_000));
    }
  }
}

async function installMissing(log, list) {
  const missing = await missingPackages(list);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `lab: missing Debian packages: ${missing.join(' ')}.\n` +
        `Run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}\n` +
        `or run the lab setup as root:  sudo node scripts/lab/setup.mjs`,
    );
  }
  try {
    await aptUpdate(log);
    log(`apt-get install ${missing.join(' ')}`);
    await sh(['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', ...missing], {
      timeout: 1_200_000,
    });
  } catch (e) {
    throw new Error(
      `${e.message}\n\nThe lab could not install: ${missing.join(' ')}. It needs the Debian package mirror ` +
        `(check /etc/apt/sources.list* and the network), or install them yourself:\n` +
        `  apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`,
      { cause: e },
    );
  }
  const still = await missingPackages(list);
  if (still.length > 0) throw new Error(`lab: apt-get install did not install: ${still.join(' ')}`);
}
