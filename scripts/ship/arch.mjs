// Stages the Arch package's build folder: packaging/arch/PKGBUILD with pkgver and sha256sums filled in, the release
// tarball (`npm run dist`, or --tarball), and the files generated from this tree (the systemd units from src/schedule/units.ts, the man page from
// docs/bondify.1.md, bash completion from the --help texts), the example config and LICENSE. With --build, makepkg
// builds it there as an unprivileged user (makepkg refuses root) — no network.
//   node scripts/ship/arch.mjs [--tarball PATH] [--out DIR] [--build]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { completionScript, completionSpec } from './completion.mjs';
import { ensureShipPackages } from './deps.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const at = (...p) => path.join(REPO, ...p);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

export const version = () => JSON.parse(readFileSync(at('package.json'), 'utf8')).version;

/** The release tarball, built now by `npm run dist`'s own function (release/bondify-<version>.tgz). */
export async function releaseTarball() {
  const { dist } = await import('../build/dist.mjs');
  return (await dist({ quiet: true })).tarball;
}

/** Writes the generated sources into `out`; returns their names in PKGBUILD source order. */
async function generate(out, tarball) {
  const units = await import(pathToFileURL(at('dist', 'schedule', 'units.js')).href);
  for (const u of units.packagedUnits()) writeFileSync(path.join(out, path.basename(u.path)), u.content);
  const md = readFileSync(at('docs', 'bondify.1.md'), 'utf8').replace('@VERSION@', version());
  writeFileSync(path.join(out, 'bondify.1.md'), md);
  run('go-md2man', ['-in', path.join(out, 'bondify.1.md'), '-out', path.join(out, 'bondify.1')]);
  rmSync(path.join(out, 'bondify.1.md'));
  writeFileSync(path.join(out, 'bondify.bash'), completionScript(completionSpec([process.execPath, at('dist', 'cli', 'main.js')])));
  copyFileSync(at('packaging', 'bondify.ini'), path.join(out, 'bondify.ini'));
  copyFileSync(at('LICENSE'), path.join(out, 'LICENSE'));
  copyFileSync(tarball, path.join(out, `bondify-${version()}.tgz`));
}

/** packaging/arch/PKGBUILD with this version and the checksum of every source, in source order. */
export function pkgbuild(out) {
  const text = readFileSync(at('packaging', 'arch', 'PKGBUILD'), 'utf8').replace(/^pkgver=.*$/m, `pkgver=${version()}`);
  const sources = [...text.match(/^source=\(([^)]*)\)/m)[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1].replace('$pkgver', version()));
  const sums = sources.map((s) => `'${sha256(path.join(out, s))}'`).join('\n            ');
  return text.replace(/^sha256sums=\(\)$/m, `sha256sums=(${sums})`);
}

export async function stage(out, tarball) {
  tarball ??= await releaseTarball();
  await ensureShipPackages();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await generate(out, tarball);
  writeFileSync(path.join(out, 'PKGBUILD'), pkgbuild(out));
  return out;
}

/** makepkg as `user` (it refuses root) in `out`, owned by that user for the build; returns the package's path. */
export function build(out, user) {
  if (user) run('chown', ['-R', `${user}:`, out]);
  const asUser = user ? ['runuser', '-u', user, '--'] : [];
  // --nodeps: this host's pacman database knows no nodejs (a Debian host); Arch's makepkg -s would install it.
  const argv = [...asUser, 'makepkg', '--nodeps', '--noconfirm', '--force', '--cleanbuild', '--clean'];
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: out,
    encoding: 'utf8',
    env: { ...process.env, PKGDEST: out, SRCDEST: out, BUILDDIR: path.join(out, 'build'), LC_ALL: 'C' },
  });
  // Quiet when it works; all of makepkg's own words when it does not.
  if (r.status !== 0) throw new Error(`${argv.join(' ')} in ${out} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  rmSync(path.join(out, 'build'), { recursive: true, force: true });
  const pkg = readdirSync(out).find((f) => /^bondify-.*-any\.pkg\.tar\.[a-z]+$/.test(f));
  if (!pkg) throw new Error(`makepkg left no package in ${out}`);
  return path.join(out, pkg);
}

/**
 * Stages and builds in `out`. As root, makepkg runs as a system user made for this build and removed after it;
 * the folder is given back to root.
 */
export async function buildPackage(out, tarball) {
  await stage(out, tarball);
  if (process.getuid?.() !== 0) return build(out, null);
  const user = `bondify-mkpkg-${process.pid}`;
  run('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', user]);
  try {
    return build(out, user);
  } finally {
    run('chown', ['-R', 'root:root', out]);
    run('userdel', [user]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { tarball: { type: 'string' }, out: { type: 'string' }, build: { type: 'boolean' } } });
  const out = path.resolve(values.out ?? at('release', 'arch'));
  const tarball = values.tarball ? path.resolve(values.tarball) : undefined;
  if (values.build) process.stdout.write(`built ${await buildPackage(out, tarball)}\n`);
  else process.stdout.write(`staged ${await stage(out, tarball)}\n`);
}
