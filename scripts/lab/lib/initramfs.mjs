// Builds the guest's tiny initramfs: static busybox, the few modules needed to mount the host's root over 9p, /init.
// Everything else (bonding, veth, hwsim, crypto) the guest's own modprobe loads later from the full module tree.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { CACHE, INIT_SCRIPT } from './paths.mjs';
import { sh } from './proc.mjs';

const BUSYBOX = '/bin/busybox';
// virtio_pci before 9pnet_virtio, or the transport never sees the shares.
const EARLY_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'];

/** .ko files (absolute, in load order) for the modules and their dependencies. */
async function moduleFiles(kernel) {
  const files = [];
  for (const mod of EARLY_MODULES) {
    const out = await sh(['modprobe', '-d', kernel.root, '-S', kernel.version, '--show-depends', mod]);
    for (const line of out.split('\n')) {
      const m = /^insmod (\S+)/.exec(line.trim());
      if (m?.[1] && !files.includes(m[1])) files.push(m[1]);
    }
  }
  return files;
}

function walk(dir, rel = '.') {
  const out = [rel];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

export async function ensureInitramfs(kernel, log) {
  if (!fs.existsSync(BUSYBOX)) throw new Error(`lab: ${BUSYBOX} missing (package busybox-static)`);
  const mods = await moduleFiles(kernel);
  const init = fs.readFileSync(INIT_SCRIPT);
  const hash = crypto.createHash('sha256');
  hash
    .update(init)
    .update(kernel.version)
    .update(mods.join('\n'))
    .update(String(fs.statSync(BUSYBOX).size));
  const out = path.join(CACHE, `initramfs-${hash.digest('hex').slice(0, 16)}.cpio`);
  if (fs.existsSync(out)) return out;

  log(`building ${path.basename(out)}`);
  const stage = fs.mkdtempSync(path.join(CACHE, 'initramfs-stage-'));
  try {
    for (const d of ['bin', 'dev', 'proc', 'sys', 'mnt', 'modules']) fs.mkdirSync(path.join(stage, d));
    fs.copyFileSync(BUSYBOX, path.join(stage, 'bin', 'busybox'));
    fs.chmodSync(path.join(stage, 'bin', 'busybox'), 0o755);
    fs.symlinkSync('busybox', path.join(stage, 'bin', 'sh'));
    fs.copyFileSync(INIT_SCRIPT, path.join(stage, 'init'));
    fs.chmodSync(path.join(stage, 'init'), 0o755);
    const names = mods.map((m, i) => `${String(i).padStart(2, '0')}-${path.basename(m)}`);
    mods.forEach((m, i) => fs.copyFileSync(m, path.join(stage, 'modules', names[i])));
    fs.writeFileSync(path.join(stage, 'modules', 'order'), names.map((n) => `/modules/${n}\n`).join(''));
    const list = walk(stage).join('\n') + '\n';
    const tmp = `${out}.tmp-${process.pid}`;
    await sh(['cpio', '--quiet', '-o', '-H', 'newc', '-R', '0:0'], { cwd: stage, input: list, stdout: { file: tmp } });
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return out;
}
