// The single-file bundle: the whole CLI in one CommonJS file (bondify.cjs) that runs with plain `node`, loading per
// command only what that command needs — the lazy loading of a code-split build without the chunk files.
//
// How: esbuild builds the CLI split into chunks (one per command and per shared piece), each chunk is rewritten
// from ESM to CommonJS form (esbuild's transform), and a ~25-line module table requires them on demand, each chunk
// held brotli-compressed (base64) and inflated and compiled on first require. The every-minute `bondify check`
// (plain, no --heal) runs none of that: it runs the check bundle (check-bundle.mjs, the npm package's lib/check.js),
// compiled through vm.Script (LAUNCHER). What the file holds:
//   - a small CommonJS launcher, the only part that is code;
//   - a block comment `/*bondify:check` holding the check bundle's source as it is;
//   - a block comment `/*bondify:program` holding the module table and the compressed chunks.
// The launcher reads its own file to take the payload it needs. Node reads and V8 scans the whole file on every start,
// and a comment is the cheapest text to scan (about half a string literal's cost, a third of code's), so the
// ~900 kB of validator, execa, diff and apply code that check never runs costs it only the skip of a ~250 kB
// comment. CommonJS, not an ES module: node's ES-module loader alone puts even an empty .mjs at 1.15–1.19×
// `node -e 0`, an empty .cjs at about 1.0× (measured: the same file as .mjs checked at 1.38–1.43×, as .cjs 1.20×).
import { build, transform } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';

const ENTRY = 'bondify.mjs'; // esbuild's name for the split build's entry chunk (internal, never a file)
/** The single file's name in release/. */
export const SINGLE = 'bondify.cjs';

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

/** The chunk that is execa's entry (what `import('execa')` loads): its exports are execa's, by name. */
function execaChunk(metafile) {
  const found = Object.entries(metafile.outputs).find(([, o]) => /node_modules\/execa\/index\.js$/.test(o.entryPoint ?? ''));
  if (!found) throw new Error("no chunk for execa's entry in the split build");
  return path.basename(found[0]);
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
 * Builds the program split into chunks, each in CommonJS form. Returns the chunks (file name → code), the entry's
 * code, its hashbang, the metafile, what check's chunks hold (`checkPath`, for the ship tests) and `pkg`, the npm
 * package's layout of the same chunks (see packageLayout). The single file is written by writeSingleFile.
 */
export async function bundleSingleFile(options) {
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
  return {
    metafile: split.metafile,
    chunks,
    entry,
    hashbang,
    checkPath: checkPath(split.metafile, hot),
    execaChunk: execaChunk(split.metafile),
    pkg: packageLayout(chunks, entry, hot),
  };
}

/** A cold chunk's file in the npm package: a CommonJS module whose export is the chunk's function. */
export const chunkFile = (name) => name.replace(/\.mjs$/, '.cjs');

/**
 * The npm package's program as files instead of one: `main` (the entry, the module table and check's chunks, as a
 * function node's bin loader compiles) and one file per other chunk, required when a command
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

/**
 * The single file's code: everything else in it is a comment. `@CHECK_SOURCE@` is `null` (the check bundle is in
 * the `check` comment) or, when its code holds the two characters that end a comment, the source as a string literal.
 *
 * No V8 code cache: release builds of V8 check only a cache's header, so a damaged one ran as code (issue #22), and
 * in paired series the check's cache bought about 0.05× of a node start (README, "Cold start").
 */
const LAUNCHER = `'use strict';
const __bondify_nodeRequire = require;
const __bondify_file = __filename;
// A path of plain characters is its file URL with 'file://' before it (what pathToFileURL returns for it), without
// loading node's URL code on every start; any other path goes through pathToFileURL.
const __bondify_url = /^\\/[\\w./-]*$/.test(__filename) ? 'file://' + __filename : require('node:url').pathToFileURL(__filename).href;
let __bondify_text;
/** The text of this file's comment \`/*bondify:<name>\` (after the code, so searched from the end). */
function __bondify_payload(name) {
  __bondify_text ??= __bondify_nodeRequire('node:fs').readFileSync(__bondify_file, 'utf8');
  const open = '/*bondify:' + name + '\\n';
  const from = __bondify_text.lastIndexOf(open);
  const to = from < 0 ? -1 : __bondify_text.indexOf('\\n*' + '/', from);
  if (to < 0) throw new Error('bondify: ' + __bondify_file + ' is damaged: its ' + name + ' part is missing');
  return __bondify_text.slice(from + open.length, to);
}
/**
 * The check bundle's source: its comment's bytes alone, read at the offset they were written at (the file is ASCII),
 * so a start decodes 50 kB instead of the whole file; found by searching when the file is not as it was built.
 */
function __bondify_checkSource(fs) {
  const open = '/*bondify:check\\n';
  const close = '\\n*' + '/';
  try {
    const fd = fs.openSync(__bondify_file, fs.constants.O_RDONLY);
    try {
      const buf = Buffer.allocUnsafe(open.length + @CHECK_LENGTH@ + close.length);
      const n = fs.readSync(fd, buf, 0, buf.length, @CHECK_AT@ - open.length);
      const text = buf.toString('latin1', 0, n);
      if (text.startsWith(open) && text.endsWith(close)) return text.slice(open.length, text.length - close.length);
    } finally {
      fs.closeSync(fd);
    }
  } catch {}
  return __bondify_payload('check');
}
let __bondify_program;
/** The full program: its module table (require) and its entry (main). */
function __bondify_full() {
  return (__bondify_program ??= new Function('__bondify_nodeRequire', '__bondify_url', __bondify_payload('program'))(
    __bondify_nodeRequire,
    __bondify_url,
  ));
}
const __bondify_args = process.argv;
// The every-minute check runs the check bundle: check's code alone, in one scope. --heal (and any word that starts
// so, even an option's value) goes to the full program with the rest, as in the npm package's bin (bondify.cjs);
// the check bundle hands a run over to the full program before it has done anything when it needs code it does not hold.
if (__bondify_args[2] === 'check' && !__bondify_args.some((a, i) => i > 2 && a.startsWith('--heal'))) {
  const fs = __bondify_nodeRequire('node:fs');
  const { Script } = __bondify_nodeRequire('node:vm');
  const script = new Script(@CHECK_SOURCE@ ?? __bondify_checkSource(fs), { filename: __bondify_file });
  const require = (id) => (id === './lib/check-execa.cjs' ? __bondify_full().require(@EXECA_CHUNK@) : __bondify_nodeRequire(id));
  script.runInThisContext()(require, __bondify_file, () => __bondify_full().main());
} else __bondify_full().main();
`;

/**
 * Writes the single file: the launcher, then the check bundle (`check`, a function expression as check-bundle.mjs
 * makes it) and the full program as comments. `single` is bundleSingleFile's result. The check bundle's execa
 * (lib/check-execa.cjs in the npm package) is the program's own execa chunk here: the file holds execa once.
 */
export function writeSingleFile(file, single, { code: check }) {
  const { chunks, entry, hashbang } = single;
  const table = { ...chunks, [ENTRY]: entry };
  const program = `${RUNTIME}const __bondify_chunks = {\n${Object.keys(table)
    .sort()
    .map((k) => `${JSON.stringify(k)}: ${JSON.stringify(compress(table[k]))},`)
    .join('\n')}\n};\nreturn { require: __bondify_require, main: () => __bondify_require(${JSON.stringify(ENTRY)}) };`;
  if (program.includes('*/')) throw new Error('single file: the program part holds */ and would end its comment');
  const inComment = !check.includes('*/');
  const fill = (launcher, at) =>
    hashbang +
    launcher
      // Replacer functions, not strings: a replacement string gives `$&`, `$'` and `` $` `` a meaning, and minified
      // code is full of them (`$&&i.push($)` put the placeholder itself back into the file).
      .replace('@EXECA_CHUNK@', () => JSON.stringify(single.execaChunk))
      .replace('@CHECK_SOURCE@', () => (inComment ? 'null' : JSON.stringify(check)))
      .replace('@CHECK_LENGTH@', () => String(check.length))
      .replace('@CHECK_AT@', () => String(at).padEnd(10));
  // The check comment starts right after the code, whose length does not depend on the offset written into it.
  const code = fill(LAUNCHER, fill(LAUNCHER, 0).length + '/*bondify:check\n'.length);
  const parts = [code];
  if (inComment) parts.push(`/*bondify:check\n${check}\n*/\n`);
  parts.push(`/*bondify:program\n${program}\n*/\n`);
  const text = parts.join('');
  // Offsets are bytes and the launcher reads them as characters: only true of an ASCII file (esbuild's default
  // charset escapes every other character).
  if (Buffer.byteLength(text) !== text.length) throw new Error('single file: not ASCII');
  writeFileSync(file, text);
}
