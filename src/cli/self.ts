// The argv that runs this very bondify (node + its entry script), for what schedules bondify itself: the cron
// line or timer of `cron install` and apply's revert timer. The entry records its own URL at start, so a
// bundled build (one file, or an entry with chunks) names the file that really ran, not a path of the source tree.
// The URL becomes a path only when asked: the every-minute check never asks, and converting costs node's URL code.
import { fileURLToPath } from 'node:url';

let entry: string | undefined;

/** Called once by the entry script with its import.meta.url. */
export function setEntry(url: string): void {
  entry = url;
}

/** Before the entry ran (a test importing a command directly), main.js beside this file in dist/cli. */
export const selfArgv = (): string[] => [process.execPath, fileURLToPath(entry ?? new URL('./main.js', import.meta.url))];
