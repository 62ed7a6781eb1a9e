// Confirm-or-revert on the fake host: the detached timer's argv, confirm from elsewhere, Enter, the deadline,
// the timer's own revert, and what a later apply or rollback does with a change still waiting.
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { listBackups } from '../../../src/store/backup.js';
import { autoRevert, confirmPending, isConfirmed } from '../../../src/usecases/confirm.js';
import { JOURNAL_FILE, readJournal } from '../../../src/store/journal.js';
import { revertArgv } from '../../../src/networkd/revert-timer.js';
import { rollback } from '../../../src/usecases/rollback.js';
import { renderStandard } from '../../../src/render/index.js';
import { ETH0, get, snapshot } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';
import { EXIT, exitCodeOf } from '../../../src/cli/exit.js';
import { monotonicMs } from '../../../src/system/clock.js';

const etc = (root: string) => Object.fromEntries(Object.entries(snapshot(root)).filter(([k]) => k.startsWith('/etc/')));
const waitFor = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('apply --confirm', () => {
  it('arms a detached systemd-run timer that runs bondify rollback --auto for this backup', () => {
    expect(revertArgv(['/usr/bin/node', '/x/main.js'], 120, 'B1', '/')).toEqual([
      'systemd-run',
      '--unit=bondify-revert',
      '--on-active=120s',
      '--timer-property=AccuracySec=100ms',
      '--collect',
      '--description=bondify: revert an unconfirmed apply',
      '--',
      '/usr/bin/node',
      '/x/main.js',
      'rollback',
      '--auto',
      'B1',
    ]);
  });

  it('keeps the change when bondify confirm runs in time, and stops the timer', async () => {
    const net = standardDevice();
    const r = recorder();
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 5 }), r.report);
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    expect(net.timerActive).toBe(true);
    expect(net.calls.some((c) => c[0] === 'systemd-run' && c.includes('--auto'))).toBe(true);
    await confirmPending(net.host(), () => {});
    const res = await run;
    expect({ ...res, exitCode: exitCodeOf(res) }).toMatchObject({ outcome: 'confirmed', exitCode: 0 });
    expect(net.timerActive).toBe(false);
    expect(get(net.root, JOURNAL_FILE)).toBeNull();
    expect(isConfirmed(net.root, res.backup ?? '')).toBe(true);
    expect(r.text()).toContain("run 'bondify confirm' within 5 s");
  });

  it('keeps the change when Enter is pressed', async () => {
    const net = standardDevice();
    let press = () => {};
    const enterPressed = new Promise<void>((res) => (press = res));
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 5, enterPressed: () => enterPressed }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    press();
    expect((await run).outcome).toBe('confirmed');
    expect(net.bond).not.toBeNull();
  });

  it('reverts at the deadline without confirmation and exits 75', async () => {
    const net = standardDevice();
    const before = etc(net.root);
    const res = await apply(net.host(), model(), files(), options({ confirmSeconds: 1 }), () => {});
    expect({ ...res, exitCode: exitCodeOf(res) }).toMatchObject({ outcome: 'reverted-unconfirmed', exitCode: 75 });
    expect(etc(net.root)).toEqual(before);
    expect(net.bond).toBeNull();
    expect(net.timerActive).toBe(false);
  });

  it('the timer reverts a change whose apply session died, and does nothing once confirmed', async () => {
    const net = standardDevice();
    const before = etc(net.root);
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 3 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    const id = readJournal(net.root)?.backup ?? '';
    const r = recorder();
    expect(await autoRevert(net.host(), id, 1200, r.report)).toBe('reverted');
    expect(r.text()).toContain('reverted: the change was not confirmed in time');
    expect(etc(net.root)).toEqual(before);
    expect((await run).outcome).toBe('reverted-unconfirmed');
    const again = recorder();
    expect(await autoRevert(net.host(), id, 1200, again.report)).toBe('nothing-to-revert');
    expect(again.text()).toContain('nothing to revert');
  });

  it('refuses another apply while a change waits, and rollback undoes the waiting change', async () => {
    const net = standardDevice();
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 5 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    await expect(apply(net.host(), model(), files(), options(), () => {})).rejects.toThrow(/waits for confirmation/);
    await rollback(net.host(), { to: 'backup', model: null, renderStandard, verify: true, timeoutMs: 1200, lockWaitMs: 5000 }, () => {});
    expect(get(net.root, '/etc/systemd/network/eth0.network')).toBe(ETH0);
    expect((await run).outcome).toBe('reverted-unconfirmed');
    expect(listBackups(net.root).filter((m) => m.command === 'apply')).toHaveLength(1);
  });

  it('confirm with nothing waiting says so (69)', async () => {
    const net = standardDevice();
    await expect(confirmPending(net.host(), () => {})).rejects.toThrow('nothing waits for confirmation');
  });
});

describe('revert timeout', () => {
  it('gives the way back at least 60 s unless told otherwise', async () => {
    const { revertTimeout } = await import('../../../src/usecases/revert.js');
    expect(revertTimeout({ timeoutMs: 15_000 })).toBe(60_000);
    expect(revertTimeout({ timeoutMs: 90_000 })).toBe(90_000);
    expect(revertTimeout({ timeoutMs: 15_000, revertTimeoutMs: 5_000 })).toBe(5_000);
  });
});

describe('bondify confirm racing the waiting apply (seen in the lab under load)', () => {
  /** What `bondify confirm` leaves: the marker, then no journal (done synchronously at the racy moment). */
  const confirmNow = async (root: string, id: string) => {
    const { writeFileAtomic } = await import('../../../src/system/fs.js');
    const { dropJournal } = await import('../../../src/store/journal.js');
    return () => {
      writeFileAtomic(root, `/var/lib/bondify/backups/${id}/confirmed`, 'now\n', { mode: 0o600 });
      dropJournal(root);
    };
  };

  it('confirmed between the marker check and the journal check: kept, exit 0', async () => {
    const net = standardDevice();
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 5 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    const id = readJournal(net.root)?.backup ?? '';
    const confirm = await confirmNow(net.root, id);
    const open = fs.openSync.bind(fs);
    let armed = true;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      if (armed && String(p).endsWith('/var/lib/bondify/journal.json')) {
        armed = false;
        confirm();
      }
      return (open as (...a: unknown[]) => number)(p, ...rest);
    }) as typeof fs.openSync);
    const res = await run.finally(() => vi.restoreAllMocks());
    expect(armed).toBe(false);
    expect({ ...res, exitCode: exitCodeOf(res) }).toMatchObject({ outcome: 'confirmed', exitCode: 0 });
  });

  // A Pi has no RTC: NTP's first sync may step the wall clock by hours inside the window. The window is the revert
  // timer's (monotonic): neither apply's own wait nor `bondify confirm` may end it early, or stretch it.
  it('the wall clock stepped five hours forward inside the window: still waits, and confirm keeps the change', async () => {
    const net = standardDevice();
    let shift = 0;
    const host = { ...net.host(), now: () => new Date(Date.now() + shift) };
    const run = apply(host, model(), files(), options({ confirmSeconds: 5 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    shift = 5 * 3_600_000;
    await new Promise((r) => setTimeout(r, 600)); // several of apply's polls see the stepped clock
    expect(readJournal(net.root)?.step).toBe('awaiting-confirm');
    await confirmPending(host, () => {});
    expect((await run).outcome).toBe('confirmed');
    expect(net.timerActive).toBe(false);
  });

  it('the wall clock stepped an hour back after the window: confirm answers too late (75) on the timer’s clock', async () => {
    const net = standardDevice();
    let mono = 0;
    const host = { ...net.host(), monotonicMs: () => monotonicMs() + mono };
    const run = apply(host, model(), files(), options({ confirmSeconds: 5 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    const late = { ...net.host(), now: () => new Date(Date.now() - 3_600_000), monotonicMs: () => monotonicMs() + 6_000 };
    const e = await confirmPending(late, () => {}).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toMatchObject({ kind: 'tempfail', message: expect.stringMatching(/^too late: the deadline passed/) });
    expect(EXIT.tempfail).toBe(75);
    mono = 6_000; // the apply session's own wait ends too, on the same clock
    expect((await run).outcome).toBe('reverted-unconfirmed');
  });

  it('a window recorded in another boot is over: confirm says the restart ended it (75), nothing kept', async () => {
    const net = standardDevice();
    const run = apply(net.host(), model(), files(), options({ confirmSeconds: 2 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    const j = readJournal(net.root);
    expect(j?.deadlineMonotonic).toMatchObject({ ms: expect.any(Number) });
    // What a reboot leaves: the journal on disk, its monotonic deadline counted from a boot that is gone.
    const other = { ...j, deadlineMonotonic: { ...j?.deadlineMonotonic, bootId: '00000000-0000-0000-0000-000000000000' } };
    fs.writeFileSync(`${net.root}${JOURNAL_FILE}`, JSON.stringify(other));
    await expect(confirmPending(net.host(), () => {})).rejects.toMatchObject({
      kind: 'tempfail',
      message: expect.stringMatching(/^too late: the system restarted during the confirmation window/),
    });
    expect(isConfirmed(net.root, j?.backup ?? '')).toBe(false);
    expect((await run).outcome).toBe('reverted-unconfirmed');
  });

  it('confirmed just before the deadline check: kept, exit 0', async () => {
    const net = standardDevice();
    let id = '';
    let confirm: (() => void) | null = null;
    let jumped = false;
    const host = {
      ...net.host(),
      monotonicMs: () => {
        if (confirm !== null && !jumped) {
          jumped = true;
          confirm();
          return monotonicMs() + 60_000; // the deadline passes in the same iteration
        }
        return jumped ? monotonicMs() + 60_000 : monotonicMs();
      },
    };
    const run = apply(host, model(), files(), options({ confirmSeconds: 5 }), () => {});
    await waitFor(() => readJournal(net.root)?.step === 'awaiting-confirm');
    id = readJournal(net.root)?.backup ?? '';
    confirm = await confirmNow(net.root, id);
    const res = await run;
    expect(jumped).toBe(true);
    expect({ ...res, exitCode: exitCodeOf(res) }).toMatchObject({ outcome: 'confirmed', exitCode: 0 });
    expect(get(net.root, '/etc/systemd/network/10-bondify-bond0.netdev')).not.toBeNull();
  });
});
