// The lock between real processes: four node processes, each taking bondify's lock (the built dist/system/lock.js)
// five times, never overlap inside it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../support/fixtures.js';

describe('lock between processes', () => {
  it('admits one process at a time when several race (real processes)', async () => {
    const root = tempRoot();
    const lockJs = path.resolve('dist/system/lock.js');
    expect(fs.existsSync(lockJs), 'run npm run build first').toBe(true);
    const log = path.join(root, 'log');
    const worker = `
      const { withLock } = await import(${JSON.stringify(lockJs)});
      const fs = await import('node:fs');
      for (let i = 0; i < 5; i++) {
        await withLock(${JSON.stringify(root)}, 'apply', { waitMs: 60000 }, async () => {
          fs.appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
          await new Promise((r) => setTimeout(r, 20));
          fs.appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
        });
      }`;
    const { spawn } = await import('node:child_process');
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number>((res) =>
          spawn(process.execPath, ['--input-type=module', '-e', worker], { stdio: 'inherit' }).on('exit', (c) => res(c ?? -1)),
        ),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(40);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]?.replace('in ', '')).toBe(lines[i + 1]?.replace('out ', ''));
    }
  });
});
