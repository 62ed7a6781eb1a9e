// Golden files: each folder under test/golden/ holds a bondify.ini and the exact files it must produce,
// bond/ (renderBond) and standard/ (renderStandard), laid out by their paths on the target system.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { renderBond, renderStandard } from '../../../src/render/index.js';

const GOLDEN = fileURLToPath(new URL('../../golden/', import.meta.url));
const cases = fs
  .readdirSync(GOLDEN)
  .filter((c) => fs.statSync(path.join(GOLDEN, c)).isDirectory())
  .sort();

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out['/' + path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('golden files', () => {
  it('has the reference scenario and at least three variants', () => {
    expect(cases).toEqual(expect.arrayContaining(['reference', 'arp-monitoring', 'three-slaves', 'custom-name']));
  });

  describe.each(cases)('%s', (name) => {
    const dir = path.join(GOLDEN, name);
    const { model } = validateConfig(fs.readFileSync(path.join(dir, 'bondify.ini'), 'utf8'), `${name}/bondify.ini`);

    it('renderBond writes exactly the expected files, byte for byte, mode 0644', () => {
      const files = renderBond(model);
      expect(Object.fromEntries(files.map((f) => [f.path, f.content]))).toEqual(tree(path.join(dir, 'bond')));
      expect(files.every((f) => f.mode === 0o644)).toBe(true);
    });

    it('renderStandard writes exactly the expected files, byte for byte', () => {
      expect(Object.fromEntries(renderStandard(model).map((f) => [f.path, f.content]))).toEqual(tree(path.join(dir, 'standard')));
    });
  });
});
