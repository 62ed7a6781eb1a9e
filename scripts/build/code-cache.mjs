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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export const PROGRAM = 'lib/program.js';
export const CACHE = 'lib/program.v8cache';

/** The bin. `lib` (the folder of the program, its cache and the other chunks) is where the program looks for chunks. */
export const LOADER = `#!/usr/bin/env node
'use strict';
// bondify's bin: compiles the program with the V8 code cache made when the package was built (see its README,
// "Cold start"). V8 rejects a cache that does not match this node and the source is compiled as usual.
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const lib = __dirname + '/lib';
const filename = lib + '/program.js';
let cachedData;
try {
  cachedData = readFileSync(lib + '/program.v8cache');
} catch {
  cachedData = undefined;
}
new Script(readFileSync(filename, 'utf8'), { filename, cachedData }).runInThisContext()(require, module, exports, __filename, lib);
`;

/** The same compile as the bin's, then, when the run ends, the cache of every function it compiled. */
const MAKER = `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const [bin, out] = process.argv.splice(2, 2);
const lib = require('node:path').dirname(bin) + '/lib';
const filename = lib + '/program.js';
const script = new Script(readFileSync(filename, 'utf8'), { filename });
process.on('exit', () => writeFileSync(out, script.createCachedData()));
script.runInThisContext()(require, module, exports, bin, lib);
`;

async function referenceIni(repo) {
  const r = await build({ entryPoints: [path.join(repo, 'src/config/default.ts')], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', r.outputFiles[0].text)(module, module.exports);
  return module.exports.REFERENCE_INI;
}

/**
 * Writes `<stage>/lib/program.v8cache` from the every-minute run: `check` with a cached config against a captured
 * /proc/net/bonding file, under the node that runs the build (the one the cache is for), in cron's small environment.
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
    const out = path.join(tmp, 'program.v8cache');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp };
    for (const run of ['validates and caches the config', 'the every-minute run']) {
      const r = spawnSync(node, [maker, path.join(stage, 'bondify.cjs'), out, ...argv], { encoding: 'utf8', env });
      if (r.status !== 0) throw new Error(`code cache: check (${run}) exited ${r.status}: ${r.stderr}${r.stdout}`);
    }
    writeFileSync(path.join(stage, CACHE), readFileSync(out));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
