#!/usr/bin/env node
// Release build (`npm run dist`): bundles the CLI with esbuild, so what ships needs nothing but Node ≥ 20.5 —
// no node_modules, no registry, no TypeScript. Writes into release/ (git-ignored):
//   release/bondify-<version>.tgz  the npm tarball: package/{package.json, bondify.cjs, lib/, README.md, LICENSE,
//                                  LICENSES.txt}; bin.bondify is bondify.cjs, a CommonJS loader (node starts it
//                                  without its ES-module loader, bin.mjs) that compiles lib/program.js (the entry
//                                  and check's code); the other commands' code is in lib/chunk-*.cjs, required when
//                                  a command needs it; plain `bondify check` runs lib/check.js instead, check's
//                                  code alone in one scope (check-bundle.mjs); package.json declares no dependencies
//                                  (they are inside), so `npm install -g --offline ./bondify-<version>.tgz` works
//                                  with an empty npm cache
//   release/bondify.cjs            the same program as one self-contained CommonJS file (`node bondify.cjs check`),
//                                  for an SD card or a board without npm (single-file.mjs)
// The templates are code (src/render/templates.generated.ts, regenerated here from netdev-templates/ first), and the
// version (package.json) is substituted at build time: the program reads neither at run time.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SINGLE, bundleSingleFile, writeSingleFile } from './single-file.mjs';
import { LOADER, PROGRAM } from './bin.mjs';
import { CHECK, CHECK_EXECA, bundleCheck, checkBundleContents } from './check-bundle.mjs';
import { writeTemplatesModule } from './templates.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));

/** Options every bundle shares: one Node ESM program with its version substituted in. */
export const esbuildOptions = {
  entryPoints: { bondify: path.join(repo, 'src/cli/main.ts') },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.5',
  minify: true,
  legalComments: 'none',
  // `.mjs`: node knows the format from the name and looks for no package.json "type" on each load.
  outExtension: { '.js': '.mjs' },
  define: { BONDIFY_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  metafile: true,
};

/** The licence texts of the packages bundled in (their MIT/ISC terms ask for the notice to travel with the code). */
function licenses(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(path.resolve(repo, m[1]));
  }
  const parts = [];
  for (const dir of [...dirs].sort()) {
    const meta = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    parts.push(
      `${meta.name}@${meta.version} (${meta.license})\n\n${file ? readFileSync(path.join(dir, file), 'utf8').trim() : '(no licence file shipped)'}\n`,
    );
  }
  return `bondify bundles these packages; their licences follow.\n\n${parts.join('\n' + '-'.repeat(78) + '\n\n')}`;
}

/** `out`: release/ for `npm run dist`; the ship tests build into a temporary folder of their own. */
export async function dist({ out = path.join(repo, 'release'), quiet = false } = {}) {
  // The bundle compiles src/, so a template edited since the last `npm run build` must reach the generated module.
  writeTemplatesModule(repo);
  // Only this script's own outputs: release/ also holds what other packaging steps build from them.
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (/^bondify(-.*\.tgz|\.mjs|\.cjs)$/.test(f)) rmSync(path.join(out, f));
  const stage = path.join(out, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  const single = await bundleSingleFile(esbuildOptions);
  mkdirSync(path.join(stage, 'lib'));
  writeFileSync(path.join(stage, 'bondify.cjs'), LOADER);
  chmodSync(path.join(stage, 'bondify.cjs'), 0o755);
  writeFileSync(path.join(stage, PROGRAM), single.pkg.main);
  for (const [name, code] of Object.entries(single.pkg.files)) writeFileSync(path.join(stage, 'lib', name), code);
  const check = await bundleCheck(repo, esbuildOptions);
  writeSingleFile(path.join(out, SINGLE), single, check);
  chmodSync(path.join(out, SINGLE), 0o755);
  writeFileSync(path.join(stage, CHECK), check.code);
  writeFileSync(path.join(stage, CHECK_EXECA), check.execa);
  const docs = ['README.md', 'LICENSE'].filter((f) => existsSync(path.join(repo, f)));
  for (const f of docs) copyFileSync(path.join(repo, f), path.join(stage, f));
  writeFileSync(path.join(stage, 'LICENSES.txt'), licenses(single.metafile));
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    type: 'module',
    engines: pkg.engines,
    bin: { bondify: 'bondify.cjs' },
    files: ['bondify.cjs', 'lib', 'LICENSES.txt', ...docs],
  };
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

  const pack = spawnSync('npm', ['pack', stage, '--pack-destination', out, '--json', '--ignore-scripts'], { encoding: 'utf8', cwd: out });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const tarball = path.join(out, JSON.parse(pack.stdout)[0].filename);
  rmSync(stage, { recursive: true, force: true });
  if (!existsSync(tarball)) throw new Error(`npm pack wrote no ${tarball}`);
  if (!quiet) console.log(`${path.relative(process.cwd(), tarball)}\n${path.relative(process.cwd(), path.join(out, SINGLE))}`);
  return {
    tarball,
    single: path.join(out, SINGLE),
    version: pkg.version,
    checkPath: single.checkPath,
    checkBundle: checkBundleContents(check.metafile),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  await dist(i > 0 ? { out: path.resolve(process.argv[i + 1]) } : {});
}
