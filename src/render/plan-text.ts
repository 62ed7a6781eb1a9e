// The human form of a plan: each file with its action, path, mode and a full-context unified diff (so the whole
// new content is visible), coloured only when the terminal wants colour.
import { createTwoFilesPatch } from 'diff';
import { Chalk } from 'chalk';
import type { PlanEntry } from '../model/planned-file.js';
import { modeString } from './plan-json.js';
import { forTerminal } from '../terminal-text.js';

const FULL_CONTEXT = { context: Number.MAX_SAFE_INTEGER };

function patchOf(e: PlanEntry): string {
  const before = e.current ?? '';
  const gone = e.action === 'remove' || e.action === 'move-aside';
  const after = gone ? '' : e.content;
  const from = e.current === null ? '/dev/null' : e.path;
  const to = gone ? '/dev/null' : e.path;
  // Drop the library's "Index:" and "=====" banner lines: the entry header already names the file.
  return createTwoFilesPatch(from, to, before, after, undefined, undefined, FULL_CONTEXT)
    .split('\n')
    .filter((l) => !l.startsWith('Index: ') && !/^=+$/.test(l))
    .join('\n');
}

export function formatEntry(e: PlanEntry, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const tag = { create: c.green, update: c.yellow, unchanged: c.dim, remove: c.red, 'move-aside': c.magenta }[e.action];
  const modeNote =
    e.currentMode !== undefined && e.currentMode !== e.mode && e.action === 'update'
      ? ` (mode ${modeString(e.currentMode)} → ${modeString(e.mode)})`
      : '';
  const whereTo =
    e.action === 'move-aside'
      ? ` → into the backup (${forTerminal(e.why ?? 'it configures a slave')}; 'bondify rollback' puts it back)`
      : e.action === 'remove'
        ? ' (kept in the backup)'
        : '';
  // Existing files on the target can hold anything: paths and every line are escaped before they are shown.
  const head = c.bold(`${tag(e.action.padEnd(9))} ${forTerminal(e.path)}`) + ` ${modeString(e.mode)}${modeNote}${whereTo}\n`;
  if (e.action === 'unchanged') {
    return (
      head +
      e.content
        .split('\n')
        .slice(0, -1)
        .map((l) => c.dim(`  ${forTerminal(l)}`))
        .join('\n') +
      '\n'
    );
  }
  const body = patchOf(e)
    .split('\n')
    .map(forTerminal)
    .map((l) => {
      if (l.startsWith('+++') || l.startsWith('---')) return c.bold(l);
      if (l.startsWith('@@')) return c.cyan(l);
      if (l.startsWith('+')) return c.green(l);
      if (l.startsWith('-')) return c.red(l);
      return l;
    })
    .join('\n');
  return head + body;
}

export function summarize(entries: PlanEntry[]): string {
  const n = (a: PlanEntry['action']) => entries.filter((e) => e.action === a).length;
  const changes = n('create') + n('update') + n('remove') + n('move-aside');
  const counts = `${n('create')} to create, ${n('update')} to update, ${n('remove')} to remove, ${n('move-aside')} to move aside, ${n('unchanged')} unchanged`;
  return changes === 0 ? `nothing to do (${counts})` : counts;
}

export function formatPlan(entries: PlanEntry[], color: boolean): string {
  return entries.map((e) => formatEntry(e, color)).join('\n') + `\n${summarize(entries)}. Nothing was written.\n`;
}
