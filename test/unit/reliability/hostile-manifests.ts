// Tampered or corrupted backup manifests for the hostile-input suite: `rollback --root` must refuse each one
// (exit 65, naming the manifest) before it writes anything, however the manifest tries to reach outside the
// folders bondify restores (/etc/systemd/network, /etc/modprobe.d, /var/lib/bondify).

interface Entry { path: unknown; existed: unknown; reason?: string; mode?: unknown; uid?: unknown; gid?: unknown; sha256?: unknown; blob?: unknown }
export interface ManifestJson { id: unknown; entries: Entry[]; absentDirs?: unknown[] }

const ETH = '/etc/systemd/network/eth0.network';
/** An entry as bondify writes it for a file that existed (the hash is checked only after the paths). */
const kept = (p: string, over: Partial<Entry> = {}): Entry => ({ path: p, existed: true, reason: 'move-aside', mode: 0o644, uid: 0, gid: 0, sha256: 'a'.repeat(64), blob: `files${p}`, ...over });
const gone = (p: unknown): Entry => ({ path: p, existed: false, reason: 'create' });

// [what, spoil the parsed manifest (or return raw text to write instead), parts of the message]
export const HOSTILE_MANIFESTS: Array<[string, (m: ManifestJson) => void | string, string[]]> = [
  ['a path outside the restorable folders (/etc/passwd, removed on restore)', (m) => void m.entries.push(gone('/etc/passwd')), ['path "/etc/passwd"', 'not a file directly in /etc/systemd/network']],
  ['a kept file at /etc/shadow', (m) => void m.entries.push(kept('/etc/shadow')), ['path "/etc/shadow"']],
  ['a path that climbs out with ..', (m) => void m.entries.push(gone('/etc/systemd/network/../../passwd')), ['not a normalized path']],
  ['a path with a . component', (m) => void m.entries.push(gone('/etc/systemd/network/./x.network')), ['not a normalized path']],
  ['a double slash', (m) => void m.entries.push(gone('/etc/systemd//network/x.network')), ['not a normalized path']],
  ['a relative path', (m) => void m.entries.push(gone('etc/systemd/network/x.network')), ['not an absolute path']],
  ['a path that is not a string', (m) => void m.entries.push(gone(42)), ['not an absolute path']],
  ['a NUL in a path', (m) => void m.entries.push(gone('/etc/systemd/network/a\u0000.network')), ['not a normalized path']],
  ['a newline in a file name', (m) => void m.entries.push(gone('/etc/systemd/network/a\nb.network')), ['not a plain file name']],
  ['a hidden file name', (m) => void m.entries.push(gone('/etc/systemd/network/.eth0.network')), ['not a plain file name']],
  ['a subfolder (a symlink could sit there)', (m) => void m.entries.push(gone('/etc/systemd/network/sub/x.network')), ['not a file directly in']],
  ['the journal', (m) => void m.entries.push(gone('/var/lib/bondify/journal.json')), ["bondify's own machinery"]],
  ['the lock', (m) => void m.entries.push(gone('/var/lib/bondify/lock')), ["bondify's own machinery"]],
  ['another backup', (m) => void m.entries.push(gone('/var/lib/bondify/backups/x/manifest.json')), ['not a file directly in']],
  ['a blob outside the backup', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { blob: '../../../../../etc/shadow' })), ['its bytes must be kept at files/etc/systemd/network/eth9.network']],
  ['a mode with file-type bits', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { mode: 0o100644 })), ['is not a file mode']],
  ['a mode as a string', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { mode: '0644' })), ['is not a file mode']],
  ['a negative owner', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { uid: -1 })), ['is not a pair of ids']],
  ['a hash that is not one', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { sha256: '../x' })), ['is not a sha256']],
  ['"existed" that is not a boolean', (m) => void m.entries.push({ path: ETH.replace('eth0', 'eth9'), existed: 'yes' }), ['"existed" is not true or false']],
  ['the same path twice', (m) => void m.entries.push(gone(ETH), gone(ETH)), ['a path is listed twice']],
  ['an id that climbs out', (m) => void (m.id = '../../../etc'), ['is not its folder\'s name']],
  ['an absent folder outside', (m) => void (m.absentDirs = ['/etc']), ['absentDirs names "/etc"']],
  ['entries that are not a list', (m) => JSON.stringify({ ...m, entries: { path: '/etc/passwd' } }), ['unreadable manifest']],
  ['not JSON at all', () => '{"version": 1, "entries": [', ['unreadable manifest']],
];
