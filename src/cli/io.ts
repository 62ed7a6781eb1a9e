// What a command may print to. Commands return an exit code; only src/cli/main.ts exits.
import { writeSync } from 'node:fs';
import { guardOutput } from '../terminal-text.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal and NO_COLOR is unset: commands colour only then. */
  color: boolean;
}

// Creating process.stdout (and asking it isTTY) loads the stream/net/tty machinery: ~15 ms of every
// `bondify check` that cron starts each minute. So stdout is written with plain write(2) calls, and the stream
// is only created if the descriptor turns out to be non-blocking and full, or when a command asks about colour.
let viaStream = false;

function writeOut(text: string): void {
  if (viaStream) {
    process.stdout.write(text);
    return;
  }
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader is gone (`| head`): nothing left to tell
      if (code !== 'EAGAIN') throw e;
      viaStream = true; // keep the order: everything after this goes through the stream too
      process.stdout.write(buf.subarray(off));
      return;
    }
  }
}

export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  // A command colours only after asking; until then any escape sequence in the output came from untrusted text.
  let coloured = false;
  return {
    out: (t) => writeOut(guardOutput(t, coloured)),
    err: (t) => void process.stderr.write(guardOutput(t, coloured)),
    get color() {
      coloured = !noColor && process.stdout.isTTY === true;
      return coloured;
    },
  };
}

export type Command = (args: string[], io: Io) => Promise<number>;
