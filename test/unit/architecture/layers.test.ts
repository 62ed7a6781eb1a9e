// The layers of src/, enforced: every import (static, type-only or dynamic) points down this table or stays in
// its own folder, and no two files import each other, however long the way round. A new top-level folder fails
// here until it is given a place, so the picture in ARCHITECTURE.md cannot drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Higher imports lower; folders of one rank do not import each other. `.` is src's own files (errors, text). */
export const LAYERS: Record<string, number> = {
  cli: 6,
  usecases: 5,
  store: 4,
  networkd: 4,
  observe: 4,
  schedule: 4,
  render: 4,
  config: 3,
  model: 2,
  system: 1,
  '.': 0,
};

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

const rel = (abs: string) => path.relative(SRC, abs).split(path.sep).join('/');
const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** file → the src files it imports, from the source text (comments included would only add arrows, never hide one). */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const abs of sourceFiles()) {
    const text = readFileSync(abs, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => rel(path.resolve(path.dirname(abs), m[2]!.replace(/\.js$/, '.ts'))));
    graph.set(rel(abs), [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle's files, found by a depth-first walk (each cycle reported once, from its first file in order). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') found.push(stack.slice(stack.indexOf(t)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

export function againstLayers(graph: Map<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    const a = folderOf(from);
    for (const to of targets) {
      const b = folderOf(to);
      if (a === b) continue;
      const ra = LAYERS[a];
      const rb = LAYERS[b];
      if (ra === undefined || rb === undefined || rb >= ra) wrong.push(`${from} -> ${to}`);
    }
  }
  return wrong;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads imports (the reader itself works)', () => {
    expect(graph.get('cli/main.ts')).toContain('cli/io.ts');
    expect(graph.get('usecases/apply.ts')).toEqual(expect.arrayContaining(['store/journal.ts', 'networkd/control.ts']));
  });

  it('gives every top-level folder a layer', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    expect([...folders].filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  it('has every import pointing down the layers', () => {
    expect(againstLayers(graph)).toEqual([]);
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    const bad = new Map([
      ['observe/a.ts', ['cli/exit.ts']],
      ['store/b.ts', ['networkd/c.ts']],
      ['config/x.ts', ['config/y.ts']],
      ['config/y.ts', ['config/x.ts']],
    ]);
    expect(againstLayers(bad)).toEqual(['observe/a.ts -> cli/exit.ts', 'store/b.ts -> networkd/c.ts']);
    expect(cycles(bad)).toEqual([['config/x.ts', 'config/y.ts']]);
  });
});
