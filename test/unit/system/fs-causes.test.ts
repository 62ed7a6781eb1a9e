// The writer and readers under a root name the real cause of a failure: a file over the read bound (its size and
// the bound, before a byte is read), a FIFO (refused, never waited on), a folder that refuses removals (append-only,
// immutable: found before a temp file is made, so none is left), and the errno behind any other refusal.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ioError, readFile, readKernelText, removeFile, TEMP_MARK, writeFileAtomic } from '../../../src/system/fs.js';
import { readPathText } from '../../../src/system/read-files.js';
import { BondifyError } from '../../../src/errors.js';
import { put, tempRoot } from '../../support/fixtures.js';

const DIR = '/etc/systemd/network';
const T = `${DIR}/eth0.network`;
const thrown = (f: () => unknown): BondifyError => {
  try {
    f();
  } catch (e) {
    if (e instanceof BondifyError) return e;
    throw e;
  }
  throw new Error('did not throw');
};
const temps = (root: string): string[] => fs.readdirSync(path.join(root, DIR)).filter((n) => n.includes(TEMP_MARK));
function withAttr<T>(attr: string, p: string, f: () => T): T {
  execFileSync('chattr', [`+${attr}`, p]);
  try {
    return f();
  } finally {
    execFileSync('chattr', [`-${attr}`, p]);
  }
}

describe('bounded reads under the root', () => {
  it('a sparse file over 4 MiB is refused by its fstat size, naming the file, size and bound', () => {
    const root = tempRoot();
    put(root, T, '');
    fs.truncateSync(path.join(root, T), 3 * 1024 * 1024 * 1024);
    const e = thrown(() => readFile(root, T));
    expect(e.kind).toBe('data');
    expect(e.message).toBe(`refusing to read ${T}: it is 3221225472 bytes (3072 MiB), larger than the 4 MiB bondify reads`);
  });

  it('a file just under the bound is read whole', () => {
    const root = tempRoot();
    put(root, T, 'x'.repeat(4 * 1024 * 1024));
    expect(readFile(root, T)?.content.length).toBe(4 * 1024 * 1024);
  });

  it('a FIFO under the kernel root is an error, not a hang; a user-named FIFO is a value', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'proc/net/bonding'), { recursive: true });
    execFileSync('mkfifo', [path.join(root, 'proc/net/bonding/bond0')]);
    expect(() => readKernelText(root, '/proc/net/bonding/bond0')).toThrow(/is a FIFO, not a regular file/);
    expect(readPathText(path.join(root, 'proc/net/bonding/bond0'))).toEqual({
      ok: false,
      code: 'ENOTREG',
      message: 'is a FIFO, not a regular file',
    });
  });

  it('/proc files (size 0 in fstat) are still read', () => {
    const r = readPathText('/proc/self/status');
    expect(r.ok && r.text).toMatch(/^Name:/);
  });
});

describe('a folder that refuses removals: the cause named, no temp file left', () => {
  it.each([
    ['replacing a file in an append-only folder', 'a', DIR, T],
    ['adding a file to an append-only folder', 'a', DIR, `${DIR}/10-bondify-bond0.netdev`],
    ['replacing an immutable file', 'i', T, T],
  ])('%s', (_, attr, on, target) => {
    const root = tempRoot();
    put(root, T, 'old\n');
    const e = withAttr(attr, path.join(root, on), () => {
      const err = thrown(() => writeFileAtomic(root, target, 'new\n', { mode: 0o644 }));
      expect(temps(root)).toEqual([]);
      return err;
    });
    expect(e.kind).toBe('io');
    expect(e.message).toMatch(/operation not permitted, even for root: the file or its folder is append-only or immutable/);
    expect(e.details.fix).toContain(`lsattr -d ${DIR}`);
    expect(fs.readFileSync(path.join(root, T), 'utf8')).toBe('old\n');
  });

  it('removing a file from an append-only folder says so', () => {
    const root = tempRoot();
    put(root, T, 'old\n');
    const e = withAttr('a', path.join(root, DIR), () => thrown(() => removeFile(root, T)));
    expect(e.message).toMatch(/cannot remove .*append-only or immutable/);
  });
});

describe('ioError: the errno decides the words (as root)', () => {
  const err = (code: string) => Object.assign(new Error(`${code}: x`), { code });
  it.each([
    ['ENOSPC', 'io', /no space left on the device/],
    ['EDQUOT', 'io', /no space left on the device/],
    ['EROFS', 'io', /the filesystem is read-only/],
    ['EACCES', 'io', /permission denied, even for root/],
    ['EPERM', 'io', /append-only or immutable/],
    ['EIO', 'io', /EIO: x/],
  ])('%s', (code, kind, words) => {
    const e = ioError('/etc/x', 'write', err(code));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(words);
    expect(`${e.message} ${e.details.fix}`).not.toMatch(code === 'ENOSPC' || code === 'EDQUOT' ? /^$/ : /free space|space left/);
  });
});
