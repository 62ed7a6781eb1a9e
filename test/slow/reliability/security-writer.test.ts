// The one writer (src/system/fs.ts) against planted files: a symlink as the target, as its folder or a folder
// further up, a FIFO, a directory or a device where a file should be. Each is refused, what the link points at
// is untouched, no temp file is left; reads and removals refuse symlinks too. Modes are explicit even under
// umask 000: what bondify asks for is what it gets, and nothing it makes is group- or world-writable.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDir, readFile, removeFile, writeFileAtomic, TEMP_MARK } from '../../../src/system/fs.js';
import { BondifyError } from '../../../src/errors.js';
import { hashTree, tempDir } from '../../support/fixtures.js';

let root: string;
let outside: string;
beforeEach(() => {
  root = tempDir('writer');
  outside = tempDir('writer-outside');
  fs.mkdirSync(path.join(root, 'etc/systemd/network'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'victim'), 'precious\n');
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

const TARGET = '/etc/systemd/network/10-bondify-bond0.netdev';
const real = (p: string) => path.join(root, p);
const temps = () => fs.readdirSync(real('/etc/systemd/network')).filter((n) => n.includes(TEMP_MARK));

// [what, arrange the root, what the refusal must say]
const PLANTED: Array<[string, () => Promise<void> | void, RegExp]> = [
  ['a symlink as the target', () => fs.symlinkSync(path.join(outside, 'victim'), real(TARGET)), /it is a symlink/],
  ['a dangling symlink as the target', () => fs.symlinkSync(path.join(outside, 'new-file'), real(TARGET)), /it is a symlink/],
  [
    'a symlink as the folder',
    () => {
      fs.rmSync(real('/etc/systemd/network'), { recursive: true });
      fs.symlinkSync(outside, real('/etc/systemd/network'));
    },
    /\/etc\/systemd\/network is a symlink/,
  ],
  [
    'a symlink two folders up',
    () => {
      fs.rmSync(real('/etc/systemd'), { recursive: true });
      fs.mkdirSync(path.join(outside, 'network'));
      fs.symlinkSync(outside, real('/etc/systemd'));
    },
    /\/etc\/systemd is a symlink/,
  ],
  [
    'a file where a folder should be',
    () => {
      fs.rmSync(real('/etc/systemd/network'), { recursive: true });
      fs.writeFileSync(real('/etc/systemd/network'), 'x');
    },
    /is not a directory/,
  ],
  ['a FIFO as the target', () => execa('mkfifo', [real(TARGET)]).then(() => undefined), /not a regular file/],
  ['a directory as the target', () => fs.mkdirSync(real(TARGET)), /not a regular file/],
  ['a character device as the target', () => execa('mknod', [real(TARGET), 'c', '1', '3']).then(() => undefined), /not a regular file/],
];

describe('the writer refuses planted files', () => {
  it.each(PLANTED)('write: %s', async (_, arrange, why) => {
    await arrange();
    const before = hashTree(outside);
    let err: unknown;
    try {
      writeFileAtomic(root, TARGET, '[NetDev]\nName=bond0\n', { mode: 0o644 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BondifyError);
    expect((err as BondifyError).message).toMatch(/refusing to touch/);
    expect((err as BondifyError).message).toMatch(why);
    expect(hashTree(outside)).toBe(before);
    if (fs.lstatSync(real('/etc/systemd/network')).isDirectory()) expect(temps()).toEqual([]);
  });

  it.each(PLANTED.filter(([w]) => !w.includes('dangling')))('remove and read: %s', async (_, arrange) => {
    await arrange();
    const before = hashTree(outside);
    expect(() => removeFile(root, TARGET)).toThrow(/refusing to touch/);
    expect(() => readFile(root, TARGET)).toThrow(/refusing to touch/);
    expect(hashTree(outside)).toBe(before);
  });
});

describe('modes are explicit, whatever the umask', () => {
  let old: number;
  beforeEach(() => {
    old = process.umask(0);
  });
  afterEach(() => {
    process.umask(old);
  });
  const mode = (p: string) => fs.lstatSync(real(p)).mode & 0o7777;

  it('a unit is 0644 and a state file 0600, state folders 0700, even under umask 000', () => {
    writeFileAtomic(root, TARGET, 'x\n', { mode: 0o644 });
    writeFileAtomic(root, '/var/lib/bondify/backups/b1/files/etc/x', 'y\n', { mode: 0o600, dirMode: 0o700 });
    ensureDir(root, '/var/lib/bondify', 0o700);
    expect(mode(TARGET)).toBe(0o644);
    expect(mode('/var/lib/bondify/backups/b1/files/etc/x')).toBe(0o600);
    for (const d of ['/var/lib/bondify', '/var/lib/bondify/backups', '/var/lib/bondify/backups/b1']) expect(mode(d), d).toBe(0o700);
  });

  it('rewriting a file that was world-writable leaves it at the mode asked for', () => {
    fs.writeFileSync(real(TARGET), 'old\n', { mode: 0o666 });
    fs.chmodSync(real(TARGET), 0o666);
    writeFileAtomic(root, TARGET, 'new\n', { mode: 0o644 });
    expect(mode(TARGET)).toBe(0o644);
    expect(fs.readFileSync(real(TARGET), 'utf8')).toBe('new\n');
  });
});
