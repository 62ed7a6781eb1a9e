// The npm package's bin and the V8 code cache it starts with.
//
// `bondify check` runs every minute, and compiling its ~50 kB of code is most of what it costs over a bare
// `node -e 0`. So the bin (bondify.cjs) compiles the program (lib/program.js) through vm.Script with cachedData:
// the bytecode of every function check ran in a build-time run, which V8 deserializes instead of parsing and
// compiling. The cache is made here, at build time, and only ever read at run time: root never writes a cache file
// (no writable path to secure, no symlink to refuse). V8 checks the cache's header (its version, flags and the
// source's length) and rejects one that does not match — another node version, or a damaged or truncated file —
// and then the bin compiles the source as it would without a cache. A missing cache file is read as none.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export const PROGRAM = 'lib/program.js';
export const CACHE = 'lib/program.v8cache';

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

/**
 * The bin's own run, under a vm.Script that records what it compiles; when the run ends, the cache of every
 * function each program compiled, as <out>/<name>.v8cache.
 */
const MAKER = `'use strict';
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const [bin, out] = process.argv.splice(2, 2);
const made = [];
vm.Script = class extends vm.Script {
  constructor(source, options) {
    super(source, options);
    made.push([path.basename(options.filename, '.js'), this]);
  }
};
process.on('exit', () => {
  for (const [name, script] of made) writeFileSync(path.join(out, name + '.v8cache'), script.createCachedData());
});
require(bin);
`;

async function referenceIni(repo) {
  const r = await build({
    entryPoints: [path.join(repo, 'src/config/default.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', r.outputFiles[0].text)(module, module.exports);
  return module.exports.REFERENCE_INI;
}

/**
 * Writes `<stage>/lib/program.v8cache` and `<stage>/lib/check.v8cache`, under the node that runs the build (the one
 * the caches are for), in cron's small environment: the check bundle's from the every-minute run (`check` with a
 * cached config against a captured /proc/net/bonding file), the full program's from the run before it (the config
 * not yet cached: check hands over to the full program, which validates the config).
 */
export async function makeCodeCache(repo, stage, node = process.execPath) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bondify-code-cache-'));
  try {
    const maker = path.join(tmp, 'maker.cjs');
    writeFileSync(maker, MAKER);
    const config = path.join(tmp, 'bondify.ini');
    writeFileSync(config, await referenceIni(repo));
    const capture = path.join(repo, 'test/fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt');
    const argv = ['check', '--bonding-file', capture, '--config', config, '--state', path.join(tmp, 'state.json')];
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp };
    for (const [run, keep] of [
      ['validates and caches the config', 'program'],
      ['the every-minute run', 'check'],
    ]) {
      const out = mkdtempSync(path.join(tmp, 'out-'));
      const r = spawnSync(node, [maker, path.join(stage, 'bondify.cjs'), out, ...argv], { encoding: 'utf8', env });
      if (r.status !== 0) throw new Error(`code cache: check (${run}) exited ${r.status}: ${r.stderr}${r.stdout}`);
      if (!existsSync(path.join(out, keep + '.v8cache'))) throw new Error(`code cache: check (${run}) did not run lib/${keep}.js`);
      writeFileSync(path.join(stage, 'lib', keep + '.v8cache'), readFileSync(path.join(out, keep + '.v8cache')));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
