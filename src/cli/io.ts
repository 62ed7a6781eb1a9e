// What a command may print to. Commands return an exit code; only src/cli/main.ts exits.
import { writeSync } from 'node:fs';
import { guardOutput } from '../terminal-text.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether to colour (colorWanted): commands colour only then. */
  color: boolean;
}

// Creating process.stdout (and asking it isTTY) loads the stream/net/tty machinery, which a `bondify check` that
// cron starts each minute would pay for a few lines of text. So stdout is written with plain write(2) calls, and the stream
// is only created if the descriptor turns out to be non-blocking and full, or when a command asks about colour.
let viaStream = false;

function writeOut(text: string): void {
  if (viaStream) {
    process.stdout.write(text);
    return;
  }
  // The string goes to write(2) as it is (node encodes it in one call, no Buffer code to compile at every start);
  // only a partial write, rare on a pipe or a file, goes on from a Buffer at the byte where the kernel stopped.
  let first: number;
  try {
    first = text === '' ? 0 : writeSync(1, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return; // the reader is gone (`| head`): nothing left to tell
    if (code !== 'EAGAIN') throw e;
    viaStream = true; // keep the order: everything after this goes through the stream too
    process.stdout.write(text);
    return;
  }
  // UTF-8 by default; naming the encoding would run node's encoding lookup as well.
  if (first >= Buffer.byteLength(text)) return;
  const buf = Buffer.from(text, 'utf8');
  let off = first;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw e;
      viaStream = true;
      process.stdout.write(buf.subarray(off));
      return;
    }
  }
}

/**
 * The colour rules chalk and node follow: FORCE_COLOR decides when set ("0"/"false" off, anything else on, even
 * into a pipe); otherwise no colour with NO_COLOR set or TERM=dumb, else colour only on a terminal. `isTty` is a
 * function because asking it loads the stream machinery (see above), needless when the environment decides.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTty: () => boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTty();
}

export function processIo(): Io {
  // A command colours only after asking; until then any escape sequence in the output came from untrusted text.
  let coloured = false;
  return {
    out: (t) => writeOut(guardOutput(t, coloured)),
    err: (t) => void process.stderr.write(guardOutput(t, coloured)),
    get color() {
      coloured = colorWanted(process.env, () => process.stdout.isTTY === true);
      return coloured;
    },
  };
}

export type Command = (args: string[], io: Io) => Promise<number>;
