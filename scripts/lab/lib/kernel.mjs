// Fetches the full Debian kernel (not -cloud: that one lacks 9p and mac80211_hwsim) into the cache, unpacked, depmod'ed.
import fs from 'node:fs';
import path from 'node:path';
import { KERNEL_CACHE } from './paths.mjs';
import { sh } from './proc.mjs';
import { aptUpdate } from './packages.mjs';

/** { pkg, version, root, vmlinuz, modules } of an unpacked kernel. */
function describe(pkg) {
  const root = path.join(KERNEL_CACHE, pkg);
  const version = pkg.replace(/^linux-image-/, '');
  return {
    pkg,
    version,
    root,
    vmlinuz: path.join(root, 'boot', `vmlinuz-${version}`),
    modules: path.join(root, 'lib', 'modules', version),
  };
}

/** A kernel already unpacked (marker written last), newest name first: a second run needs no network. */
function cachedKernel() {
  if (!fs.existsSync(KERNEL_CACHE)) return undefined;
  const names = fs.readdirSync(KERNEL_CACHE).filter((n) => /^linux-image-[\w.-]+-amd64$/.test(n));
  names.sort().reverse();
  const ok = names.find((n) => fs.existsSync(path.join(KERNEL_CACHE, n, '.bondify-lab-ok')));
  return ok === undefined ? undefined : describe(ok);
}

async function currentKernelPackage(log) {
  await aptUpdate(log);
  const out = await sh(['apt-cache', 'depends', 'linux-image-amd64']);
  const m = /Depends:\s*(linux-image-[\d.]+-\d+-amd64)\b/.exec(out);
  if (!m?.[1]) throw new Error(`lab: cannot find the kernel package in \`apt-cache depends linux-image-amd64\`:\n${out}`);
  return m[1];
}

export async function ensureKernel(log) {
  const cached = cachedKernel();
  if (cached) return cached;
  if (process.getuid?.() !== 0) {
    throw new Error('lab: no kernel in the cache yet. Run the lab setup once as root:  sudo node scripts/lab/setup.mjs');
  }
  try {
    return await fetchKernel(log);
  } catch (e) {
    throw new Error(
      `${e.message}\n\nThe lab could not fetch the Debian kernel. It needs the Debian package mirror (apt-get update, ` +
        `apt-get download linux-image-6.1.0-<N>-amd64); with the mirror reachable, run:  node scripts/lab/setup.mjs`,
      { cause: e },
    );
  }
}

async function fetchKernel(log) {
  const pkg = await currentKernelPackage(log);
  const k = describe(pkg);
  const dl = path.join(KERNEL_CACHE, 'download');
  fs.rmSync(dl, { recursive: true, force: true });
  fs.mkdirSync(dl, { recursive: true });
  log(`apt-get download ${pkg}`);
  await sh(['apt-get', 'download', pkg], { cwd: dl, timeout: 900_000 });
  const deb = fs.readdirSync(dl).find((n) => n.endsWith('.deb'));
  if (!deb) throw new Error(`lab: apt-get download ${pkg} produced no .deb in ${dl}`);
  fs.rmSync(k.root, { recursive: true, force: true });
  log(`dpkg-deb -x ${deb}`);
  await sh(['dpkg-deb', '-x', path.join(dl, deb), k.root], { timeout: 600_000 });
  await sh(['depmod', '-b', k.root, k.version]);
  if (!fs.existsSync(k.vmlinuz)) throw new Error(`lab: ${deb} has no ${k.vmlinuz}`);
  fs.writeFileSync(path.join(k.root, '.bondify-lab-ok'), `${pkg}\n`);
  fs.rmSync(dl, { recursive: true, force: true });
  return k;
}
