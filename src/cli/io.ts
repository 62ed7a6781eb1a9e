// What a command may print to. Commands return an exit code; only src/cli/main.ts exits.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal and NO_COLOR is unset: commands colour only then. */
  color: boolean;
}

export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    color: !noColor && process.stdout.isTTY === true,
  };
}

export type Command = (args: string[], io: Io) => Promise<number>;
