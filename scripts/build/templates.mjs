#!/usr/bin/env node
// netdev-templates/*.json → src/render/templates.generated.ts, run by `npm run build` and `npm run dist`.
//
// Why generate code from the templates instead of reading them at run time: the JSON files stay what a user reads
// (each networkd key with the reason it is written), while the program carries them as one typed TypeScript value.
// `tsc` then checks every template against src/render/template-shapes.ts — a field name render cannot fill fails the
// build, not a run on someone's board — and render is a pure function of the model: no file to find next to the
// program, no read, no run-time schema check (zod), and the release bundles need no netdev-templates/ folder.
// The generated module is committed, so a fresh clone type-checks before any build; a unit test regenerates it and
// compares, so a template edited without `npm run build` fails the tests.
//
// This script checks only what the types cannot: that each file is a JSON object and that a path's placeholders
// are {bond}, or {slave} in a file rendered once per slave. `node scripts/build/templates.mjs --check` exits 1 when
// the committed module is not what the templates give.
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const TEMPLATE_DIR = 'netdev-templates';
export const GENERATED = 'src/render/templates.generated.ts';

function problem(file, message) {
  return new Error(`${TEMPLATE_DIR}/${file}: ${message} (fix the template, then run npm run build)`);
}

function parse(dir, file) {
  let data;
  try {
    data = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  } catch (e) {
    throw problem(file, `not valid JSON: ${e.message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw problem(file, 'must hold one JSON object');
  if (typeof data.path === 'string') {
    for (const [, name] of data.path.matchAll(/\{([^}]*)\}/g)) {
      if (name === 'bond') continue;
      if (name === 'slave' && data.forEach !== undefined) continue;
      throw problem(file, `path ${JSON.stringify(data.path)} names {${name}}; a path may name {bond}, and {slave} only with "forEach"`);
    }
  }
  return data;
}

/** JSON as TypeScript: a value that fits in the line stays on one line, a longer one gets a line per item. */
function flat(value) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${flat(v)}`)
    .join(', ')} }`;
}

function literal(value, indent) {
  const one = flat(value);
  if (typeof value !== 'object' || value === null || indent.length + one.length <= 110) return one;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => literal(v, inner))
    : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.map((i) => `${inner}${i},\n`).join('')}${indent}${close}`;
}

/** The generated module's text for the templates in `repoDir` (file names sorted, so the output is deterministic). */
export function templatesModule(repoDir = repo) {
  const dir = path.join(repoDir, TEMPLATE_DIR);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const entries = files.map((f) => {
    return `  ${JSON.stringify(f.slice(0, -'.json'.length))}: ${literal(parse(dir, f), '  ')},\n`;
  });
  return `// GENERATED from ${TEMPLATE_DIR}/*.json by scripts/build/templates.mjs (npm run build): edit the templates, not this
// file. The type annotation is the check that a template names only fields render fills (template-shapes.ts).
import type { Templates } from './template-shapes.js';

export const TEMPLATES: Templates = {
${entries.join('')}};
`;
}

/** Writes the module when its text differs (an unchanged build leaves the file and its mtime alone); true if written. */
export function writeTemplatesModule(repoDir = repo) {
  const target = path.join(repoDir, GENERATED);
  const text = templatesModule(repoDir);
  let old = null;
  try {
    old = readFileSync(target, 'utf8');
  } catch {
    // absent: written below
  }
  if (old === text) return false;
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--check')) {
      const current = readFileSync(path.join(repo, GENERATED), 'utf8') === templatesModule();
      if (!current) console.error(`${GENERATED} is not what ${TEMPLATE_DIR}/ gives: run npm run build`);
      process.exitCode = current ? 0 : 1;
    } else if (writeTemplatesModule()) {
      console.error(`wrote ${GENERATED}`);
    }
  } catch (e) {
    console.error(`bondify build: ${e.message}`);
    process.exitCode = 1;
  }
}
