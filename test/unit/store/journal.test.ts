// The journal's state machine: the steps a transaction takes, in the one table that allows them (store/journal.ts).
import { describe, expect, it } from 'vitest';
import {
  endJournal,
  JOURNAL_FILE,
  moveJournal,
  readJournal,
  TRANSITIONS,
  writeJournal,
  type Journal,
  type Step,
} from '../../../src/store/journal.js';
import { model } from '../../support/scenario.js';
import { get, tempRoot } from '../../support/fixtures.js';

const start = (root: string, step: Step = 'backed-up'): Journal => {
  const j: Journal = {
    version: 1,
    command: 'apply',
    backup: '2026-11-30T04-00-00-000Z',
    step,
    pid: 1,
    startedAt: '2026-11-30T04:00:00.000Z',
    updatedAt: '2026-11-30T04:00:00.000Z',
    model: model(),
  };
  writeJournal(root, j);
  return j;
};

describe('journal steps', () => {
  it('apply with confirmation walks backed-up → writing → reloading → verifying → awaiting-confirm, each on disk', () => {
    const root = tempRoot();
    let j = start(root);
    for (const step of ['writing', 'reloading', 'verifying', 'awaiting-confirm'] as const) {
      j = moveJournal(root, j, step, new Date('2026-11-30T04:00:01Z'));
      expect(readJournal(root)?.step).toBe(step);
    }
    expect(endJournal(root, j)).toBe(true);
    expect(get(root, JOURNAL_FILE)).toBeNull();
  });

  it('every step may revert and end; a revert killed part way may revert again', () => {
    for (const step of Object.keys(TRANSITIONS) as Step[]) {
      expect(TRANSITIONS[step]).toContain('reverting');
      expect(TRANSITIONS[step]).toContain('ended');
    }
  });

  it.each([
    ['backed-up', 'verifying'],
    ['writing', 'awaiting-confirm'],
    ['verifying', 'writing'],
    ['awaiting-confirm', 'verifying'],
    ['reverting', 'writing'],
  ] as Array<[Step, Step]>)('refuses %s → %s and leaves the journal as it was', (from, to) => {
    const root = tempRoot();
    const j = start(root, from);
    expect(() => moveJournal(root, j, to, new Date())).toThrow(`cannot move from ${from} to ${to}`);
    expect(readJournal(root)?.step).toBe(from);
  });
});
