// The safe writer: atomic, explicit modes, never through a symlink or into a non-regular file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanTemps, ensureDir, inspectFile, listDir, readFile, removeFile, TEMP_MARK, writeFileAtomic } from '../../../src/system/fs.js';
import { get, modeOf, put, snapshot, tempRoot } from '../../support/fixtures.js';

const T = '/etc/systemd/network/10-bondify-bond0.netdev';

describe('writeFileAtomic', () => {
  it('creates parents and sets the exact mode whatever the umask', () => {
    const root = tempRoot();
    const old = process.umask(0o077);
    try {
      writeFileAtomic(root, T, 'a\n', { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    expect(get(root, T)).toBe('a\n');
    expect(modeOf(root, T)).toBe(0o644);
    expect(modeOf(root, '/etc/systemd/network')).toBe(0o755);
    expect(listDir(root, '/etc/systemd/network')).toEqual(['10-bondify-bond0.netdev']);
  });

  it('replaces an existing file and changes its mode, leaving no temp file', () => {
    const root = tempRoot();
    put(root, T, 'old\n', 0o600);
    writeFileAtomic(root, T, 'new\n', { mode: 0o640 });
    expect(get(root, T)).toBe('new\n');
    expect(modeOf(root, T)).toBe(0o640);
    expect(fs.readdirSync(path.join(root, 'etc/systemd/network'))).toEqual(['10-bondify-bond0.netdev']);
  });

  it('refuses a symlink at the target and leaves its destination alone', () => {
    const root = tempRoot();
    put(root, '/secret', 'keep\n');
    put(root, '/etc/systemd/network/.keep', '');
    fs.symlinkSync(path.join(root, 'secret'), path.join(root, T));
    expect(() => writeFileAtomic(root, T, 'x', { mode: 0o644 })).toThrow(/refusing to touch .*: it is a symlink/);
    expect(get(root, '/secret')).toBe('keep\n');
    expect(fs.lstatSync(path.join(root, T)).isSymbolicLink()).toBe(true);
  });

  it('refuses a symlinked directory on the way, writing nothing at its destination', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.mkdirSync(path.join(root, 'etc/systemd'), { recursive: true });
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'etc/systemd/network'));
    expect(() => writeFileAtomic(root, T, 'x', { mode: 0o644 })).toThrow(/\/etc\/systemd\/network is a symlink/);
    expect(fs.readdirSync(path.join(root, 'elsewhere'))).toEqual([]);
  });

  it('refuses a dangling symlink, a directory and a fifo at the target', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'etc/systemd/network'), { recursive: true });
    fs.symlinkSync('/nonexistent-bondify-target', path.join(root, T));
    expect(() => writeFileAtomic(root, T, 'x', { mode: 0o644 })).toThrow(/symlink/);
    expect(fs.existsSync('/nonexistent-bondify-target')).toBe(false);
    const d = '/etc/systemd/network/dir.network';
    fs.mkdirSync(path.join(root, d));
    expect(() => writeFileAtomic(root, d, 'x', { mode: 0o644 })).toThrow(/not a regular file/);
  });

  it('refuses a path that is not under the root', () => {
    const root = tempRoot();
    expect(() => writeFileAtomic(root, '/etc/../x', 'x', { mode: 0o644 })).toThrow(/not normalized/);
    expect(() => writeFileAtomic(root, 'etc/x', 'x', { mode: 0o644 })).toThrow(/absolute/);
  });

  it('sets the owner when asked', () => {
    const root = tempRoot();
    writeFileAtomic(root, '/f', 'x', { mode: 0o600, uid: 1234, gid: 4321 });
    const st = fs.lstatSync(path.join(root, 'f'));
    expect([st.uid, st.gid]).toEqual([1234, 4321]);
  });
});

describe('readers and removal', () => {
  it('readFile returns bytes, mode and owner; null when absent; refuses a symlink', () => {
    const root = tempRoot();
    put(root, '/a', 'bytes\0\n', 0o640);
    const r = readFile(root, '/a');
    expect(r?.content.toString('utf8')).toBe('bytes\0\n');
    expect(r?.mode).toBe(0o640);
    expect(readFile(root, '/missing/x')).toBeNull();
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    expect(() => readFile(root, '/b')).toThrow(/symlink/);
    expect(inspectFile(root, '/a')?.size).toBe(7);
  });

  it('removeFile removes regular files only', () => {
    const root = tempRoot();
    put(root, '/a', 'x');
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    expect(() => removeFile(root, '/b')).toThrow(/symlink/);
    expect(removeFile(root, '/a')).toBe(true);
    expect(removeFile(root, '/a')).toBe(false);
    expect(fs.lstatSync(path.join(root, 'b')).isSymbolicLink()).toBe(true);
  });

  it('ensureDir forces the mode of the last folder (state folders are 0700)', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'var/lib/bondify'), { recursive: true, mode: 0o755 });
    ensureDir(root, '/var/lib/bondify/backups', 0o700);
    ensureDir(root, '/var/lib/bondify', 0o700);
    expect(modeOf(root, '/var/lib/bondify')).toBe(0o700);
    expect(modeOf(root, '/var/lib/bondify/backups')).toBe(0o700);
  });

  it('cleanTemps removes only temp files carrying bondify mark', () => {
    const root = tempRoot();
    put(root, `/d/.x.network${TEMP_MARK}1-ab`, 'half');
    put(root, '/d/.hidden', 'user');
    put(root, '/d/x.network', 'user');
    expect(cleanTemps(root, '/d')).toEqual([`.x.network${TEMP_MARK}1-ab`]);
    expect(Object.keys(snapshot(root))).toEqual(['/d/.hidden', '/d/x.network']);
  });
});

describe('folders created on an empty offline root', () => {
  it('system folders 0755 (root-owned), bondify state 0700, whatever the umask', () => {
    const root = tempRoot();
    const old = process.umask(0o077);
    try {
      ensureDir(root, '/var/lib/bondify/backups', 0o700);
      writeFileAtomic(root, '/var/lib/bondify/journal.json', '{}\n', { mode: 0o600, dirMode: 0o700 });
      writeFileAtomic(root, '/etc/modprobe.d/bondify.conf', 'x\n', { mode: 0o644 });
      writeFileAtomic(root, T, 'x\n', { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    for (const d of ['/var', '/var/lib', '/etc', '/etc/modprobe.d', '/etc/systemd', '/etc/systemd/network'])
      expect(modeOf(root, d), d).toBe(0o755);
    for (const d of ['/var/lib/bondify', '/var/lib/bondify/backups']) expect(modeOf(root, d), d).toBe(0o700);
  });

  it('removeEmptyDir removes only a real, empty folder', async () => {
    const { removeEmptyDir } = await import('../../../src/system/fs.js');
    const root = tempRoot();
    put(root, '/full/f', 'x');
    fs.mkdirSync(path.join(root, 'empty'));
    fs.mkdirSync(path.join(root, 'target'));
    fs.symlinkSync(path.join(root, 'target'), path.join(root, 'link'));
    expect(removeEmptyDir(root, '/full')).toBe(false);
    expect(removeEmptyDir(root, '/missing')).toBe(false);
    expect(() => removeEmptyDir(root, '/link')).toThrow(/symlink/);
    expect(removeEmptyDir(root, '/empty')).toBe(true);
    expect(fs.existsSync(path.join(root, 'empty'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'target'))).toBe(true);
  });
});

describe('refusals name the folder, not a made-up path inside it', () => {
  it('a symlinked state folder', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'var/lib'), { recursive: true });
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'var/lib/bondify'));
    for (const f of [() => ensureDir(root, '/var/lib/bondify/backups', 0o700), () => listDir(root, '/var/lib/bondify/backups')]) {
      let msg = '';
      try {
        f();
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toBe('refusing to touch /var/lib/bondify/backups: /var/lib/bondify is a symlink');
    }
  });
});
