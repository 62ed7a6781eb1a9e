// The npm package's bin and the V8 code cache it starts with.
//
// `bondify check` runs every minute, and compiling its ~50 kB of code is most of what it costs over a bare
// `node -e 0`. So the bin (bondify.cjs) compiles the program (lib/program.js) through vm.Script with cachedData:
// the bytecode of every function check ran in a recorded run, which V8 deserializes instead of parsing and
// compiling. V8 checks the cache's header (its version, flags and the source's length) and rejects one that does not
// match — another node version, or a damaged or truncated file — and then the bin compiles the source as it would
// without a cache. A missing cache file is read as none.
// The maker of the caches ships in the package (lib/make-cache.cjs, from src/cli/make-cache.ts): the build runs it
// for the node that builds, and the Arch package's pacman hook runs it again, as root, whenever nodejs or bondify is
// installed or upgraded, because Arch upgrades node often and the shipped caches are then only ballast.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { CHECK_CACHE } from './check-bundle.mjs';

export const PROGRAM = 'lib/program.js';
export const CACHE = 'lib/program.v8cache';
/** The maker of both caches, shipped so a package can make them again for the node on the device. */
export const MAKER = 'lib/make-cache.cjs';
/** The bonding file the maker's check runs read. */
const CAPTURE = 'test/fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt';

/**
 * The bin. `lib` (the folder of the programs, their caches and the other chunks) is where the program looks for
 * chunks. Plain `bondify check` runs the check bundle (check-bundle.mjs), everything else the full program.
 */
export const LOADER = `#!/usr/bin/env node
'use strict';
// bondify's bin: compiles a program with the V8 code cache made when the package was built (see its README,
// "Cold start"). V8 rejects a cache that does not match this node and the source is compiled as usual.
const { readFileSync } = require('node:fs');
const lib = __dirname + '/lib';
function compile(name) {
  const filename = lib + '/' + name + '.js';
  let cachedData;
  try {
    cachedData = readFileSync(lib + '/' + name + '.v8cache');
  } catch {
    cachedData = undefined;
  }
  const { Script } = require('node:vm');
  return new Script(readFileSync(filename, 'utf8'), { filename, cachedData }).runInThisContext();
}
const program = () => compile('program')(require, module, exports, __filename, lib);
// The every-minute check runs lib/check.js: check's code alone, in one scope. --heal (and any word that starts so,
// even an option's value) goes to the full program with the rest: heal loads the apply code, whose BondifyError
// must be the class check tests errors against (instanceof), so one run never mixes the two programs' code. The
// check bundle hands a run over to the full program (program) before it has done anything when it needs code it
// does not hold (the config validator, after a config change).
const args = process.argv;
if (args[2] === 'check' && !args.some((a, i) => i > 2 && a.startsWith('--heal'))) compile('check')(require, __filename, program);
else program();
`;

/** The maker (src/cli/make-cache.ts) as one CommonJS file, the capture it runs check against put in. */
export async function bundleMaker(repo) {
  const r = await build({
    stdin: {
      contents: "import { main } from './src/cli/make-cache.ts';\nmain(process.argv);\n",
      resolveDir: repo,
      sourcefile: 'make-cache-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.5',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    // fs.ts's module reads package files through import.meta.url in a function the maker does not use (it is
    // dropped as dead code; checked below), so esbuild's warning about it in CommonJS is not the maker's.
    logOverride: { 'empty-import-meta': 'silent' },
    banner: {
      js: "// bondify's code cache maker, run by root (the Arch package's pacman hook): node <this file>. Built from src/cli/make-cache.ts.",
    },
    define: { BONDIFY_CODE_CACHE_CAPTURE: JSON.stringify(readFileSync(path.join(repo, CAPTURE), 'utf8')) },
  });
  const code = r.outputFiles[0].text;
  if (/\bimport_meta\b/.test(code)) throw new Error('code cache: the maker uses import.meta, which is empty in CommonJS');
  return code;
}

/**
 * Writes `<stage>/lib/make-cache.cjs` and runs it under the node that runs the build (the one the shipped caches are
 * for): it writes `<stage>/lib/program.v8cache` and `<stage>/lib/check.v8cache` (see src/cli/make-cache.ts).
 */
export async function makeCodeCache(repo, stage, node = process.execPath) {
  const maker = path.join(stage, MAKER);
  writeFileSync(maker, await bundleMaker(repo));
  const r = spawnSync(node, [maker], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  if (r.status !== 0) throw new Error(`code cache: ${MAKER} exited ${r.status}: ${r.stderr}${r.stdout}`);
  for (const f of [CACHE, CHECK_CACHE]) if (!existsSync(path.join(stage, f))) throw new Error(`code cache: ${MAKER} wrote no ${f}`);
}
