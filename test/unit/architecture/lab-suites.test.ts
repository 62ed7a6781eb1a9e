// The lab project runs one file, test/lab/lab.test.ts, which imports the suites: a suite it does not import would
// never run, and nothing else would say so.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LAB = fileURLToPath(new URL('../../lab/', import.meta.url));

describe('the lab entry file', () => {
  it('imports every test/lab/*.lab.ts suite, each once, and nothing that is not there', () => {
    const suites = readdirSync(LAB)
      .filter((f) => f.endsWith('.lab.ts'))
      .sort();
    const entry = readFileSync(`${LAB}/lab.test.ts`, 'utf8');
    const imported = [...entry.matchAll(/import\('\.\/([\w-]+)\.lab\.js'\)/g)].map((m) => `${m[1]}.lab.ts`);
    expect(suites.length).toBeGreaterThan(0);
    expect([...imported].sort()).toEqual(suites);
  });

  it('is the only file the lab project collects', () => {
    const others = readdirSync(LAB).filter((f) => f.endsWith('.test.ts') && f !== 'lab.test.ts');
    expect(others).toEqual([]);
  });
});
