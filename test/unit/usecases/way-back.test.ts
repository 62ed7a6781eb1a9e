// takeBack, the one way back of a recorded change (apply's failure, the revert timer, apply's confirm deadline,
// check --heal, the next run after a crash), on apply's fake networkd + kernel: what it reverts, what it leaves
// alone, and that the callers share its behaviour.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { apply } from '../../../src/usecases/apply.js';
import { autoRevert } from '../../../src/usecases/confirm.js';
import { heal } from '../../../src/usecases/heal.js';
import { takeBack, wayBackError } from '../../../src/usecases/way-back.js';
import { JOURNAL_FILE, readJournal, writeJournal, type Step } from '../../../src/store/journal.js';
import { acquireLock, LOCK_FILE } from '../../../src/system/lock.js';
import { ETH0, get, put } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';

const NET = '/etc/systemd/network';
const TEMP = `${NET}/.10-bondify-bond0.network.bondify-tmp-999999-0badc0de`;
const own = { command: 'rollback --auto', waitMs: 0 };

/** A device on bondify with a journal left as a run at `step` leaves it (its process gone), naming `backup`. */
async function pendingAt(step: Step, backup?: string) {
  const net = standardDevice();
  put(net.root, '/etc/bondify/bondify.ini', REFERENCE_INI, 0o600);
  const res = await apply(net.host(), model(), files(), options(), () => {});
  expect(res.outcome).toBe('applied');
  const id = backup ?? (res.backup as string);
  const past = new Date(Date.now() - 60_000).toISOString();
  writeJournal(net.root, {
    version: 1,
    command: 'apply',
    backup: id,
    step,
    pid: 999_999,
    startedAt: past,
    updatedAt: past,
    ...(step === 'awaiting-confirm' ? { deadline: past, revertUnit: 'bondify-revert.timer' } : {}),
    model: model(),
  });
  net.calls = [];
  return { net, id };
}

type Pending = Awaited<ReturnType<typeof pendingAt>>;

const bondifyFiles = (root: string) => fs.readdirSync(path.join(root, NET)).filter((n) => n.startsWith('10-bondify-'));

describe('takeBack', () => {
  it('restores the waiting change, verifies it and ends the journal', async () => {
    const { net, id } = await pendingAt('awaiting-confirm');
    const r = await takeBack(net.host(), { lock: own, change: { waiting: id }, network: { timeoutMs: 1200 } }, () => {});
    expect(r.outcome).toBe('reverted');
    expect(r.outcome !== 'nothing-waits' && [r.revert.verified, r.backup.id]).toEqual([true, id]);
    expect([readJournal(net.root), get(net.root, `${NET}/eth0.network`), bondifyFiles(net.root), net.bond]).toEqual([null, ETH0, [], null]);
    expect(get(net.root, LOCK_FILE)).toBeNull(); // its own lock is released
  });

  it.each([
    ['a change of another backup waits', 'awaiting-confirm' as const, 'someone-else'],
    ['the journal is an interrupted run, not a waiting change', 'writing' as const, undefined],
  ])('leaves everything alone when %s', async (_, step, other) => {
    const { net, id } = await pendingAt(step);
    const before = bondifyFiles(net.root);
    const r = await takeBack(net.host(), { lock: own, change: { waiting: other ?? id }, network: { timeoutMs: 1200 } }, () => {});
    expect(r).toEqual({ outcome: 'nothing-waits' });
    expect([readJournal(net.root)?.step, bondifyFiles(net.root), net.actions()]).toEqual([step, before, []]);
  });

  it('without a change named, reverts whatever journal is there and clears what the killed run left', async () => {
    const { net } = await pendingAt('writing');
    put(net.root, TEMP, 'half');
    const rec = recorder();
    const r = await takeBack(net.host(), { lock: own, network: { timeoutMs: 1200 } }, rec.report);
    expect(r.outcome).toBe('reverted');
    expect([get(net.root, TEMP), readJournal(net.root), get(net.root, `${NET}/eth0.network`)]).toEqual([null, null, ETH0]);
    expect(rec.text()).toContain(`removed a temp file left by a killed run: ${NET}/.10-bondify-bond0.network.bondify-tmp-`);
  });

  it('a journal whose backup is gone is a data error, and the journal stays for a human', async () => {
    const { net } = await pendingAt('writing', '2026-01-01T00-00-00-000Z');
    await expect(takeBack(net.host(), { lock: own, network: { timeoutMs: 1200 } }, () => {})).rejects.toMatchObject({
      kind: 'data',
      message: 'the journal names backup 2026-01-01T00-00-00-000Z, which is missing',
    });
    expect([readJournal(net.root)?.step, bondifyFiles(net.root).length > 0, net.actions()]).toEqual(['writing', true, []]);
  });

  it('a way back that does not become healthy is revert-failed: the files are back, the error gives the manual steps', async () => {
    const { net, id } = await pendingAt('awaiting-confirm');
    net.gatewayAnswers = () => false;
    const r = await takeBack(net.host(), { lock: own, change: { waiting: id }, network: { timeoutMs: 600 } }, () => {});
    expect(r.outcome).toBe('revert-failed');
    if (r.outcome === 'nothing-waits') return;
    expect([readJournal(net.root), get(net.root, `${NET}/eth0.network`)]).toEqual([null, ETH0]);
    const e = wayBackError('the change was not confirmed in time', [], r);
    expect([e.kind, e.message]).toEqual(['tempfail', expect.stringMatching(/THE REVERT FAILED TOO[\s\S]*cp -p .*eth0\.network/)]);
  });

  it('takes the lock itself (refusing while another run holds it) or works under one the caller holds', async () => {
    const { net, id } = await pendingAt('awaiting-confirm');
    const lock = await acquireLock(net.root, 'check --heal', { waitMs: 0 });
    await expect(takeBack(net.host(), { lock: own, change: { waiting: id }, network: { timeoutMs: 1200 } }, () => {})).rejects.toThrow(
      /another bondify check --heal/,
    );
    expect(readJournal(net.root)?.step).toBe('awaiting-confirm');
    const r = await takeBack(net.host(), { lock: 'held', change: { waiting: id }, network: { timeoutMs: 1200 } }, () => {});
    expect(r.outcome).toBe('reverted');
    expect(get(net.root, LOCK_FILE)).not.toBeNull(); // the holder releases it, not takeBack
    lock.release();
  });
});

describe('the revert timer, the confirm deadline and check --heal revert through it', () => {
  it.each([
    [
      'the revert timer (rollback --auto)',
      async (n: Pending) => expect(await autoRevert(n.net.host(), n.id, 1200, () => {})).toBe('reverted'),
    ],
    [
      'check --heal (deadline passed, timer lost)',
      async (n: Pending) =>
        expect((await heal(n.net.host(), { timeoutMs: 1200, revertTimeoutMs: 1200, lockWaitMs: 0 })).healed).toMatch(
          /^reverted the unconfirmed apply/,
        ),
    ],
  ])('%s: restores, ends the journal, clears a killed run’s temp file', async (_, run) => {
    const n = await pendingAt('awaiting-confirm');
    put(n.net.root, TEMP, 'half');
    await run(n);
    expect([readJournal(n.net.root), get(n.net.root, TEMP), get(n.net.root, `${NET}/eth0.network`)]).toEqual([null, null, ETH0]);
  });

  it('the confirm deadline: restores, ends the journal, clears a temp file left while apply waited', async () => {
    const net = standardDevice();
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 1 }), () => {});
    for (let i = 0; i < 200 && readJournal(net.root)?.step !== 'awaiting-confirm'; i++) await new Promise((r) => setTimeout(r, 25));
    put(net.root, TEMP, 'half');
    expect((await run).outcome).toBe('reverted-unconfirmed');
    expect([readJournal(net.root), get(net.root, TEMP), get(net.root, `${NET}/eth0.network`)]).toEqual([null, null, ETH0]);
  });

  it('the revert timer refuses a journal whose backup is gone with the data error recovery gives', async () => {
    const gone = '2026-01-01T00-00-00-000Z';
    const { net } = await pendingAt('awaiting-confirm', gone);
    await expect(autoRevert(net.host(), gone, 1200, () => {})).rejects.toMatchObject({
      kind: 'data',
      message: expect.stringMatching(/which is missing$/),
    });
    expect(readJournal(net.root)?.step).toBe('awaiting-confirm');
  });

  it('check --heal reports a journal whose backup is gone as a failed heal and leaves the journal', async () => {
    const { net } = await pendingAt('writing', '2026-01-01T00-00-00-000Z');
    const r = await heal(net.host(), { timeoutMs: 1200, revertTimeoutMs: 1200, lockWaitMs: 0 });
    expect(r.failed).toBe('heal failed: the journal names backup 2026-01-01T00-00-00-000Z, which is missing');
    expect(get(net.root, JOURNAL_FILE)).not.toBeNull();
  });
});
