// readBounded reads a regular file whole and never past the bound, whether fstat's size is right, zero (as /proc and
// /sys report) or stale (the file grew after fstat): the bytes read are the file's, in order, and a file over the
// bound is refused with its size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBounded, readPathBytes, readPathText } from '../../../src/system/read-files.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bondify-read-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file of `n` bytes whose content differs at every offset (so a misplaced chunk shows). */
function file(name: string, n: number): { p: string; bytes: Buffer } {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return { p, bytes };
}

/** readBounded on `p` with fstat's answer replaced by `size` (what /proc reports, or a size that went stale). */
function read(p: string, size: number | null, max: number) {
  const fd = fs.openSync(p, 'r');
  try {
    const st = fs.fstatSync(fd);
    if (size !== null) Object.defineProperty(st, 'size', { value: size });
    return readBounded(fd, st, max);
  } finally {
    fs.closeSync(fd);
  }
}

describe('readBounded', () => {
  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['a few bytes', 603],
    ['exactly the first read of an unsized file', 8 * 1024],
    ['several times the first read', 50_000],
  ])('%s: the whole file, with the size fstat reports, with size 0 and with a stale size', (_name, n) => {
    const { p, bytes } = file(`f${n}`, n);
    for (const size of [null, 0, Math.max(0, n >> 2)]) {
      const r = read(p, size, 1 << 20);
      expect(r.ok).toBe(true);
      if (r.ok) expect(Buffer.compare(r.data, bytes), `size ${size}`).toBe(0);
    }
  });

  it('refuses a file over the bound: by its size before reading, and by what it read when the size is 0 or stale', () => {
    const { p } = file('big', 30_000);
    expect(read(p, null, 20_000)).toEqual({
      ok: false,
      code: 'EFBIG',
      message: 'is 30000 bytes (29.3 KiB), larger than the 19.5 KiB bondify reads',
    });
    expect(read(p, 0, 20_000)).toEqual({ ok: false, code: 'EFBIG', message: 'is larger than the 19.5 KiB bondify reads' });
    const stale = read(p, 100, 20_000);
    expect(stale.ok).toBe(false);
    expect(read(p, 0, 30_000).ok).toBe(true); // exactly the bound is allowed
  });

  it('readPathText decodes UTF-8 split anywhere across reads', () => {
    const text = 'bondify — ü €\n'.repeat(2000);
    const p = path.join(dir, 'utf8');
    fs.writeFileSync(p, text);
    const r = readPathText(p);
    expect(r.ok && r.text).toBe(text);
  });

  it('readPathText reads the text alone: the same text as the bytes decoded, invalid UTF-8 included', () => {
    const p = path.join(dir, 'mixed');
    fs.writeFileSync(p, Buffer.concat([Buffer.from('bond0 — ok\n'), Buffer.from([0xff, 0xfe, 0x41, 0xc3]), Buffer.from('\nend')]));
    const text = readPathText(p);
    const both = readPathBytes(p);
    expect(text.ok && both.ok).toBe(true);
    if (text.ok && both.ok) {
      expect(text).toEqual({ ok: true, text: both.text });
      expect(both.data.equals(fs.readFileSync(p))).toBe(true);
    }
  });

  it('readPathText refuses by the size fstat reports before reading, and a file with no size (/proc) by what it read', () => {
    const garbage = file('garbage-at-the-bound', 30_000).p; // invalid UTF-8 decodes to more bytes, never refused for it
    expect(readPathText(garbage, 30_000).ok).toBe(true);
    const p = path.join(dir, 'big-text');
    fs.writeFileSync(p, 'x'.repeat(30_000));
    expect(readPathText(p, 20_000)).toEqual({
      ok: false,
      code: 'EFBIG',
      message: 'is 30000 bytes (29.3 KiB), larger than the 19.5 KiB bondify reads',
    });
    expect(readPathText(p, 30_000).ok).toBe(true);
    const status = readPathText('/proc/self/status');
    expect(status.ok && status.text.length).toBeGreaterThan(100);
    expect(readPathText('/proc/self/status', 100)).toEqual({
      ok: false,
      code: 'EFBIG',
      message: 'is larger than the 100 bytes bondify reads',
    });
  });
});
