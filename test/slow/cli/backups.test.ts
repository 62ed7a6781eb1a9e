// `bondify backups prune` through the built CLI: what it prints, and its arguments checked (64).
import { describe, expect, it } from 'vitest';
import { createBackup, type Manifest } from '../../../src/store/backup.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { put, tempRoot } from '../../support/fixtures.js';
import { cli } from '../../support/cli.js';

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));

/** Backups from a history string, oldest first: A = apply from the pre-bondify state, a = apply on top, r = rollback. */
function history(root: string, h: string): Manifest[] {
  return [...h].map((c, i) => createBackup(root, at(i), c === 'r' ? 'rollback' : 'apply', c !== 'A', []));
}

describe('bondify backups prune (built CLI)', () => {
  it('prints what it removed; --keep is checked', async () => {
    const root = tempRoot();
    put(root, '/etc/bondify/bondify.ini', REFERENCE_INI);
    const all = history(root, 'Arrr');
    const r = await cli(['backups', 'prune', '--keep', '1', '--root', root]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed backup ${all[1]?.id} (rollback, `);
    expect(r.stdout).toContain(`kept backup ${all[0]?.id} beyond the newest 1: the default rollback restores it`);
    expect(r.stdout).toContain('removed 2 backup(s)');
    const again = await cli(['backups', 'prune', '--root', root]);
    expect(again.stdout).toContain('nothing to prune');
    for (const bad of [
      ['--keep', '-1'],
      ['--keep', 'ten'],
      ['--keep', '1.5'],
    ]) {
      const b = await cli(['backups', 'prune', ...bad, '--root', root]);
      expect(b.exitCode, bad.join(' ')).toBe(64);
    }
    const stray = await cli(['backups', 'purge', '--root', root]);
    expect([stray.exitCode, stray.stderr]).toEqual([64, expect.stringContaining("unknown argument 'purge'")]);
    const help = await cli(['backups', '--help']);
    expect(help.stdout).toContain('bondify backups prune [--keep N]');
  });
});
