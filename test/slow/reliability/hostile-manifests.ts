// Tampered or corrupted backup manifests for the hostile-input suite: `rollback --root` must refuse each one
// (exit 65, naming the manifest) before it writes anything, however the manifest tries to reach outside the
// folders bondify restores (/etc/systemd/network, /etc/modprobe.d, /var/lib/bondify).

interface Entry {
  path: unknown;
  existed: unknown;
  reason?: string;
  mode?: unknown;
  size?: unknown;
  uid?: unknown;
  gid?: unknown;
  sha256?: unknown;
  blob?: unknown;
}
export interface ManifestJson {
  id: unknown;
  entries: Entry[];
  absentDirs?: unknown[];
  model?: Record<string, unknown> & { slaves?: unknown; network?: Record<string, unknown> };
  [k: string]: unknown;
}
/** How a case runs rollback: by default `rollback --root R` with the config in place; `standard` removes the config
 * and runs `rollback --to standard`, so the recorded model is all rollback has to go on. */
export type ManifestRun = 'backup' | 'standard';

const ETH = '/etc/systemd/network/eth0.network';
/** An entry as bondify writes it for a file that existed (the hash is checked only after the paths). */
const kept = (p: string, over: Partial<Entry> = {}): Entry => ({
  path: p,
  existed: true,
  reason: 'move-aside',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: 1,
  sha256: 'a'.repeat(64),
  blob: `files${p}`,
  ...over,
});
const gone = (p: unknown): Entry => ({ path: p, existed: false, reason: 'create' });

// [what, spoil the parsed manifest (or return raw text to write instead), parts of the message]
type Slave = {
  name: string;
  wireless: boolean;
  powerSave?: string;
  permanentMac?: string | null;
  standard: Record<string, unknown> | null;
};
const slave = (m: ManifestJson, i: number): Slave => (m.model?.slaves as Slave[])[i] as Slave;

export const HOSTILE_MANIFESTS: Array<[string, (m: ManifestJson) => void | string, string[], ManifestRun?]> = [
  [
    'a path outside the restorable folders (/etc/passwd, removed on restore)',
    (m) => void m.entries.push(gone('/etc/passwd')),
    ['path: "/etc/passwd" is not a file directly in /etc/systemd/network'],
  ],
  ['a kept file at /etc/shadow', (m) => void m.entries.push(kept('/etc/shadow')), ['path: "/etc/shadow" is not a file directly in']],
  ['a path that climbs out with ..', (m) => void m.entries.push(gone('/etc/systemd/network/../../passwd')), ['not a normalized path']],
  ['a path with a . component', (m) => void m.entries.push(gone('/etc/systemd/network/./x.network')), ['not a normalized path']],
  ['a double slash', (m) => void m.entries.push(gone('/etc/systemd//network/x.network')), ['not a normalized path']],
  ['a relative path', (m) => void m.entries.push(gone('etc/systemd/network/x.network')), ['not an absolute path']],
  ['a path that is not a string', (m) => void m.entries.push(gone(42)), ['not an absolute path']],
  ['a NUL in a path', (m) => void m.entries.push(gone('/etc/systemd/network/a\u0000.network')), ['not a normalized path']],
  ['a newline in a file name', (m) => void m.entries.push(gone('/etc/systemd/network/a\nb.network')), ['not a plain file name']],
  ['a hidden file name', (m) => void m.entries.push(gone('/etc/systemd/network/.eth0.network')), ['not a plain file name']],
  [
    'a subfolder (a symlink could sit there)',
    (m) => void m.entries.push(gone('/etc/systemd/network/sub/x.network')),
    ['not a file directly in'],
  ],
  ['the journal', (m) => void m.entries.push(gone('/var/lib/bondify/journal.json')), ["bondify's own machinery"]],
  ['the lock', (m) => void m.entries.push(gone('/var/lib/bondify/lock')), ["bondify's own machinery"]],
  ['another backup', (m) => void m.entries.push(gone('/var/lib/bondify/backups/x/manifest.json')), ['not a file directly in']],
  // udev runs RUN+= as root: of /etc/udev/rules.d only bondify's own rule may come back from a backup.
  [
    "a udev rule that is not bondify's",
    (m) => void m.entries.push(kept('/etc/udev/rules.d/99-evil.rules')),
    ['path: "/etc/udev/rules.d/99-evil.rules" is not bondify\'s own udev rule'],
  ],
  [
    'a blob outside the backup',
    (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { blob: '../../../../../etc/shadow' })),
    ['its bytes must be kept at files/etc/systemd/network/eth9.network'],
  ],
  ['a mode with file-type bits', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { mode: 0o100644 })), ['is not a file mode']],
  ['a mode as a string', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { mode: '0644' })), ['is not a file mode']],
  ['a negative owner', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { uid: -1 })), ['uid: -1 is not a user id']],
  ['a hash that is not one', (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { sha256: '../x' })), ['is not a sha256']],
  [
    '"existed" that is not a boolean',
    (m) => void m.entries.push({ path: ETH.replace('eth0', 'eth9'), existed: 'yes' }),
    ['existed: "yes" is not true or false'],
  ],
  ['the same path twice', (m) => void m.entries.push(gone(ETH), gone(ETH)), ['is listed twice']],
  ['an id that climbs out', (m) => void (m.id = '../../../etc'), ["is not its folder's name"]],
  ['an absent folder outside', (m) => void (m.absentDirs = ['/etc']), ['absentDirs[0]: names "/etc"']],
  ['entries that are not a list', (m) => JSON.stringify({ ...m, entries: { path: '/etc/passwd' } }), ['entries: not a list']],
  ['not JSON at all', () => '{"version": 1, "entries": [', ['unreadable manifest']],
  ['an unknown field', (m) => void (m.extra = true), ['(the manifest): Unrecognized key: "extra"']],
  ['an unknown version', (m) => void (m.version = 2), ['version: 2 is not a manifest version']],
  ['a command bondify has not', (m) => void (m.command = 'init'), ['command: "init" is not apply or rollback']],
  ['a creation time that is not one', (m) => void (m.createdAt = 'yesterday'), ['createdAt: "yesterday" is not an ISO time']],
  [
    'an entry with an unknown reason',
    (m) => void m.entries.push({ ...gone(ETH.replace('eth0', 'eth9')), reason: 'chmod' }),
    ['.reason: "chmod" is not one of'],
  ],
  [
    'a kept file without its hash',
    (m) => void m.entries.push(kept(ETH.replace('eth0', 'eth9'), { sha256: undefined })),
    ['.sha256: missing'],
  ],
  // The recorded bond: rollback --to standard acts on it alone once the config is gone.
  ['model.slaves a string', (m) => void ((m.model as Record<string, unknown>).slaves = 'eth0'), ['model.slaves:'], 'standard'],
  ['model empty', (m) => void (m.model = {}), ['model.name:', 'model.slaves:'], 'standard'],
  [
    'a standard gateway that is a number',
    (m) => void (slave(m, 0).standard = { ...slave(m, 0).standard, gateway: 12345 }),
    ['model.slaves[0].standard.gateway:'],
    'standard',
  ],
  [
    'a standard address 0.0.0.0',
    (m) => void (slave(m, 0).standard = { ...slave(m, 0).standard, addresses: ['0.0.0.0'] }),
    ['model.slaves[0].standard.addresses:', '"0.0.0.0"'],
    'standard',
  ],
  [
    'a bond address that is a network address',
    (m) => void ((m.model?.network as Record<string, unknown>).addresses = ['192.168.1.0/24']),
    ['model.network.addresses:', 'network address'],
    'standard',
  ],
  [
    'a gateway outside every subnet',
    (m) => void ((m.model?.network as Record<string, unknown>).gateway = '10.9.9.9'),
    ['model.network.gateway:', 'outside every address'],
    'standard',
  ],
  [
    'a primary that is not a slave',
    (m) => void ((m.model as Record<string, unknown>).primary = 'eth7'),
    ['model.primary:', 'not one of the slaves'],
    'standard',
  ],
  [
    'a bond name that is an option',
    (m) => void ((m.model as Record<string, unknown>).name = '-f'),
    ['model.name:', "starts with '-'"],
    'standard',
  ],
  ['a slave name that climbs out', (m) => void (slave(m, 1).name = '../../x'), ['model.slaves', "contains '/'"], 'standard'],
  [
    'a wireless slave without fail_over_mac active',
    (m) => void ((m.model as Record<string, unknown>).failOverMac = 'none'),
    ['model.failOverMac:', 'wireless slave'],
    'standard',
  ],
  [
    'a field bondify.ini cannot say',
    (m) => void ((m.model as Record<string, unknown>).arpValidate = 'filter'),
    ['model.arpValidate:'],
    'standard',
  ],
  [
    'an unknown model field',
    (m) => void ((m.model as Record<string, unknown>).script = '/tmp/x'),
    ['model: Unrecognized key: "script"'],
    'standard',
  ],
  ['a control character in a name', (m) => void (slave(m, 0).name = 'eth0\nx'), ['model.slaves[0].name:', 'control character'], 'standard'],
  ['a power save bondify.ini cannot say', (m) => void (slave(m, 1).powerSave = 'auto'), ['model.slaves[1].powerSave:'], 'standard'],
  [
    'power save on a wired slave',
    (m) => void (slave(m, 0).powerSave = 'off'),
    ['model.slaves[0].powerSave:', 'not what bondify.ini can say'],
    'standard',
  ],
  [
    'a permanent MAC that breaks out of the udev rule',
    (m) => void (slave(m, 1).permanentMac = '02:00:00:00:00:00", RUN+="/bin/sh'),
    ['model.slaves[1].permanentMac:', 'is not a MAC address'],
    'standard',
  ],
];
