// Same config, same bytes: another node process (another time zone and locale, another V8 hash and random seed,
// the cases in the other order) renders every golden case to the bytes this one does; and for any valid config
// every generated line is a comment, a [Section], Key=Value, or blank.
import { build } from 'esbuild';
import { execa } from 'execa';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';
import { validateConfig } from '../../../src/config/index.js';
import { renderBond, renderStandard } from '../../../src/render/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const GOLDEN = path.join(REPO, 'test/golden');

/** Every file of a config, bond and standard method, as [path, content] in render's order. */
const renderAll = (ini: string) => {
  const { model } = validateConfig(ini, 'bondify.ini', () => null);
  return [...renderBond(model), ...renderStandard(model)].map((f) => [f.path, f.content]);
};

// The child: the same source, bundled from src/ for this test (nothing of dist/), rendering the configs it is given.
const CHILD = `
import fs from 'node:fs';
import { validateConfig } from './src/config/index.ts';
import { renderBond, renderStandard } from './src/render/index.ts';
const out = {};
for (const file of process.argv.slice(2)) {
  const { model } = validateConfig(fs.readFileSync(file, 'utf8'), 'bondify.ini', () => null);
  out[file] = [...renderBond(model), ...renderStandard(model)].map((f) => [f.path, f.content]);
}
process.stdout.write(JSON.stringify(out));
`;

const LINE = /^(# [^\n]*|\[[A-Za-z]+\]|[A-Za-z]+=[^\s][^\n]*|)$/;

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const octet = fc.integer({ min: 2, max: 250 });
const config = fc
  .record({
    bond: name.map((n) => `b${n}`),
    slaves: fc.uniqueArray(
      name.map((n) => `s${n}`),
      { minLength: 2, maxLength: 4 },
    ),
    miimon: fc.integer({ min: 1, max: 50 }).map((n) => n * 10),
    up: fc.integer({ min: 0, max: 5 }),
    down: fc.integer({ min: 0, max: 5 }),
    reselect: fc.constantFrom('always', 'better', 'failure'),
    garp: fc.integer({ min: 0, max: 255 }),
    net: fc.tuple(octet, octet, octet),
    dns: fc.array(octet, { maxLength: 3 }),
  })
  .map((c) => {
    const [a, b, h] = c.net;
    return [
      '[bond]',
      `name = ${c.bond}`,
      `slaves = ${c.slaves.join(', ')}`,
      `miimon = ${c.miimon}ms`,
      `updelay = ${c.up * c.miimon}`,
      `downdelay = ${c.down * c.miimon}ms`,
      `primary_reselect = ${c.reselect}`,
      `gratuitous_arp = ${c.garp}`,
      '[network]',
      `address = 10.${a}.${b}.${h}/24`,
      `gateway = 10.${a}.${b}.1`,
      `dns = ${[...new Set(c.dns)].map((d) => `10.${a}.${b}.${d}`).join(', ')}`,
      `[slave.${c.slaves[0]}]`,
      `address = 10.${a}.${b}.${h}/24`,
      'wireless = yes',
    ].join('\n');
  });

describe('deterministic output', () => {
  it('another node process, environment and case order render every golden case to the same bytes', async () => {
    const child = path.join(tempDir('determinism'), 'render.mjs');
    await build({
      stdin: { contents: CHILD, resolveDir: REPO, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: child,
      logLevel: 'silent',
    });
    const files = fs
      .readdirSync(GOLDEN)
      .sort()
      .map((c) => path.join(GOLDEN, c, 'bondify.ini'));
    const r = await execa('node', ['--hash-seed=20261207', '--random-seed=7', child, ...[...files].reverse()], {
      env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      extendEnv: false,
    });
    const there = JSON.parse(r.stdout) as Record<string, string[][]>;
    expect(Object.keys(there).sort()).toEqual(files);
    for (const f of files) expect(there[f], f).toEqual(renderAll(fs.readFileSync(f, 'utf8')));
  });

  it('for random valid configs: only well-formed lines, LF, one final newline', () => {
    fc.assert(
      fc.property(config, (ini) => {
        for (const [file, content] of renderAll(ini).filter(([p]) => p!.endsWith('.network') || p!.endsWith('.netdev'))) {
          expect(content!.endsWith('\n') && !content!.endsWith('\n\n'), file).toBe(true);
          expect(content).not.toContain('\r');
          for (const line of content!.slice(0, -1).split('\n')) expect(line).toMatch(LINE);
        }
      }),
      { numRuns: 200 },
    );
  });
});
