// Reliability figures: each suite states what it tried and how much held ("bad inputs: 60 tried, 60 refused
// cleanly"). The line is printed, and appended as JSON to $BONDIFY_FIGURES so `npm run reliability` can put
// every suite's figures in one table.
import fs from 'node:fs';
import { afterAll } from 'vitest';

export interface Figure {
  /** Row name in the table, e.g. "bad inputs". */
  name: string;
  tried: number;
  /** Each outcome counted, in the order they are printed, e.g. { 'refused cleanly': 60 }. */
  counts: Record<string, number>;
  note?: string;
}

export function figureLine(f: Figure): string {
  const parts = Object.entries(f.counts).map(([k, v]) => `${v} ${k}`);
  return `${f.name}: ${f.tried} tried, ${parts.join(', ')}${f.note ? ` (${f.note})` : ''}`;
}

export function recordFigure(f: Figure): void {
  const line = figureLine(f);
  console.log(line);
  const file = process.env['BONDIFY_FIGURES'];
  if (file) fs.appendFileSync(file, JSON.stringify({ ...f, line }) + '\n');
}

/**
 * A suite's figure and scratch folders in one place: `made` collects folders to remove after the suite, `tried()`
 * counts a case, `held()` counts one whose outcome was right; after all tests the folders go and the figure
 * `name: N tried, N <outcome>` is recorded.
 */
export function tally(name: string, outcome: string): { made: string[]; tried: () => void; held: () => void } {
  const made: string[] = [];
  let tried = 0;
  let held = 0;
  afterAll(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
    recordFigure({ name, tried, counts: { [outcome]: held } });
  });
  return { made, tried: () => void tried++, held: () => void held++ };
}
