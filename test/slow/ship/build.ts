// One release build per content: the ship tests build into the temp folder under a hash of everything the build
// reads (never into release/, which `npm run dist` owns), so the test files of one run, and later runs on an
// unchanged tree, share it. A build lands by an atomic rename, so two workers racing both end with a whole one.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const CAPTURE = path.join(REPO, 'test/fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt');
/** The tsc build the rest of the suite runs: the bundles must say exactly what it says. */
export const DIST_MAIN = path.join(REPO, 'dist/cli/main.js');

export interface Built {
  tarball: string;
  single: string;
  version: string;
  checkPath: { inputs: string[]; builtins: string[] };
  /** What the npm package's check bundle (lib/check.js) holds. */
  checkBundle: { inputs: string[]; builtins: string[] };
}
type DistFn = (o: { out: string; quiet: boolean }) => Promise<Built>;

const INPUTS = ['src', 'netdev-templates', 'scripts/build', 'package.json', 'package-lock.json', 'README.md', 'LICENSE'];

function contentHash(): string {
  const h = createHash('sha256').update(process.version);
  const walk = (rel: string): void => {
    const p = path.join(REPO, rel);
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(path.join(rel, name));
    else h.update(`${rel}\0`).update(readFileSync(p)).update('\0');
  };
  INPUTS.forEach(walk);
  return h.digest('hex').slice(0, 16);
}

let built: Promise<Built> | undefined;

export function release(): Promise<Built> {
  built ??= (async () => {
    const final = path.join(os.tmpdir(), `bondify-ship-${contentHash()}`);
    const result = path.join(final, 'result.json');
    if (!existsSync(result)) {
      const script = pathToFileURL(path.join(REPO, 'scripts/build/dist.mjs')).href;
      const { dist } = (await import(script)) as { dist: DistFn };
      const out = mkdtempSync(path.join(os.tmpdir(), 'bondify-ship-build-'));
      const b = await dist({ out, quiet: true });
      writeFileSync(
        path.join(out, 'result.json'),
        JSON.stringify({ ...b, tarball: path.basename(b.tarball), single: path.basename(b.single) }),
      );
      try {
        renameSync(out, final);
      } catch {
        rmSync(out, { recursive: true, force: true }); // another worker landed the same build first
      }
    }
    const r = JSON.parse(readFileSync(result, 'utf8')) as Built;
    return { ...r, tarball: path.join(final, r.tarball), single: path.join(final, r.single) };
  })();
  return built;
}

/** Writes a `--require` preload that logs each vm.Script the run compiles, one line each: the file's base name. */
export function vmScriptPreload(dir: string, log: string): string {
  const preload = path.join(dir, 'preload-vm.cjs');
  writeFileSync(
    preload,
    `const vm = require('node:vm');
const { appendFileSync } = require('node:fs');
const { basename } = require('node:path');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    appendFileSync(${JSON.stringify(log)}, basename(options.filename) + '\\n');
  }
};
`,
  );
  return preload;
}
