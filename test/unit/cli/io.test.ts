// processIo's stdout writer: a string straight to write(2), the rest of a partial write from the byte the kernel
// stopped at, a full non-blocking descriptor handed to node's stream, a closed reader ignored.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const writes: Array<string | Buffer> = [];
let script: Array<number | string> = [];

vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    // Each call answers the next scripted step: a byte count (at most what was offered), or an errno code to throw.
    writeSync: (fd: number, data: string | Buffer, offset?: number) => {
      if (fd !== 1) return fs.writeSync(fd, data as Buffer);
      const step = script.shift() ?? Infinity;
      if (typeof step === 'string') throw Object.assign(new Error(step), { code: step });
      const rest = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset ?? 0);
      const n = Math.min(step, rest.length);
      writes.push(typeof data === 'string' && n === rest.length ? data : rest.subarray(0, n));
      return n;
    },
  };
});

/** A fresh module each time: after EAGAIN the writer keeps to the stream for the rest of the process. */
async function processIo() {
  vi.resetModules();
  return (await import('../../../src/cli/io.js')).processIo();
}
const bytes = () => Buffer.concat(writes.map((w) => (typeof w === 'string' ? Buffer.from(w) : w)));

describe('processIo().out', () => {
  let streamed: Buffer[];
  beforeEach(() => {
    writes.length = 0;
    streamed = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      streamed.push(Buffer.from(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    script = [];
  });

  const TEXT = 'BONDIFY OK - bond0 — wlan0 up, eth0 active (primary) é €\n';

  it('writes the string in one call when the kernel takes it all', async () => {
    (await processIo()).out(TEXT);
    expect(writes).toEqual([TEXT]);
  });

  it.each([1, 20, 22, 23, 60])('goes on from byte %i after a partial write, in order, every byte once', async (first) => {
    script = [first, 5, 7];
    (await processIo()).out(TEXT);
    expect(bytes().equals(Buffer.from(TEXT))).toBe(true);
    expect(streamed).toEqual([]);
  });

  it.each([
    ['on the first call', ['EAGAIN'], 0],
    ['after a partial write', [10, 'EAGAIN'], 10],
  ])('hands the rest to the stream when the descriptor is full (EAGAIN) %s, and keeps to it', async (_when, steps, direct) => {
    script = [...steps];
    const io = await processIo();
    io.out(TEXT);
    io.out('next\n');
    expect(bytes().length).toBe(direct);
    expect(Buffer.concat([bytes(), ...streamed]).toString()).toBe(TEXT + 'next\n');
  });

  it('stops quietly when the reader is gone (EPIPE)', async () => {
    script = [10, 'EPIPE'];
    const io = await processIo();
    expect(() => io.out(TEXT)).not.toThrow();
    expect(bytes().toString()).toBe(TEXT.slice(0, 10));
  });

  it('throws any other write error', async () => {
    script = ['EIO'];
    const io = await processIo();
    expect(() => io.out(TEXT)).toThrow('EIO');
  });
});
