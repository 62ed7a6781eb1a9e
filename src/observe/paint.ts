// Colours for human output: plain strings unless the terminal wants colour, and chalk is loaded only then
// (so `bondify check` from cron never pays for importing it).
export interface Paint {
  bold(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

const id = (s: string) => s;
export const plain: Paint = { bold: id, green: id, red: id, yellow: id, dim: id };

export async function loadPaint(color: boolean): Promise<Paint> {
  if (!color) return plain;
  const { Chalk } = await import('chalk');
  // io.color already decided (FORCE_COLOR, NO_COLOR, TERM=dumb, TTY); chalk's own detection must not undo that.
  const c = new Chalk({ level: 1 });
  return { bold: (s) => c.bold(s), green: (s) => c.green(s), red: (s) => c.red(s), yellow: (s) => c.yellow(s), dim: (s) => c.dim(s) };
}
