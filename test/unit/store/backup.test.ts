// The backup store: manifest with modes, owners and hashes; absent files recorded; restore byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_DIR, createBackup, listBackups, readManifest, restoreBackup, type Manifest } from '../../../src/store/backup.js';
import { BondifyError } from '../../../src/errors.js';
import { get, modeOf, put, snapshot, tempRoot } from '../../support/fixtures.js';

const ETH = '/etc/systemd/network/eth0.network';
const OWN = '/etc/systemd/network/10-bondify-bond0.netdev';
const T0 = new Date('2026-11-23T12:00:00.123Z');

function arranged() {
  const root = tempRoot();
  put(root, ETH, '[Match]\nName=eth0\n', 0o640);
  fs.chownSync(path.join(root, ETH), 0, 4);
  return root;
}

describe('backup store', () => {
  it('records existing files with mode, owner, sha256 and absent ones as absent; folders 0700', () => {
    const root = arranged();
    const m = createBackup(root, T0, 'apply', false, [
      { path: ETH, reason: 'move-aside' },
      { path: OWN, reason: 'create' },
    ]);
    expect(m.id).toBe('2026-11-23T12-00-00-123Z');
    expect(m.entries).toEqual([
      {
        path: ETH,
        existed: true,
        reason: 'move-aside',
        mode: 0o640,
        uid: 0,
        gid: 4,
        size: 18,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        blob: `files${ETH}`,
      },
      { path: OWN, existed: false, reason: 'create' },
    ]);
    expect(get(root, `${BACKUP_DIR}/${m.id}/files${ETH}`)).toBe('[Match]\nName=eth0\n');
    expect(modeOf(root, BACKUP_DIR)).toBe(0o700);
    expect(modeOf(root, `${BACKUP_DIR}/${m.id}`)).toBe(0o700);
    expect(modeOf(root, `${BACKUP_DIR}/${m.id}/files/etc/systemd/network`)).toBe(0o700);
    expect(modeOf(root, `${BACKUP_DIR}/${m.id}/manifest.json`)).toBe(0o600);
    expect(readManifest(root, m.id)).toEqual(m);
  });

  it('gives two backups in the same millisecond distinct ids, listed oldest first', () => {
    const root = arranged();
    const a = createBackup(root, T0, 'apply', false, []);
    const b = createBackup(root, T0, 'rollback', true, []);
    expect(b.id).toBe(`${a.id}-1`);
    expect(listBackups(root).map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it('ignores a backup folder without manifest (interrupted before it was complete)', () => {
    const root = arranged();
    put(root, `${BACKUP_DIR}/2026-01-01T00-00-00-000Z/files/x`, 'half');
    expect(listBackups(root)).toEqual([]);
  });

  it('restores contents, modes and owners byte for byte and removes files that did not exist', () => {
    const root = arranged();
    const before = snapshot(root);
    const m = createBackup(root, T0, 'apply', false, [
      { path: ETH, reason: 'move-aside' },
      { path: OWN, reason: 'create' },
    ]);
    fs.rmSync(path.join(root, ETH));
    put(root, OWN, '[NetDev]\n');
    const r = restoreBackup(root, m, true);
    expect(r).toEqual({ written: [ETH], removed: [OWN] });
    const after = snapshot(root);
    for (const k of Object.keys(before)) expect(after[k]).toBe(before[k]);
    expect(after[OWN]).toBeUndefined();
    expect(fs.statSync(path.join(root, ETH)).gid).toBe(4);
    expect(restoreBackup(root, m, true)).toEqual({ written: [], removed: [] });
  });

  it('restores a changed mode even when the bytes are the same', () => {
    const root = arranged();
    const m = createBackup(root, T0, 'apply', false, [{ path: ETH, reason: 'update' }]);
    fs.chmodSync(path.join(root, ETH), 0o666);
    expect(restoreBackup(root, m, true).written).toEqual([ETH]);
    expect(modeOf(root, ETH)).toBe(0o640);
  });

  it('refuses a damaged backup before touching anything', () => {
    const root = arranged();
    const m = createBackup(root, T0, 'apply', false, [
      { path: ETH, reason: 'move-aside' },
      { path: OWN, reason: 'create' },
    ]);
    put(root, OWN, 'new');
    fs.writeFileSync(path.join(root, `${BACKUP_DIR}/${m.id}/files${ETH}`), 'tampered');
    const before = snapshot(root);
    expect(() => restoreBackup(root, m, true)).toThrow(/backup .* is damaged: \/etc\/systemd\/network\/eth0.network/);
    expect(snapshot(root)).toEqual(before);
  });

  it('rejects ids that could climb out of the backup folder', () => {
    const root = arranged();
    expect(() => readManifest(root, '../x')).toThrow(/not a backup id/);
  });
});

describe('incomplete backups', () => {
  it('removes only what bondify provably made (its id format and its marker): a killed backup, an empty id folder', async () => {
    const { removeIncomplete, MARKER } = await import('../../../src/store/backup.js');
    const root = arranged();
    const keep = createBackup(root, T0, 'apply', false, [{ path: ETH, reason: 'move-aside' }]);
    // Killed while backing up: marker first, some files, no manifest.
    const killed = '2026-01-01T00-00-00-000Z';
    put(root, `${BACKUP_DIR}/${killed}/${MARKER}`, `bondify backup ${killed}\n`, 0o600);
    put(root, `${BACKUP_DIR}/${killed}/files/etc/x`, 'half');
    put(root, '/outside/precious', 'keep');
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, `${BACKUP_DIR}/${killed}/files/link`));
    fs.mkdirSync(path.join(root, `${BACKUP_DIR}/2026-01-02T00-00-00-000Z`)); // killed between mkdir and the marker
    // Not bondify's to remove: another name, its id format without the marker, a marker naming another id,
    // a marker that is a symlink.
    const foreign = {
      'my-manual-copy': { 'files/etc/x': 'mine' },
      '2026-01-03T00-00-00-000Z': { 'files/etc/x': 'a hand copy' },
      '2026-01-04T00-00-00-000Z': { [MARKER]: `bondify backup ${killed}\n`, 'files/etc/x': 'renamed copy' },
      '2026-01-05T00-00-00-000Z-1': { 'notes.txt': 'x' },
    };
    for (const [dir, content] of Object.entries(foreign))
      for (const [f, c] of Object.entries(content)) put(root, `${BACKUP_DIR}/${dir}/${f}`, c);
    fs.mkdirSync(path.join(root, `${BACKUP_DIR}/2026-01-06T00-00-00-000Z`));
    fs.symlinkSync(path.join(root, 'outside/precious'), path.join(root, `${BACKUP_DIR}/2026-01-06T00-00-00-000Z/${MARKER}`));
    const before = Object.fromEntries(Object.entries(snapshot(root)).filter(([k]) => !k.includes(killed) && !k.includes(keep.id)));
    expect(removeIncomplete(root)).toEqual([killed, '2026-01-02T00-00-00-000Z']);
    expect(listBackups(root).map((m) => m.id)).toEqual([keep.id]);
    expect(Object.fromEntries(Object.entries(snapshot(root)).filter(([k]) => !k.includes(keep.id)))).toEqual(before);
    expect(fs.readdirSync(path.join(root, BACKUP_DIR))).toEqual(
      [
        '2026-01-03T00-00-00-000Z',
        '2026-01-04T00-00-00-000Z',
        '2026-01-05T00-00-00-000Z-1',
        '2026-01-06T00-00-00-000Z',
        keep.id,
        'my-manual-copy',
      ].sort(),
    );
  });

  // removeBackup's steps in order: manifest, files, marker, folder. A kill after any of them leaves a folder the
  // next run removes; the folder beside it (a user's copy in the same state but without the marker) stays.
  it.each([
    ['the manifest', ['manifest.json']],
    ['the manifest and the files', ['manifest.json', 'files']],
    ['everything but the folder', ['manifest.json', 'files', '.bondify-backup']],
  ])('a removal killed after %s is finished by the next run', async (_, done) => {
    const { removeIncomplete } = await import('../../../src/store/backup.js');
    const root = arranged();
    const m = createBackup(root, T0, 'apply', false, [{ path: ETH, reason: 'move-aside' }]);
    const dir = path.join(root, BACKUP_DIR, m.id);
    for (const f of done) fs.rmSync(path.join(dir, f), { recursive: true });
    put(root, `${BACKUP_DIR}/2026-01-03T00-00-00-000Z/files/etc/x`, 'a hand copy');
    expect(removeIncomplete(root)).toEqual([m.id]);
    expect(fs.readdirSync(path.join(root, BACKUP_DIR))).toEqual(['2026-01-03T00-00-00-000Z']);
  });
});

describe('manifest checks before a restore', () => {
  const good = () => ({
    path: ETH,
    existed: true,
    reason: 'move-aside' as const,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: 1,
    sha256: 'a'.repeat(64),
    blob: `files${ETH}`,
  });
  // [what, change to the manifest, the refusal names]
  const BAD: Array<[string, (m: Manifest) => void, string]> = [
    [
      '/etc/shadow',
      (m) => m.entries.push({ path: '/etc/shadow', existed: false, reason: 'create' }),
      'entries[1].path: "/etc/shadow" is not a file directly in',
    ],
    [
      'a path that climbs out',
      (m) => m.entries.push({ path: '/etc/systemd/network/../../shadow', existed: false, reason: 'create' }),
      'not a normalized path',
    ],
    [
      'a relative path',
      (m) => m.entries.push({ path: 'etc/systemd/network/x.network', existed: false, reason: 'create' }),
      'not an absolute path',
    ],
    [
      'a deeper folder',
      (m) => m.entries.push({ path: '/etc/systemd/network/sub/x.network', existed: false, reason: 'create' }),
      'not a file directly in',
    ],
    [
      'the journal',
      (m) => m.entries.push({ path: '/var/lib/bondify/journal.json', existed: false, reason: 'create' }),
      "bondify's own machinery",
    ],
    [
      'a blob elsewhere',
      (m) => m.entries.push({ ...good(), blob: '../../../../etc/shadow' }),
      'its bytes must be kept at files/etc/systemd/network/eth0.network',
    ],
    ['a mode that is not one', (m) => m.entries.push({ ...good(), mode: 0o100644 }), 'is not a file mode'],
    ['a negative owner', (m) => m.entries.push({ ...good(), uid: -1 }), 'entries[1].uid: -1 is not a user id'],
    ['an odd hash', (m) => m.entries.push({ ...good(), sha256: 'x' }), 'is not a sha256'],
    ['a path twice', (m) => m.entries.push(good(), good()), 'is listed twice'],
    ['another id', (m) => void (m.id = '../other'), "is not its folder's name"],
    ['a foreign absent folder', (m) => void (m.absentDirs = ['/etc']), 'absentDirs[0]: names "/etc"'],
  ];
  it.each(BAD)('refuses %s (data, exit 65) and writes nothing', (_, spoil, says) => {
    const root = arranged();
    const m = createBackup(root, T0, 'apply', false, [{ path: OWN, reason: 'create' }]);
    spoil(m);
    fs.writeFileSync(
      path.join(root, `${BACKUP_DIR}/${m.id === '../other' ? '2026-11-23T12-00-00-123Z' : m.id}/manifest.json`),
      JSON.stringify(m),
    );
    put(root, OWN, '[NetDev]\n');
    const before = snapshot(root);
    let err: unknown = null;
    try {
      restoreBackup(root, readManifest(root, '2026-11-23T12-00-00-123Z') as Manifest, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BondifyError);
    expect((err as BondifyError).kind).toBe('data');
    expect((err as BondifyError).message).toContain(says);
    expect(snapshot(root)).toEqual(before);
    expect(() => restoreBackup(root, m, true)).toThrow(says); // restore checks a manifest it is handed, too
  });
});
