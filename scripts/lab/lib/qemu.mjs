// Boots one lab guest under TCG and waits for it to power off, bounded by a timeout; streams the serial console.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { REPO } from './paths.mjs';

/** The wired pair a scenario may ask for (`export const labWiredPair = true;`, read as text like labFlavour): two
 * virtio-net NICs joined by a QEMU hub, a cable whose ends have permanent MACs (a veth has none). The guest's
 * topology does not use them: virtio_net is kept from auto-loading, and a step loads it when it wants them. */
export const WIRED_PAIR = { device: '52:54:00:12:34:01', gateway: '52:54:00:12:34:02' };

export function scenarioWiredPair(file) {
  return /^export const labWiredPair = true;/m.test(fs.readFileSync(file, 'utf8'));
}

/** argv for qemu: host root read-only over 9p, a writable results share, serial console on stdio.
 * lower (a flavour's guest root dir on the host): the guest overlays that instead of / (initramfs/init). */
export function qemuArgv({ kernel, initramfs, resultsDir, lower, wiredPair = false, memMb = 1536, cpus = 2 }) {
  // Paths travel on the kernel command line, which splits at whitespace.
  for (const p of [REPO, kernel.modules, ...(lower ? [lower] : [])]) {
    if (/\s/.test(p))
      throw new Error(
        `lab: the path ${JSON.stringify(p)} contains whitespace; move the checkout (or set BONDIFY_LAB_CACHE) to a path without spaces`,
      );
  }
  const append = [
    'console=ttyS0',
    'panic=-1',
    'net.ifnames=0',
    'fstab=no',
    'mitigations=off',
    'quiet',
    'loglevel=4',
    'systemd.unit=bondify-lab.target',
    'systemd.show_status=error',
    'systemd.firstboot=off',
    `LAB_CK=${REPO}`,
    `LAB_MODDIR=${kernel.modules}`,
    `LAB_KVER=${kernel.version}`,
    ...(lower ? [`LAB_LOWER=${lower}`] : []),
    // kmod's blacklist stops only alias loads (udev at boot); an explicit `modprobe virtio_net` still loads it.
    ...(wiredPair ? ['modprobe.blacklist=virtio_net', 'LAB_WIRED_PAIR=1'] : []),
  ];
  const pair = wiredPair
    ? Object.values(WIRED_PAIR).flatMap((mac, i) => [
        '-netdev',
        `hubport,id=wired${i},hubid=7`,
        '-device',
        `virtio-net-pci,netdev=wired${i},mac=${mac}`,
      ])
    : [];
  return [
    'qemu-system-x86_64',
    '-accel',
    'tcg',
    '-cpu',
    'max',
    '-m',
    String(memMb),
    '-smp',
    String(cpus),
    '-nodefaults',
    '-display',
    'none',
    '-no-reboot',
    '-serial',
    'stdio',
    '-monitor',
    'none',
    '-kernel',
    kernel.vmlinuz,
    '-initrd',
    initramfs,
    '-append',
    append.join(' '),
    '-virtfs',
    'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
    '-virtfs',
    `local,path=${path.resolve(resultsDir)},mount_tag=results,security_model=none,multidevs=remap`,
    ...pair,
  ];
}

/** Run the guest to power-off. Resolves { console, exitCode, timedOut, durationMs }; never rejects on guest failure. */
export async function bootGuest(opts, { timeoutMs, onConsole = () => {} }) {
  // coreutils timeout as well as our own timer: a guest must not outlive a host process that was killed.
  const argv = ['timeout', '-s', 'KILL', String(Math.ceil(timeoutMs / 1000) + 10), ...qemuArgv(opts)];
  const start = Date.now();
  const child = execa(argv[0], argv.slice(1), { reject: false, stdin: 'ignore', all: true, buffer: false, forceKillAfterDelay: false });
  let consoleText = '';
  child.all.setEncoding('utf8');
  child.all.on('data', (chunk) => {
    // The serial line speaks CRLF.
    const text = chunk.replace(/\r/g, '');
    consoleText += text;
    onConsole(text);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // SIGTERM reaches qemu through timeout(1), which forwards it; qemu quits at once on it.
    child.kill('SIGTERM');
  }, timeoutMs);
  const r = await child;
  clearTimeout(timer);
  return { console: consoleText, exitCode: r.exitCode ?? -1, timedOut, durationMs: Date.now() - start };
}
