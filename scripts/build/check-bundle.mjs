// The npm package's check bundle: lib/check.js, what the bin runs for plain `bondify check` (every minute, from
// cron). The full program (single-file.mjs's package layout) is split into chunks turned from ESM into CommonJS, so
// each of check's ~14 modules costs a wrapper and every export an esbuild getter at each start. Here esbuild
// bundles check's entry (src/cli/check-main.ts) without splitting, in CommonJS form: it hoists the ES modules into
// one scope, and an import is a plain variable. Costs measured in instructions, see README "Cold start".
//
// What check may load but the bundle must not hold (the config validator with zod, the heal and apply code) is
// replaced by a module that throws HANDOVER (src/cli/check-main.ts): the bin then runs the command in the full
// program. execa (check runs ping, logger and iw through it, mid-run, after it may have written its state) is no
// bondify code, so it cannot split a bondify class: it is a file of its own, lib/check-execa.cjs, required on use.
import { build, transform } from 'esbuild';
import path from 'node:path';

export const CHECK = 'lib/check.js';
export const CHECK_EXECA = 'lib/check-execa.cjs';

/** Modules check imports lazily that belong to the full program: their import hands the run over to it. */
const HANDED_OVER = /(^|\/)(config\/load|usecases\/check-heal|observe\/paint)\.js$|^(chalk|zod|diff|ini)$/;

const handover = {
  name: 'bondify-check-handover',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      if (args.path === 'execa') return { path: './' + CHECK_EXECA, external: true };
      if (HANDED_OVER.test(args.path)) return { path: args.path, namespace: 'handover' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'handover' }, () => ({ contents: "throw Symbol.for('bondify.check-handover');", loader: 'js' }));
  },
};

// esbuild's __toESM, for `import path from 'node:path'` in CommonJS output, copies every export of the module onto
// a new object as a getter (node:fs has ~100): check's three copies of node:fs and eight of node:path cost a few M
// instructions per start (6 M in one series of runs, against a noise of ±3 M). An object whose prototype is the module reads the same — `default`
// is the module (node's interop for a builtin) and every export is found through the prototype — and costs nothing.
// Nothing in check enumerates an import's own keys, which is all that tells the two apart.
const TO_ESM = /^var __toESM = [^\n]*\n[\s\S]*?\n\)\);\n/m;
const TO_ESM_BY_PROTOTYPE = 'var __toESM = (mod) => ({ __proto__: mod, default: mod });\n';

// node:util is needed only for argument words the quick reader leaves to util.parseArgs (src/cli/args.ts), but a
// bundled `import { parseArgs } from 'node:util'` requires it at the top: node then builds the module's public
// exports for the bundle (~0.2 M instructions) on every start. A getter requires it on first use instead.
const UTIL = /^var (import_node_util\d*) = require\("node:util"\);$/m;
const lazyUtil = (code) => code.replace(UTIL, (_, name) => `var ${name} = { get parseArgs() { return require("node:util").parseArgs; } };`);

/**
 * `options`: dist.mjs's esbuild options (target, define, minify). Returns { code, execa, metafile }: code is a
 * function expression the bin compiles and calls as (require, __filename, handover), `require`
 * the bin's (node's builtins and ./lib/check-execa.cjs, relative to the bin).
 */
export async function bundleCheck(repo, options) {
  const r = await build({
    ...options,
    entryPoints: [path.join(repo, 'src/cli/check-main.ts')],
    outExtension: undefined,
    format: 'cjs',
    splitting: false,
    // Minified afterwards, once __toESM is replaced (found by its name).
    minify: false,
    // The bundle's own URL, for the entry's setEntry (the bin's, as the full program records).
    define: { ...options.define, 'import.meta.url': '__bondify_url' },
    plugins: [handover],
    // import() becomes a require() of the bin's: vm.Script, which compiles the bundle, has no module loader.
    supported: { 'dynamic-import': false },
    write: false,
    outfile: '/bondify-virtual/check.js',
  });
  const plain = r.outputFiles[0].text;
  if (!TO_ESM.test(plain) && plain.includes('__toESM('))
    throw new Error("check bundle: esbuild's __toESM helper has a new shape; update TO_ESM");
  // Only parseArgs is read from it: any other use would find the getter object without it.
  const utilUses = [...plain.matchAll(/\bimport_node_util\d*\.(\w+)/g)].map((m) => m[1]);
  if (utilUses.some((u) => u !== 'parseArgs')) throw new Error(`check bundle: node:util used for ${utilUses.join(', ')}; update lazyUtil`);
  const min = await transform(lazyUtil(plain.replace(TO_ESM, TO_ESM_BY_PROTOTYPE)), {
    loader: 'js',
    target: options.target,
    minifyWhitespace: options.minify,
    minifySyntax: options.minify,
    // Identifiers too: no instruction count it moves beyond the noise (~100 M either way), and 46 kB instead of 59.
    minifyIdentifiers: options.minify,
    format: 'cjs', // a module scope: its top-level names are renamed too
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const body = min.code;
  // Each module check bundles keeps its own require("node:fs") (six of fs, eight of path): node answers every
  // require of a builtin through its module loader and re-syncs the builtin's ES-module view, ~0.3 M instructions
  // per start for the twelve repeats. One answer per name instead.
  const code = `(function (bin_require, __filename, __bondify_handover) {
'use strict';
const __bondify_required = Object.create(null);
const require = (id) => __bondify_required[id] || (__bondify_required[id] = bin_require(id));
const __bondify_url = /^\\/[\\w./-]*$/.test(__filename) ? 'file://' + __filename : require('node:url').pathToFileURL(__filename).href;
const module = { exports: {} };
const exports = module.exports;
${body}
module.exports.main(process.argv.slice(3), __bondify_handover);
})`;
  const execa = await build({
    stdin: { contents: "export { execa } from 'execa';", resolveDir: repo, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: options.target,
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return { code, execa: execa.outputFiles[0].text, metafile: r.metafile };
}

/** What the check bundle holds: its source files and the node builtins it imports (for the ship tests). */
export function checkBundleContents(metafile) {
  const [out] = Object.values(metafile.outputs);
  return {
    inputs: Object.keys(out.inputs).sort(),
    builtins: [...new Set(out.imports.filter((i) => i.external).map((i) => i.path))].sort(),
  };
}
