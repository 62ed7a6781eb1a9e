// The npm package's bin (bondify.cjs): a CommonJS loader, so node starts it without its ES-module loader. It
// compiles lib/check.js for plain `bondify check` (every minute, from cron; check-bundle.mjs) and lib/program.js
// (the entry and check's chunks; single-file.mjs's package layout) for everything else. No V8 code cache: release
// builds of V8 check only a cache's header, so a damaged one ran as code (issue #22), and in paired series the
// caches bought about 0.05× of a node start (README, "Cold start").

export const PROGRAM = 'lib/program.js';

/** The bin. `lib` (the folder of the programs and the other chunks) is where the program looks for chunks. */
export const LOADER = `#!/usr/bin/env node
'use strict';
// bondify's bin (see its README, "Cold start"): lib/check.js for the every-minute check, lib/program.js otherwise.
const { readFileSync } = require('node:fs');
const lib = __dirname + '/lib';
function compile(name) {
  const filename = lib + '/' + name + '.js';
  const { Script } = require('node:vm');
  return new Script(readFileSync(filename, 'utf8'), { filename }).runInThisContext();
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
