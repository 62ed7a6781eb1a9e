// Programs are found only in trusted directories: a PATH entry that is relative, world-writable or owned by
// another user is skipped (so is a program file that is), the safe system folders are still searched, and the
// child gets the trusted PATH. Exercised through the real Host (nodeHost().exec) with small shell stubs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../src/system/node-host.js';
import { tempDir } from '../../support/fixtures.js';

const PROG = 'bondify-probe-prog';
const dirs: Record<string, string> = {};
let base: string;
let savedPath: string | undefined;

function stubIn(dir: string, says: string, mode = 0o755): void {
  fs.writeFileSync(path.join(dir, PROG), `#!/bin/sh\necho ${says} "$PATH"\n`);
  fs.chmodSync(path.join(dir, PROG), mode);
}

beforeAll(() => {
  base = tempDir('exec');
  fs.chmodSync(base, 0o755);
  for (const [name, mode, uid] of [
    ['trusted', 0o755, 0],
    ['worldw', 0o777, 0],
    ['foreign', 0o755, 1000],
    ['groupw', 0o775, 0],
  ] as const) {
    const d = path.join(base, name);
    fs.mkdirSync(d);
    fs.chmodSync(d, mode);
    if (uid !== 0) fs.chownSync(d, uid, 1000);
    if (name === 'groupw') fs.chownSync(d, 0, 1000);
    stubIn(d, name);
    dirs[name] = d;
  }
  savedPath = process.env['PATH'];
});
afterEach(() => {
  process.env['PATH'] = savedPath;
  stubIn(dirs['trusted'] ?? '', 'trusted');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const run = async (pathEnv: string) => {
  process.env['PATH'] = pathEnv;
  return nodeHost().exec([PROG]);
};

describe('PATH is resolved safely', () => {
  it.each([['worldw'], ['foreign'], ['groupw']])('a %s directory before a trusted one is skipped', async (bad) => {
    const r = await run(`${dirs[bad]}:${dirs['trusted']}`);
    expect(r.stdout.split(' ')[0]).toBe('trusted');
    expect(r.stdout).not.toContain(dirs[bad]); // nor handed to the child
  });

  it.each([
    ['worldw', /writable by every user \(mode 0777\)/],
    ['foreign', /owned by uid 1000/],
    ['groupw', /writable by group 1000/],
  ])('a program only in a %s directory is not run, and the message says why', async (bad, why) => {
    await expect(run(`${dirs[bad]}`)).rejects.toThrow(why);
    await expect(run(`${dirs[bad]}`)).rejects.toThrow(`${PROG} not found in a trusted PATH directory`);
  });

  it('a world-writable program file in a trusted directory is not run', async () => {
    stubIn(dirs['trusted'] ?? '', 'trusted', 0o777);
    await expect(run(`${dirs['trusted']}`)).rejects.toThrow(/writable by every user/);
  });

  it('a relative PATH entry is skipped even when the program is in the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(dirs['trusted'] ?? '');
    try {
      await expect(run('.')).rejects.toThrow(/\. \(relative\)/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('system programs are still found with an empty or hostile PATH, and the child sees only trusted folders', async () => {
    const r = await nodeHost().exec(['true']);
    expect(r.exitCode).toBe(0);
    process.env['PATH'] = `${dirs['worldw']}:relative`;
    const env = await nodeHost().exec(['env']);
    const childPath = /^PATH=(.*)$/m.exec(env.stdout)?.[1] ?? '';
    expect(childPath.split(':')).toEqual(
      ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].filter((d) => fs.existsSync(d)),
    );
  });
});
