#!/usr/bin/env node
// Lab setup: Debian packages, the Debian kernel, the initramfs (and for the trixie flavour its cached root).
// Idempotent and cached; `node scripts/lab/setup.mjs [trixie]`.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CACHE } from './lib/paths.mjs';
import { ensurePackages } from './lib/packages.mjs';
import { ensureKernel } from './lib/kernel.mjs';
import { ensureInitramfs } from './lib/initramfs.mjs';
import { checkFlavour } from './lib/flavour.mjs';
import { ensureTrixieRoot } from './lib/trixie.mjs';

/** Everything a boot needs: { kernel, initramfs, lower? } (lower: the guest root dir for a non-default flavour).
 * Fails with what to do when it cannot. */
export async function ensureLab({ log = (m) => process.stderr.write(`[lab setup] ${m}\n`), flavour = 'default' } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`lab: needs Linux on x86-64 (this is ${process.platform}/${process.arch})`);
  }
  fs.mkdirSync(CACHE, { recursive: true });
  await ensurePackages(log);
  const kernel = await ensureKernel(log);
  const initramfs = await ensureInitramfs(kernel, log);
  if (checkFlavour(flavour) === 'default') return { kernel, initramfs };
  return { kernel, initramfs, lower: await ensureTrixieRoot(log) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  ensureLab({ flavour: process.argv[2] ?? 'default' }).then(
    ({ kernel, initramfs, lower }) => {
      console.log(
        `lab ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: kernel ${kernel.version}, ${initramfs}${lower ? `, guest root ${lower}` : ''}`,
      );
    },
    (e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
