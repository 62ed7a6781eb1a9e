// rollback on the fake host: byte-for-byte restore through a chain of applies, --to standard, offline roots.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { BACKUP_DIR, listBackups, undoChain } from '../../../src/store/backup.js';
import { rollback, type RollbackOptions } from '../../../src/usecases/rollback.js';
import { renderStandard } from '../../../src/render/index.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { BondifyError } from '../../../src/errors.js';
import { ETH0, WLAN0, get, put, snapshot } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';
import { exitCodeOf } from '../../../src/cli/exit.js';

const NET = '/etc/systemd/network';
const etc = (root: string) => Object.fromEntries(Object.entries(snapshot(root)).filter(([k]) => k.startsWith('/etc/')));
const opts = (over: Partial<RollbackOptions> = {}): RollbackOptions => ({
  to: 'backup',
  model: null,
  renderStandard,
  verify: true,
  timeoutMs: 1200,
  lockWaitMs: 0,
  ...over,
});

describe('rollback', () => {
  it('restores the standard files byte for byte, removes bondify files, deletes the bond and verifies both links', async () => {
    const net = standardDevice();
    const before = etc(net.root);
    await apply(net.host(), model(), files(), options(), () => {});
    expect(get(net.root, '/etc/udev/rules.d/90-bondify-power-save.rules')).toContain('set power_save off');
    net.calls = [];
    const r = recorder();
    const res = await rollback(net.host(), opts(), r.report);
    expect(exitCodeOf(res)).toBe(0);
    expect(etc(net.root)).toEqual(before);
    expect(fs.existsSync(path.join(net.root, 'etc/udev/rules.d/90-bondify-power-save.rules'))).toBe(false);
    expect(net.actions()).toEqual(['ip link delete bond0', 'networkctl reload', 'networkctl reconfigure eth0 wlan0']);
    expect(net.bond).toBeNull();
    expect(r.text()).toContain('eth0 192.168.1.252/24; wlan0 192.168.1.25/24');
    expect(r.text()).toMatch(/✓ links healthy after .*gateway answers through eth0, wlan0/);
  });

  it('verifies a restored address the file spells differently from the kernel (FD00:0::9 is fd00::9)', async () => {
    const net = standardDevice();
    put(net.root, `${NET}/eth0.network`, ETH0.replace('Address=192.168.1.252/24\n', 'Address=192.168.1.252/24\nAddress=FD00:0::9/64\n'));
    net.reconcile();
    await apply(net.host(), model(), files(), options(), () => {});
    const res = await rollback(net.host(), opts(), () => {});
    expect(exitCodeOf(res)).toBe(0);
  });

  it('undoes a chain of applies back to the state before bondify', async () => {
    const net = standardDevice();
    const before = etc(net.root);
    await apply(net.host(), model(), files(), options(), () => {});
    const slower = model(REFERENCE_INI.replace('miimon = 100ms', 'miimon = 200ms').replace('updelay = 200ms', 'updelay = 400ms'));
    await apply(net.host(), slower, files(slower), options(), () => {});
    expect(listBackups(net.root).map((m) => m.bondifyPresent)).toEqual([false, true]);
    expect(undoChain(listBackups(net.root))).toHaveLength(2);
    await rollback(net.host(), opts(), () => {});
    expect(etc(net.root)).toEqual(before);
  });

  it('is harmless when run twice', async () => {
    const net = standardDevice();
    const before = etc(net.root);
    await apply(net.host(), model(), files(), options(), () => {});
    await rollback(net.host(), opts(), () => {});
    await rollback(net.host(), opts(), () => {});
    expect(etc(net.root)).toEqual(before);
  });

  it('without any backup, points to --to standard (69)', async () => {
    const net = standardDevice();
    const e = await rollback(net.host(), opts({ model: model() }), () => {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BondifyError);
    expect((e as BondifyError).kind).toBe('unavailable');
    expect((e as BondifyError).details.fix).toContain('--to standard');
  });

  it('--to standard writes the reference guide files byte for byte and removes bondify files', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.live = false;
    const res = await rollback(net.host(), opts({ to: 'standard', model: model() }), () => {});
    expect(exitCodeOf(res)).toBe(0);
    expect(get(net.root, `${NET}/eth0.network`)).toBe(ETH0);
    expect(get(net.root, `${NET}/wlan0.network`)).toBe(WLAN0);
    expect(Object.keys(etc(net.root)).filter((p) => p.includes('bondify'))).toEqual([]);
  });

  it('reports a rollback whose links do not come back (75) without undoing it', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.gatewayAnswers = () => false;
    const e = (await rollback(net.host(), opts({ timeoutMs: 300 }), () => {}).catch((x: unknown) => x)) as BondifyError;
    expect(e.kind).toBe('tempfail');
    // With what the kernel knows of that link: it is up, and nothing answered ARP on it.
    expect(e.message).toContain(
      'gateway 192.168.1.1: desired answers through eth0, current no answer (eth0 up; neighbour 192.168.1.1 FAILED)',
    );
    expect(get(net.root, `${NET}/eth0.network`)).toBe(ETH0);
  });
});

describe('what the restored links should look like', () => {
  it('prefers the file that certainly matches over a package catch-all with keys bondify cannot evaluate', async () => {
    const { standardExpectations } = await import('../../../src/usecases/verify-standard.js');
    const { put } = await import('../../support/fixtures.js');
    const net = standardDevice();
    put(
      net.root,
      '/usr/lib/systemd/network/80-wifi-adhoc.network',
      '[Match]\nType=wlan\nWLANInterfaceType=ad-hoc\n\n[Network]\nLinkLocalAddressing=yes\n',
    );
    expect(standardExpectations(net.root, model()).map((l) => [l.name, l.file, l.addresses, l.gateway])).toEqual([
      ['eth0', `${NET}/eth0.network`, ['192.168.1.252/24'], '192.168.1.1'],
      ['wlan0', `${NET}/wlan0.network`, ['192.168.1.25/24'], '192.168.1.1'],
    ]);
  });
});

describe('rollback with nothing to undo', () => {
  it('says "nothing to roll back", takes no backup and does not touch networkd (live and offline)', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    await rollback(net.host(), opts(), () => {});
    const backups = listBackups(net.root).length;
    const before = snapshot(net.root);
    net.calls = [];
    const r = recorder();
    const res = await rollback(net.host(), opts(), r.report);
    expect(res).toEqual({ outcome: 'nothing-to-roll-back', restored: [] });
    expect(exitCodeOf(res)).toBe(0);
    expect(r.text()).toMatch(
      /^nothing to roll back: the files are already as before bondify and there is no bond0 link; no backup taken$/m,
    );
    expect(listBackups(net.root)).toHaveLength(backups);
    expect(net.actions()).toEqual([]);
    expect(snapshot(net.root)).toEqual(before);
    net.live = false;
    const off = recorder();
    await rollback(net.host(), opts(), off.report);
    expect(off.text()).toContain('nothing to roll back');
    expect(listBackups(net.root)).toHaveLength(backups);
  });

  it('a bond link left up with the files already rolled back: deletes it and verifies, still without a backup', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.live = false;
    await rollback(net.host(), opts(), () => {});
    net.live = true;
    expect(net.bond).not.toBeNull(); // the offline rollback did not tell networkd
    const backups = listBackups(net.root).length;
    const r = recorder();
    await rollback(net.host(), opts(), r.report);
    expect(r.text()).toContain('the files are already rolled back: no backup taken');
    expect(net.bond).toBeNull();
    expect(listBackups(net.root)).toHaveLength(backups);
  });
});

describe('folders bondify created', () => {
  it('removes an empty /etc/modprobe.d (and /etc/udev/rules.d) it created, keeps one that existed before', async () => {
    const net = standardDevice();
    net.live = false;
    await apply(net.host(), model(), files(), options(), () => {});
    expect(listBackups(net.root)[0]?.absentDirs).toEqual(['/etc/modprobe.d', '/etc/udev/rules.d']);
    await rollback(net.host(), opts(), () => {});
    expect(fs.existsSync(path.join(net.root, 'etc/modprobe.d'))).toBe(false);
    expect(fs.existsSync(path.join(net.root, 'etc/udev/rules.d'))).toBe(false);

    const had = standardDevice();
    had.live = false;
    fs.mkdirSync(path.join(had.root, 'etc/modprobe.d'));
    await apply(had.host(), model(), files(), options(), () => {});
    expect(listBackups(had.root)[0]?.absentDirs).toEqual(['/etc/udev/rules.d']);
    await rollback(had.host(), opts(), () => {});
    expect(fs.readdirSync(path.join(had.root, 'etc/modprobe.d'))).toEqual([]);
  });

  it("keeps a created /etc/modprobe.d that holds someone else's file by then", async () => {
    const net = standardDevice();
    net.live = false;
    await apply(net.host(), model(), files(), options(), () => {});
    put(net.root, '/etc/modprobe.d/other.conf', 'options foo bar=1\n');
    await rollback(net.host(), opts(), () => {});
    expect(fs.readdirSync(path.join(net.root, 'etc/modprobe.d'))).toEqual(['other.conf']);
  });
});

describe('a tampered manifest', () => {
  it('is refused (data) before anything is written', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    const [m] = listBackups(net.root);
    const mf = path.join(net.root, `${BACKUP_DIR}/${m?.id}/manifest.json`);
    const json = JSON.parse(fs.readFileSync(mf, 'utf8')) as { entries: Array<{ path: string; existed: boolean; reason?: string }> };
    json.entries.push({ path: '/etc/shadow', existed: false, reason: 'create' });
    fs.writeFileSync(mf, JSON.stringify(json));
    put(net.root, '/etc/shadow', 'root:x:0:\n');
    const before = snapshot(net.root);
    const e = (await rollback(net.host(), opts(), () => {}).catch((x: unknown) => x)) as BondifyError;
    expect(e).toBeInstanceOf(BondifyError);
    expect(e.kind).toBe('data');
    expect(e.message).toContain(
      'path: "/etc/shadow" is not a file directly in /etc/systemd/network, /etc/modprobe.d, /etc/udev/rules.d, /var/lib/bondify',
    );
    expect(e.details.file).toBe(`${BACKUP_DIR}/${m?.id}/manifest.json`);
    expect(snapshot(net.root)).toEqual(before);
  });
});
