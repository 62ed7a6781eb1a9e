// The single-file bundle: the whole CLI in one .mjs that runs with plain `node`, loading per command only what
// that command needs — the lazy loading of a code-split build without the chunk files.
//
// How: esbuild builds the CLI split into chunks (one per command and per shared piece), each chunk is rewritten
// from ESM to CommonJS form (esbuild's transform), and a ~25-line module table requires them on demand. The chunks
// the every-minute `bondify check` runs (the entry and check's static imports) are in the file as code; every
// other chunk is brotli-compressed base64 that is inflated and compiled on first require. Node decodes and V8
// scans the whole .mjs on every start, so the ~800 kB of validator, execa, diff and apply code that check never
// runs costs it only the scan of a ~200 kB string. CommonJS form also takes node's builtins through require(),
// which skips the ESM wrappers node builds for `import … from 'node:fs'` (they touch every export, e.g. loading
// the fs streams).
import { build, transform } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';

const ENTRY = 'bondify.mjs';

/** How the file finds node's require and its own URL: an ES module asks node:module, a CommonJS file has both. */
const PROLOGUE = {
  esm: `import { createRequire as __bondify_createRequire } from 'node:module';
const __bondify_url = import.meta.url;
const __bondify_nodeRequire = __bondify_createRequire(__bondify_url);
`,
  cjs: `'use strict';
const __bondify_url = require('node:url').pathToFileURL(__filename).href;
const __bondify_nodeRequire = require;
`,
};

/**
 * The module table: `__bondify_chunks` maps a chunk's file name to its code (a function) or to what `coldBody`,
 * an expression over `chunk` and `name`, turns into that function (compressed source, or a file to require).
 */
const moduleTable = (coldBody) => `const __bondify_loaded = new Map();
function __bondify_require(id) {
  const name = id.startsWith('./') ? id.slice(2) : id;
  const chunk = __bondify_chunks[name];
  if (chunk === undefined) return __bondify_nodeRequire(id);
  let module = __bondify_loaded.get(name);
  if (module === undefined) {
    module = { exports: {} };
    __bondify_loaded.set(name, module);
    const body = typeof chunk === 'function' ? chunk : ${coldBody};
    body(__bondify_require, module, module.exports, __bondify_url);
  }
  return module.exports;
}
`;

/** The single file's table: a cold chunk is held brotli-compressed and compiled the first time it is required. */
const RUNTIME = moduleTable(`new Function('require', 'module', 'exports', '__bondify_url',
      '"use strict";' + __bondify_nodeRequire('node:zlib').brotliDecompressSync(Buffer.from(chunk, 'base64')).toString('utf8') + '\\n//# sourceURL=' + __bondify_url + '/' + name)`);

async function toCommonJs(code, name) {
  const r = await transform(code, {
    format: 'cjs',
    loader: 'js',
    target: 'node20.5',
    minify: true,
    legalComments: 'none',
    // The single file's own URL stands for every chunk's (they all live in it).
    define: { 'import.meta.url': '__bondify_url' },
    // import() of a chunk becomes require() through the table (Promise-wrapped, so still asynchronous).
    supported: { 'dynamic-import': false },
    sourcefile: name,
    logLevel: 'warning',
  });
  for (const w of r.warnings) throw new Error(`${name}: ${w.text}`);
  return r.code;
}

const compress = (code) =>
  brotliCompressSync(Buffer.from(code, 'utf8'), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
  }).toString('base64');

/** The chunks `bondify check` loads: the check command's chunk and what it imports statically, transitively. */
function hotChunks(metafile) {
  const outputs = Object.entries(metafile.outputs).map(([file, o]) => [path.basename(file), o]);
  const byName = new Map(outputs);
  const start = outputs.find(([, o]) => o.entryPoint?.endsWith('src/cli/commands/check.ts'));
  if (!start) throw new Error('no chunk for src/cli/commands/check.ts in the split build');
  const hot = new Set();
  const visit = (name) => {
    if (hot.has(name)) return;
    hot.add(name);
    for (const i of byName.get(name)?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(path.basename(i.path));
  };
  visit(start[0]);
  visit(ENTRY);
  return hot;
}

/** What the chunks of `bondify check` hold: source files and the node builtins they import (for the ship tests). */
function checkPath(metafile, hot) {
  const inputs = new Set();
  const builtins = new Set();
  for (const [file, o] of Object.entries(metafile.outputs)) {
    if (!hot.has(path.basename(file))) continue;
    for (const i of Object.keys(o.inputs)) inputs.add(i);
    for (const i of o.imports) if (i.external) builtins.add(i.path);
  }
  return { inputs: [...inputs].sort(), builtins: [...builtins].sort() };
}

/**
 * Writes the program as one file per entry of `outfiles`: `esm` (bondify.mjs, the single file) or `cjs` (the same in
 * CommonJS form). Returns also `pkg`, the npm package's layout of the same chunks (see packageLayout).
 */
export async function bundleSingleFile(options, outfiles) {
  const split = await build({ ...options, splitting: true, outdir: '/bondify-virtual', chunkNames: '[name]-[hash]', write: false });
  const chunks = {};
  let entry = null;
  let hashbang = '';
  for (const f of split.outputFiles) {
    const name = path.basename(f.path);
    let code = f.text;
    if (name === ENTRY) {
      const m = /^#!.*\n/.exec(code);
      if (m) {
        hashbang = m[0];
        code = code.slice(m[0].length);
      }
      entry = await toCommonJs(code, name);
    } else {
      chunks[name] = await toCommonJs(code, name);
    }
  }
  if (entry === null) throw new Error(`esbuild wrote no ${ENTRY}`);
  const hot = hotChunks(split.metafile);
  // Check's chunks are parenthesized functions: V8 compiles those at once instead of pre-parsing them now and
  // parsing them again on the call that follows at start-up.
  const table = `const __bondify_chunks = {\n${Object.keys(chunks)
    .sort()
    .map(
      (k) =>
        `${JSON.stringify(k)}: ${hot.has(k) ? `(function (require, module, exports, __bondify_url) {\n${chunks[k]}})` : JSON.stringify(compress(chunks[k]))},`,
    )
    .join('\n')}\n};\n`;
  const main = `(function (require, module, exports) {\n${entry}\n})(__bondify_require, { exports: {} }, {});\n`;
  for (const [kind, file] of Object.entries(outfiles)) writeFileSync(file, hashbang + PROLOGUE[kind] + RUNTIME + table + main);
  return {
    metafile: split.metafile,
    chunks: Object.keys(chunks).length,
    checkPath: checkPath(split.metafile, hot),
    pkg: packageLayout(chunks, entry, hot),
  };
}

/** A cold chunk's file in the npm package: a CommonJS module whose export is the chunk's function. */
export const chunkFile = (name) => name.replace(/\.mjs$/, '.cjs');

/**
 * The npm package's program as files instead of one: `main` (the entry, the module table and check's chunks, as a
 * function node's bin loader compiles with its code cache) and one file per other chunk, required when a command
 * needs it. Nothing compressed (npm's tarball is), and check's start reads ~50 kB of program instead of ~260 kB.
 */
function packageLayout(chunks, entry, hot) {
  const table = `const __bondify_chunks = {\n${Object.keys(chunks)
    .sort()
    .map(
      (k) =>
        `${JSON.stringify(k)}: ${hot.has(k) ? `(function (require, module, exports, __bondify_url) {\n${chunks[k]}})` : JSON.stringify(chunkFile(k))},`,
    )
    .join('\n')}\n};\n`;
  // The same module table as the single file's, a cold chunk named by its file instead of held compressed.
  const runtime = moduleTable("__bondify_nodeRequire(__bondify_dir + '/' + chunk)");
  // A path of plain characters is its file URL with 'file://' before it (what pathToFileURL returns for it),
  // without loading node's URL code on every start; any other path goes through pathToFileURL.
  const prologue = `'use strict';
const __bondify_url = /^\\/[\\w./-]*$/.test(__filename) ? 'file://' + __filename : require('node:url').pathToFileURL(__filename).href;
const __bondify_nodeRequire = require;
const __bondify_dir = __dirname;
`;
  const main = `(function (require, module, exports, __filename, __dirname) {\n${prologue}${runtime}${table}(function (require, module, exports) {\n${entry}\n})(__bondify_require, { exports: {} }, {});\n})`;
  const files = Object.fromEntries(
    Object.keys(chunks)
      .filter((k) => !hot.has(k))
      .map((k) => [chunkFile(k), `'use strict';\nmodule.exports = function (require, module, exports, __bondify_url) {\n${chunks[k]}};\n`]),
  );
  return { main, files };
}
