// Untrusted text (kernel interface names, file contents, config values) as a terminal may show it: control
// characters, bidi overrides, line separators and other invisible format characters become \uXXXX escapes, so
// nothing read from a file can move the cursor, retitle the window, reorder a line or hide part of it.

// Cc: C0, DEL, C1 (U+009B is CSI on its own). Cf: bidi marks and overrides (U+200E/F, U+202A-202E, U+2066-2069,
// U+061C), zero-width characters, soft hyphen, BOM, tag characters. Zl/Zp: U+2028/2029. Cs: lone surrogates.
const UNSAFE_CLASS = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]';
// Building a \p{…} class asks ICU for each property's code points, a large share of what the every-minute
// `bondify check` costs over a bare node. So the expressions are built on first use, and printable ASCII (a plain
// check's whole output) never needs them.
let unsafe: RegExp | undefined;
let sgrOrUnsafe: RegExp | undefined;
// Printable ASCII; with line breaks and tabs, which guardOutput keeps.
const PRINTABLE = /^[\x20-\x7e]*$/;
const PRINTABLE_LINES = /^[\x20-\x7e\n\t]*$/;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JSON's spelling of one character: \n, \r, \t, else \uXXXX per UTF-16 unit (so it is also valid inside JSON). */
function escapeChar(c: string): string {
  if (Object.hasOwn(SHORT, c)) return SHORT[c] ?? c;
  return [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}

/** One untrusted value (a name, a path, a line of a file) for human output: every unsafe character escaped. */
export function forTerminal(text: string): string {
  if (PRINTABLE.test(text)) return text;
  return text.replace((unsafe ??= new RegExp(UNSAFE_CLASS, 'gu')), escapeChar);
}

/**
 * The last guard before bytes reach stdout/stderr: escapes what no output of bondify contains on purpose, keeping
 * line breaks, tabs and — only when the command coloured its output — well-formed SGR colour codes. JSON output
 * stays valid and means the same, as its strings hold only JSON escapes after this.
 */
export function guardOutput(text: string, keepColour: boolean): string {
  if (PRINTABLE_LINES.test(text)) return text;
  // Our own colour codes (chalk's SGR sequences), the only escape sequence bondify writes itself.
  return text.replace((sgrOrUnsafe ??= new RegExp(`\\u001b\\[[0-9;]*m|${UNSAFE_CLASS}`, 'gu')), (m) => {
    if (m.length > 1 && m.startsWith('\u001b[')) return keepColour ? m : `\\u001b${m.slice(1)}`;
    return m === '\n' || m === '\t' ? m : escapeChar(m);
  });
}
