// Error helper for config checks: knows the file and where each section and key was, so every message can
// name file, line, section, key, bad value and the fix.
import { BondifyError } from '../errors.js';
import type { IniSection } from './ini-scan.js';
import { keysOf } from './keys.js';

export class ConfigContext {
  constructor(
    readonly file: string,
    private readonly sections: IniSection[],
  ) {}

  private lineOf(section: string, key?: string): number | null {
    const s = this.sections.find((x) => x.name === section);
    if (!s) return null;
    if (key === undefined) return s.line;
    return s.entries.find((e) => e.key === key)?.line ?? s.line;
  }

  /** The raw text of a key as written in the file (for the "value:" line of a message). */
  raw(section: string, key: string): string | undefined {
    return this.sections.find((x) => x.name === section)?.entries.find((e) => e.key === key)?.value;
  }

  fail(section: string, key: string | undefined, message: string, fix: string, value?: string): never {
    const line = this.lineOf(section, key);
    // Only a key of a known section shows its value: a file that is not a bondify config (--config
    // /root/.aws/credentials) must not have a line echoed into a terminal or a log.
    const shown = key !== undefined && keysOf(section) !== null;
    const v = shown ? (value ?? this.raw(section, key)) : undefined;
    throw new BondifyError('config', line === null ? message : `line ${line}: ${message}`, {
      file: this.file,
      section,
      ...(key === undefined ? {} : { key }),
      ...(v === undefined ? {} : { value: v }),
      fix,
    });
  }
}
