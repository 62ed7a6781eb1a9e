// Reliability figures: each suite states what it tried and how much held ("bad inputs: 60 tried, 60 refused
// cleanly"). The line is printed, and appended as JSON to $BONDIFY_FIGURES so `npm run reliability` can put
// every suite's figures in one table.
import fs from 'node:fs';

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
