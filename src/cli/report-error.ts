// Turns any thrown value into the message a user sees and the exit code the process ends with.
import { isBondifyError } from '../errors.js';
import { EXIT } from './exit.js';
import { forTerminal } from '../terminal-text.js';

/** The same error as a JSON object, for commands asked for --json: a script reads stdout, not the message. */
export function errorJson(e: unknown): {
  error: { kind: string; code: number; message: string; file?: string; key?: string; value?: string; fix?: string };
} {
  if (!isBondifyError(e)) return { error: { kind: 'software', code: EXIT.software, message: e instanceof Error ? e.message : String(e) } };
  const { file, key, value, fix } = e.details;
  return {
    error: {
      kind: e.kind,
      code: EXIT[e.kind],
      message: e.message,
      ...(file !== undefined ? { file } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(fix !== undefined ? { fix } : {}),
    },
  };
}

export function reportError(e: unknown): { message: string; code: number } {
  if (isBondifyError(e)) {
    const d = e.details;
    // File names, sections, keys and values are the user's or the kernel's text: each is escaped for the terminal.
    const where = [d.file, d.section && `[${d.section}]`, d.key]
      .filter(Boolean)
      .map((x) => forTerminal(String(x)))
      .join(' ');
    const lines = [`bondify: ${where ? where + ': ' : ''}${forTerminal(e.message)}`];
    if (d.value !== undefined) lines.push(`  value: ${forTerminal(JSON.stringify(d.value))}`);
    if (d.fix) lines.push(`  fix: ${forTerminal(d.fix)}`);
    return { message: lines.join('\n') + '\n', code: EXIT[e.kind] };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `bondify: internal error: ${err.stack ?? err.message}\n`, code: EXIT.software };
}
