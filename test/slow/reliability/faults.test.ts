// Faults on the offline path with real filesystems: the root is a small tmpfs, so the disk really fills up.
// (1) Out of inodes at every file or folder apply creates (nr_inodes = 1, 2, … until apply fits); (2) out of
// space at every page (a filler leaves k pages free); (3) /etc read-only. Each failed apply must say so (exit 74
// or 75, naming the error), leave the complete old set, no temp file, no journal; and once the space is back the
// next apply converges. Every level, in `npm test` too (skipping levels once hid the two where only the journal's
// first write failed). Prints "disk faults: N tried, N clean".
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populate, tempDir, STANDARD_FILES } from '../../support/fixtures.js';
import { cli } from '../../support/cli.js';
import { recordFigure } from './figures.js';
import { fileSet, referenceSets, type Sets } from '../../support/sets.js';
import { REFERENCE_INI } from '../../../src/config/index.js';

const mounts: string[] = [];
let sets: Sets;
let tried = 0;
let clean = 0;
beforeAll(async () => {
  sets = await referenceSets();
}, 120_000);
afterAll(async () => {
  for (const m of mounts.reverse()) await execa('umount', ['-l', m], { reject: false });
  for (const m of mounts) fs.rmSync(m, { recursive: true, force: true });
  recordFigure({ name: 'disk faults', tried, counts: { clean } });
});

/** A tmpfs holding the standard method and the config; returns its mount point. */
async function tmpfsRoot(options: string): Promise<string> {
  const m = tempDir('tmpfs');
  await execa('mount', ['-t', 'tmpfs', '-o', `${options},mode=0755`, 'bondify-fault', m]);
  mounts.push(m);
  populate(m, { ...STANDARD_FILES, '/etc/bondify/bondify.ini': REFERENCE_INI });
  return m;
}
const df = (m: string) => fs.statfsSync(m);
const leftovers = (m: string) => [
  ...['etc/systemd/network', 'etc/modprobe.d', 'var/lib/bondify'].flatMap((d) =>
    fs.existsSync(path.join(m, d)) ? fs.readdirSync(path.join(m, d)).filter((n) => n.includes('.bondify-tmp-')) : [],
  ),
  ...['var/lib/bondify/journal.json', 'var/lib/bondify/lock'].filter((p) => fs.existsSync(path.join(m, p))),
];

/** One apply on a full filesystem: refused cleanly with the old set intact, or (when it fit) the new set. */
async function applyFull(m: string, why: RegExp): Promise<'fit' | 'refused'> {
  tried++;
  const r = await cli(['apply', '--root', m, '--yes'], { timeoutMs: 60_000 });
  if (r.exitCode === 0) {
    expect(fileSet(m)).toEqual(sets.new);
    clean++;
    return 'fit';
  }
  expect([74, 75], r.stdout + r.stderr).toContain(r.exitCode);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr, 'an offline revert is never verified').not.toContain('verified:');
  expect(fileSet(m)).toEqual(sets.old);
  expect(leftovers(m)).toEqual([]);
  clean++;
  return 'refused';
}

async function converges(m: string): Promise<void> {
  const r = await cli(['apply', '--root', m, '--yes'], { timeoutMs: 60_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(fileSet(m)).toEqual(sets.new);
  expect(leftovers(m)).toEqual([]);
}

describe('disk full on a tmpfs root', () => {
  it('out of inodes at each file or folder apply creates', async () => {
    const m0 = await tmpfsRoot('size=4m,nr_inodes=1000');
    const used = df(m0).files - df(m0).ffree;
    let fitted = false;
    for (let extra = 0; extra < 60 && !fitted; extra++) {
      const m = await tmpfsRoot(`size=4m,nr_inodes=${used + extra}`);
      fitted = (await applyFull(m, /ENOSPC|no space/i)) === 'fit';
      if (!fitted) {
        await execa('mount', ['-o', 'remount,nr_inodes=1000', m]);
        await converges(m);
      }
      await execa('umount', [m]);
      mounts.splice(mounts.indexOf(m), 1);
    }
    expect(fitted, 'apply never fitted within 60 more inodes').toBe(true);
  }, 300_000);

  it('out of space at each page apply writes', async () => {
    let fitted = false;
    for (let pages = 0; pages < 40 && !fitted; pages++) {
      const m = await tmpfsRoot('size=256k,nr_inodes=1000');
      const filler = path.join(m, 'filler');
      const free = df(m).bavail * df(m).bsize;
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free - pages * 4096)));
      fitted = (await applyFull(m, /ENOSPC|no space/i)) === 'fit';
      if (!fitted) {
        fs.rmSync(filler);
        await converges(m);
      }
      await execa('umount', [m]);
      mounts.splice(mounts.indexOf(m), 1);
    }
    expect(fitted, 'apply never fitted within 40 free pages').toBe(true);
  }, 300_000);
});

describe('/etc read-only', () => {
  it('apply says so and changes nothing; writable again, it converges', async () => {
    const m = await tmpfsRoot('size=4m');
    const etc = path.join(m, 'etc');
    await execa('mount', ['--bind', etc, etc]);
    mounts.push(etc);
    await execa('mount', ['-o', 'remount,bind,ro', etc]);
    expect(await applyFull(m, /EROFS|read-only/i)).toBe('refused');
    await execa('mount', ['-o', 'remount,bind,rw', etc]);
    await converges(m);
  }, 120_000);
});
