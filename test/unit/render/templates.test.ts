// The templates are compiled in: netdev-templates/*.json become src/render/templates.generated.ts at build time, the
// committed module is what the templates give, `tsc` refuses a template that names a field render cannot fill, and
// render imports nothing that reads. That the built CLI plans without the folder is test/slow/ship/templates-dist.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const GENERATED = path.join(REPO, 'src/render/templates.generated.ts');

interface Generator {
  templatesModule: (repoDir?: string) => string;
}
const generator = async (): Promise<Generator> =>
  (await import(pathToFileURL(path.join(REPO, 'scripts/build/templates.mjs')).href)) as Generator;

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const scratch = (prefix: string): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `bondify-${prefix}-`));
  made.push(d);
  return d;
};

/**
 * The type errors ("line N: message") of each text put in place of the generated module, from one program (the
 * libraries are loaded and checked once): text i is a virtual file beside the real one, importing the real shapes.
 */
function typeErrors(texts: string[]): string[][] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const names = texts.map((_, i) => GENERATED.replace(/\.ts$/, `.variant${i}.ts`));
  const virtual = new Map(names.map((n, i) => [n, texts[i]!]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError) => {
    const text = virtual.get(path.resolve(f));
    return text === undefined ? getSourceFile.call(host, f, lang, onError) : ts.createSourceFile(f, text, lang);
  };
  const program = ts.createProgram(names, options, host);
  const all = ts.getPreEmitDiagnostics(program);
  return names.map((n) =>
    all
      .filter((d) => d.file !== undefined && path.resolve(d.file.fileName) === n)
      .map(
        (d) =>
          `line ${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      ),
  );
}

// [what is wrong, edit of the generated text, text on the line the type error must point at]
const BROKEN: Array<[string, (t: string) => string, string]> = [
  ['an unknown field', (t) => t.replace('"field": "bond.mode"', '"field": "bond.modee"'), 'bond.modee'],
  ["a slave's field in a file rendered once for the bond", (t) => t.replace('"field": "bond.name"', '"field": "slave.name"'), 'slave.name'],
  [
    'a key with both a value and a field',
    (t) => t.replace('{ "key": "Kind", "value": "bond" }', '{ "key": "Kind", "value": "bond", "field": "bond.mode" }'),
    '"Kind"',
  ],
  ['a misspelt property', (t) => t.replace('{ "key": "Kind", "value": "bond" }', '{ "key": "Kind", "vaule": "bond" }'), 'vaule'],
  [
    'entries no table fills',
    (t) => t.replace('{ "entries": "network.addressing" }', '{ "entries": "network.adressing" }'),
    'network.adressing',
  ],
  ['a mode that is not octal', (t) => t.replace('"mode": "0644"', '"mode": "0648"'), '0648'],
  ['a template file render does not know', (t) => t.replace('"bond.network": {', '"bond.netwrk": {'), 'bond.netwrk'],
];

describe('the generated templates module', () => {
  it('is exactly what netdev-templates/ gives (run npm run build after editing a template)', async () => {
    const { templatesModule } = await generator();
    expect(fs.readFileSync(GENERATED, 'utf8')).toBe(templatesModule());
  });

  it('type-checks as committed, and tsc refuses each broken template on the broken line', () => {
    const committed = fs.readFileSync(GENERATED, 'utf8');
    const broken = BROKEN.map(([, edit]) => edit(committed));
    const [ok, ...errors] = typeErrors([committed, ...broken]);
    expect(ok).toEqual([]);
    const verdicts = BROKEN.map(([what, , marker], i) => {
      const line = broken[i]!.split('\n').findIndex((l) => l.includes(marker)) + 1;
      const refused = broken[i] !== committed && line > 0 && errors[i]!.some((e) => e.startsWith(`line ${line}: `));
      return `${what}: ${refused ? 'refused' : `NOT refused on line ${line} (${errors[i]!.join('; ') || 'no error'})`}`;
    });
    expect(verdicts).toEqual(BROKEN.map(([what]) => `${what}: refused`));
  });

  it.each([
    [
      'a path naming {slave} in a file rendered once',
      { 'bond.netdev.json': { path: '/etc/systemd/network/{slave}.netdev' } },
      /bond\.netdev\.json: path .*\{slave\}/,
    ],
    [
      'a path naming an unknown placeholder',
      { 'slave.network.json': { path: '/etc/{iface}.network', forEach: 'slave' } },
      /slave\.network\.json: path .*\{iface\}/,
    ],
    ['a file that is not JSON', { 'bond.network.json': '{ "path": ' }, /bond\.network\.json: not valid JSON/],
  ])('stops the build on %s, naming the file', async (_what, files, message) => {
    const { templatesModule } = await generator();
    const repo = scratch('templates');
    fs.cpSync(path.join(REPO, 'netdev-templates'), path.join(repo, 'netdev-templates'), { recursive: true });
    for (const [name, change] of Object.entries(files)) {
      const file = path.join(repo, 'netdev-templates', name);
      const text = typeof change === 'string' ? change : JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), ...change });
      fs.writeFileSync(file, text);
    }
    expect(() => templatesModule(repo)).toThrow(message);
  });
});

describe('render is pure', () => {
  it('imports nothing that reads: no system/ file and no node builtin, however far down', () => {
    const SRC = path.join(REPO, 'src');
    const reached = new Map<string, string>(); // src-relative file → its text
    const visit = (rel: string) => {
      if (reached.has(rel)) return;
      const text = fs.readFileSync(path.join(SRC, rel), 'utf8');
      reached.set(rel, text);
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g)) {
        visit(path.relative(SRC, path.resolve(path.dirname(path.join(SRC, rel)), m[2]!.replace(/\.js$/, '.ts'))));
      }
    };
    fs.readdirSync(path.join(SRC, 'render'))
      .filter((f) => f.endsWith('.ts'))
      .forEach((f) => visit(`render/${f}`));
    expect(reached.has('render/templates.generated.ts')).toBe(true);
    expect([...reached.keys()].filter((f) => f.startsWith('system/'))).toEqual([]);
    expect([...reached].filter(([, text]) => /\bfrom\s*['"]node:|\bimport\s*\(\s*['"]node:/.test(text)).map(([f]) => f)).toEqual([]);
  });
});
