// `bondify backups prune`: keeps the newest N, the default rollback's whole chain and the backup an unfinished
// transaction names; removes the rest (manifest first) and says which; apply prunes by the same rule.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { BACKUP_DIR, createBackup, listBackups, MARKER, undoChain, type Manifest } from '../../../src/store/backup.js';
import { JOURNAL_FILE, writeJournal } from '../../../src/store/journal.js';
import { planPrune, pruneBackups } from '../../../src/usecases/prune.js';
import { put, tempRoot } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));

/** Backups from a history string, oldest first: A = apply from the pre-bondify state, a = apply on top, r = rollback. */
function history(root: string, h: string): Manifest[] {
  return [...h].map((c, i) => createBackup(root, at(i), c === 'r' ? 'rollback' : 'apply', c !== 'A', []));
}

describe('planPrune', () => {
  it('keeps the newest N and the whole default-rollback chain beyond them', () => {
    const root = tempRoot();
    const all = history(root, 'AaraAaaaaa'); // the chain is the last A and the five applies after it
    expect(undoChain(all).map((m) => all.indexOf(m))).toEqual([9, 8, 7, 6, 5, 4]);
    const p = planPrune(all, 2, null);
    expect(p.remove.map((m) => all.indexOf(m))).toEqual([0, 1, 2, 3]);
    expect(p.protectedIds.map((x) => x.id)).toEqual([4, 5, 6, 7].map((i) => all[i]?.id));
    expect(planPrune(all, 0, null).remove.map((m) => all.indexOf(m))).toEqual([0, 1, 2, 3]);
    expect(planPrune(all, 10, null).remove).toEqual([]);
  });

  it('never removes the backup the journal names (a change awaiting confirm)', () => {
    const root = tempRoot();
    const all = history(root, 'AarA');
    expect(planPrune(all, 1, all[1]?.id ?? null).remove.map((m) => all.indexOf(m))).toEqual([0, 2]);
  });
});

describe('pruneBackups', () => {
  it('removes whole folders, manifest first, reports each, and leaves the protected ones loadable', async () => {
    const root = tempRoot();
    const all = history(root, 'ArrrA');
    put(root, `${BACKUP_DIR}/${all[0]?.id}/files/etc/systemd/network/eth0.network`, 'x', 0o600);
    const r = recorder();
    const gone = await pruneBackups(
      {
        root,
        kernelRoot: root,
        live: false,
        env: {},
        now: () => new Date(),
        monotonicMs: () => performance.now(),
        isRoot: () => true,
        exec: async () => {
          throw new Error('no exec');
        },
      },
      1,
      r.report,
    );
    expect(gone).toEqual([0, 1, 2, 3].map((i) => all[i]?.id));
    for (const id of gone) expect(r.text()).toContain(`removed backup ${id}`);
    expect(fs.readdirSync(path.join(root, BACKUP_DIR))).toEqual([all[4]?.id]);
    expect(listBackups(root).map((m) => m.id)).toEqual([all[4]?.id]);
  });
});

describe('pruning touches only what bondify provably made', () => {
  it("never removes a folder without bondify's marker, whatever its name; clears a killed backup of its own", async () => {
    const root = tempRoot();
    const all = history(root, 'Arrrr');
    const copyOfOld = `${BACKUP_DIR}/${all[1]?.id}`; // a complete old backup whose marker a user removed: not provable
    fs.rmSync(path.join(root, copyOfOld, MARKER));
    put(root, `${BACKUP_DIR}/my-manual-copy/files/etc/systemd/network/eth0.network`, 'mine');
    put(root, `${BACKUP_DIR}/2025-12-31T00-00-00-000Z/notes.txt`, 'looks like an id, no marker');
    put(root, `${BACKUP_DIR}/2025-12-30T00-00-00-000Z/${MARKER}`, 'bondify backup 2025-12-30T00-00-00-000Z\n'); // a killed backup
    const r = recorder();
    const gone = await pruneBackups(
      {
        root,
        kernelRoot: root,
        live: false,
        env: {},
        now: () => new Date(),
        monotonicMs: () => performance.now(),
        isRoot: () => true,
        exec: async () => {
          throw new Error('no exec');
        },
      },
      1,
      r.report,
    );
    expect(gone).toEqual([2, 3].map((i) => all[i]?.id));
    expect(r.text()).toContain('removed the incomplete backup 2025-12-30T00-00-00-000Z of a killed run');
    expect(r.text()).toContain(`kept ${copyOfOld}: it has no bondify marker`);
    expect(fs.readdirSync(path.join(root, BACKUP_DIR)).sort()).toEqual(
      ['2025-12-31T00-00-00-000Z', all[0]?.id, all[1]?.id, all[4]?.id, 'my-manual-copy'].sort(),
    );
    expect(fs.readFileSync(path.join(root, BACKUP_DIR, 'my-manual-copy/files/etc/systemd/network/eth0.network'), 'utf8')).toBe('mine');
  });
});

describe('apply prunes after a kept change', () => {
  it('by the same rule: the newest 10 stay, the older ones go, and it says which', async () => {
    const net = standardDevice();
    for (let i = 0; i < 12; i++) createBackup(net.root, at(i), 'rollback', true, []);
    const r = recorder();
    await apply(net.host(), model(), files(), options(), r.report);
    const left = listBackups(net.root);
    expect(left).toHaveLength(10);
    expect(left.filter((m) => m.command === 'apply')).toHaveLength(1);
    expect(r.text()).toMatch(
      /pruned 3 old backup\(s\) beyond the newest 10: 2026-01-01T00-00-00-000Z, 2026-01-01T00-01-00-000Z, 2026-01-01T00-02-00-000Z/,
    );
  });

  it('spares the backup a change awaiting confirmation names in the journal', async () => {
    const net = standardDevice();
    const all = history(net.root, 'Arrrrrrrrrrr');
    writeJournal(net.root, {
      version: 1,
      command: 'apply',
      backup: all[1]?.id ?? '',
      step: 'awaiting-confirm',
      pid: 1,
      startedAt: '',
      updatedAt: '',
      model: model(),
    });
    expect(planPrune(listBackups(net.root), 10, all[1]?.id ?? null).remove.map((m) => m.id)).toEqual([]); // [0] is the chain, [1] the journal's
    expect(fs.existsSync(path.join(net.root, JOURNAL_FILE))).toBe(true);
  });
});
