// apply as a transaction on the fake host: every branch from preflight to verify, revert and recovery.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { listBackups } from '../../../src/store/backup.js';
import { JOURNAL_FILE, writeJournal } from '../../../src/store/journal.js';
import { createBackup } from '../../../src/store/backup.js';
import { LOCK_FILE } from '../../../src/system/lock.js';
import { BondifyError } from '../../../src/errors.js';
import { ETH0, WLAN0, get, modeOf, put, snapshot } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';
import { kernelFiles } from '../../support/fake-net.js';
import { READ_SETTINGS } from '../../../src/model/bond-settings.js';
import { readSysfsBond } from '../../../src/observe/sysfs.js';
import { desiredFromModel } from '../../../src/observe/desired.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { exitCodeOf } from '../../../src/cli/exit.js';

const NET = '/etc/systemd/network';
const etc = (root: string) => Object.fromEntries(Object.entries(snapshot(root)).filter(([k]) => k.startsWith('/etc/')));

async function failure(p: Promise<unknown>): Promise<BondifyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BondifyError) return e;
    throw e;
  }
  throw new Error('expected a BondifyError');
}

describe('apply on the standard method', () => {
  it('writes the bond files, moves the standard files aside into the backup, reloads and verifies', async () => {
    const net = standardDevice();
    const r = recorder();
    const res = await apply(net.host(), model(), files(), options(), r.report);
    expect({ ...res, exitCode: exitCodeOf(res) }).toMatchObject({ outcome: 'applied', exitCode: 0 });
    for (const f of files()) {
      expect(get(net.root, f.path)).toBe(f.content);
      expect(modeOf(net.root, f.path)).toBe(0o644);
    }
    expect(get(net.root, `${NET}/eth0.network`)).toBeNull();
    expect(get(net.root, `${NET}/wlan0.network`)).toBeNull();
    // The power-save rule acts when wlan0 next appears; apply sets it on the link that is there now.
    expect(net.actions()).toEqual(['networkctl reload', 'networkctl reconfigure eth0 wlan0', 'iw dev wlan0 set power_save off']);
    const [b] = listBackups(net.root);
    expect(b?.id).toBe(res.backup);
    expect(b?.bondifyPresent).toBe(false);
    expect(b?.entries.filter((e) => e.existed).map((e) => [e.path, e.reason])).toEqual([
      [`${NET}/eth0.network`, 'move-aside'],
      [`${NET}/wlan0.network`, 'move-aside'],
    ]);
    expect(get(net.root, JOURNAL_FILE)).toBeNull();
    expect(get(net.root, LOCK_FILE)).toBeNull();
    expect(r.text()).toContain('✓ running as root');
    expect(r.text()).toContain('✓ systemd-networkd is active (version 252)');
    expect(r.text()).toMatch(/eth0.network also configures eth0: it will be moved aside/);
    expect(r.text()).toMatch(/✓ bond0 healthy after/);
    expect(net.bond).toMatchObject({ mode: 'active-backup', primary: 'eth0', slaves: ['eth0', 'wlan0'] });
  });

  it('verifies an IPv6 link-local gateway in the IPv6 routing table (`ip route` alone lists IPv4 only)', async () => {
    const ini = REFERENCE_INI.replace(
      'address = 192.168.1.252/24\ngateway = 192.168.1.1\ndns',
      'address = 192.168.1.252/24, fd00::252/64\ngateway = fe80::1\ndns',
    );
    const m = model(ini);
    expect(m.network.gateway).toBe('fe80::1');
    const net = standardDevice();
    const res = await apply(net.host(), m, files(m), options(), () => {});
    expect({ ...res, exitCode: exitCodeOf(res) }).toMatchObject({ outcome: 'applied', exitCode: 0 });
    expect(net.calls.map((c) => c.join(' '))).toContain('ip -j -6 route show default');
  });

  it('does nothing on a second run with the same config: no reload, no backup', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.calls = [];
    const r = recorder();
    const res = await apply(net.host(), model(), files(), options(), r.report);
    expect(res.outcome).toBe('nothing-to-do');
    expect(net.actions()).toEqual([]);
    expect(listBackups(net.root)).toHaveLength(1);
    expect(r.text()).toContain('nothing to do');
  });

  it('reverts automatically when the gateway does not answer through the bond, and exits 75', async () => {
    const net = standardDevice();
    const before = etc(net.root);
    net.gatewayAnswers = (dev) => dev !== 'bond0';
    const r = recorder();
    const e = await failure(apply(net.host(), model(), files(), options(), r.report));
    expect(e.kind).toBe('tempfail');
    expect(e.message).toContain('gateway 192.168.1.1: desired answers through bond0, current no answer');
    expect(e.message).toContain('the previous configuration was restored and verified');
    expect(etc(net.root)).toEqual(before);
    expect(net.actions()).toEqual([
      'networkctl reload',
      'networkctl reconfigure eth0 wlan0',
      'iw dev wlan0 set power_save off',
      'ip link delete bond0',
      'networkctl reload',
      'networkctl reconfigure eth0 wlan0',
    ]);
    expect(net.addrs.get('eth0')).toEqual(['192.168.1.252/24']);
    expect(net.addrs.get('wlan0')).toEqual(['192.168.1.25/24']);
    expect(get(net.root, JOURNAL_FILE)).toBeNull();
  });

  it('says so loudly, keeps the backup and prints manual steps when the revert fails too', async () => {
    const net = standardDevice();
    net.gatewayAnswers = () => false;
    const e = await failure(apply(net.host(), model(), files(), options({ timeoutMs: 600 }), () => {}));
    expect(e.kind).toBe('tempfail');
    expect(e.message).toContain('!!! THE REVERT FAILED TOO');
    expect(e.message).toContain('gateway 192.168.1.1: desired answers through eth0, current no answer');
    const [b] = listBackups(net.root);
    expect(e.message).toContain(`cp -p /var/lib/bondify/backups/${b?.id}/files${NET}/eth0.network ${NET}/eth0.network`);
    expect(e.message).toContain('ip link delete bond0');
    expect(get(net.root, `${NET}/eth0.network`)).toBe(ETH0);
  });

  it('names the mode mismatch when the kernel made the bond in another mode', async () => {
    const net = standardDevice();
    net.bondModeOverride = 'balance-rr';
    const e = await failure(apply(net.host(), model(), files(), options({ timeoutMs: 300 }), () => {}));
    expect(e.message).toContain('bond0.mode: desired active-backup, current balance-rr');
    expect(get(net.root, `${NET}/wlan0.network`)).toBe(WLAN0);
  });

  // Every setting check reads back, each set by the config to a value the kernel's default is not: the MII ones on
  // the reference bond, the ARP ones (judged only while ARP monitoring runs) on an ARP bond.
  const MII_INI = REFERENCE_INI.replace('gratuitous_arp = 3', 'gratuitous_arp = 3\nresend_igmp = 2');
  const ARP_INI = REFERENCE_INI.replace(
    'miimon = 100ms',
    'miimon = 0\narp_interval = 100ms\narp_validate = all\narp_all_targets = all\narp_missed_max = 3',
  ).replace(/^(up|down)delay = .*\n/gm, '');
  /** A value the kernel may show that is not `now`, as sysfs prints it. */
  const other = (row: (typeof READ_SETTINGS)[number], now: string): string => {
    if (row.parse.kind === 'ip-list') return '192.168.1.9';
    if (row.parse.kind === 'choice') return `${row.parse.values.find((v) => v !== now.split(' ')[0])} 0`;
    return String(Number(now) + 1);
  };

  it.each(READ_SETTINGS.map((row) => [row.ini, row] as const))(
    'verifies every setting check compares: a kernel showing another %s fails, named by its bondify.ini key',
    async (key, row) => {
      const arp = 'monitor' in row && row.monitor === 'arp';
      const m = model(arp ? ARP_INI : MII_INI);
      const net = standardDevice();
      net.version = 257;
      put(net.kernelRoot, '/proc/sys/kernel/osrelease', '6.1.0-18-amd64\n');
      // What the kernel shows for this config, then one file changed behind networkd's back.
      const ok = await apply(net.host(), m, files(m), options(), () => {});
      expect(ok.outcome, `${key}: the untouched bond verifies`).toBe('applied');
      // The fake wrote the setting, as the config has it: the untouched bond was judged on it, not skipped.
      expect(readSysfsBond(net.host(), 'bond0')?.[row.field], `${key} in sysfs`).toEqual(desiredFromModel(m)[row.field]);
      const now = net.bond?.sysfs[row.kernel.sysfs] ?? '';
      net.bondSettingsOverride = { [row.kernel.sysfs]: other(row, now) };
      net.bond = null;
      const changed = model((arp ? ARP_INI : MII_INI).replace('dns = 192.168.1.1, 8.8.8.8', 'dns = 192.168.1.1'));
      const e = await failure(apply(net.host(), changed, files(changed), options({ timeoutMs: 300 }), () => {}));
      expect(e.message).toContain(`bond0.${key}: desired `);
      expect(e.message).toContain('the previous configuration was restored and verified');
    },
  );

  it('a kernel showing another updelay fails verify with both values, in milliseconds', async () => {
    const net = standardDevice();
    net.bondSettingsOverride = { updelay: '0' };
    const e = await failure(apply(net.host(), model(), files(), options({ timeoutMs: 300 }), () => {}));
    expect(e.message).toContain('bond0.updelay: desired 200ms, current 0ms');
    expect(e.message).toContain('the previous configuration was restored and verified');
  });

  it('shows the failing command and its stderr, and restores the files, when networkctl fails', async () => {
    const net = standardDevice();
    net.failures.set('networkctl reconfigure', { exitCode: 1, stderr: 'Failed to reconfigure: Connection refused\n' });
    const before = etc(net.root);
    const e = await failure(apply(net.host(), model(), files(), options({ timeoutMs: 300 }), () => {}));
    expect(e.message).toContain('`networkctl reconfigure eth0 wlan0` exited 1: Failed to reconfigure: Connection refused');
    expect(etc(net.root)).toEqual(before);
  });
});

describe('wifi power save: the live state, not only the udev rule (which acts when a link appears)', () => {
  const switchedOn = async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    expect(net.powerSave.get('wlan0')).toBe('off');
    net.powerSave.set('wlan0', 'on'); // iw dev wlan0 set power_save on, by hand
    net.calls = [];
    return net;
  };

  it('a second apply with nothing to change turns it off again when it was switched on by hand', async () => {
    const net = await switchedOn();
    const r = recorder();
    const res = await apply(net.host(), model(), files(), options(), r.report);
    expect(res.outcome).toBe('nothing-to-do');
    expect(net.actions()).toEqual(['iw dev wlan0 set power_save off']);
    expect(net.powerSave.get('wlan0')).toBe('off');
    expect(r.text()).toContain('wifi power save of wlan0 is on, the config wants off');
    expect(listBackups(net.root)).toHaveLength(1);
  });

  it('an apply that changes other files but not the rule turns it off too', async () => {
    const net = await switchedOn();
    const other = model(REFERENCE_INI.replace('dns = 192.168.1.1, 8.8.8.8', 'dns = 192.168.1.1'));
    const res = await apply(net.host(), other, files(other), options(), () => {});
    expect(res.outcome).toBe('applied');
    expect(net.actions()).toContain('iw dev wlan0 set power_save off');
    expect(net.powerSave.get('wlan0')).toBe('off');
  });

  it('power_save = on is kept on, and a state already as wanted is only read', async () => {
    const net = await switchedOn();
    const on = model(`${REFERENCE_INI}power_save = on\n`);
    expect(on.slaves.find((x) => x.name === 'wlan0')?.powerSave).toBe('on');
    await apply(net.host(), on, files(on), options(), () => {});
    expect(net.actions().filter((a) => a.startsWith('iw '))).toEqual([]);
    expect(net.calls.map((c) => c.join(' '))).toContain('iw dev wlan0 get power_save');
    expect(net.powerSave.get('wlan0')).toBe('on');
  });

  it('an unknown state (iw missing) with the rule unchanged tries nothing; a dry run and an offline root read nothing', async () => {
    const net = await switchedOn();
    net.failures.set('iw ', { exitCode: 127, stderr: 'iw: not found' });
    expect((await apply(net.host(), model(), files(), options(), () => {})).outcome).toBe('nothing-to-do');
    expect(net.actions()).toEqual([]);
    net.failures.clear();
    await apply(net.host(), model(), files(), options({ dryRun: true }), () => {});
    net.live = false;
    await apply(net.host(), model(), files(), options(), () => {});
    expect(net.calls.filter((c) => c[0] === 'iw').map((c) => c.join(' '))).toEqual(['iw dev wlan0 get power_save']);
    expect(net.powerSave.get('wlan0')).toBe('on');
  });
});

describe('bond link recreation', () => {
  it.each([
    ['an existing balance-rr bond0', 'balance-rr', 'active', 257, true],
    ['fail_over_mac none', 'active-backup', 'none', 257, true],
    ['networkd 252 and a changed .netdev', 'active-backup', 'active', 252, true],
    ['networkd 257 and the right mode', 'active-backup', 'active', 257, false],
  ])('%s → delete first: %s', async (_what, mode, fom, version, deletes) => {
    const net = standardDevice();
    net.version = version;
    net.bond = { mode, failOverMac: fom, primary: null, slaves: [], sysfs: kernelFiles() };
    net.links.add('bond0');
    net.sync();
    await apply(net.host(), model(), files(), options(), () => {});
    expect(net.actions().includes('ip link delete bond0')).toBe(deletes);
    expect(net.actions().includes('systemctl restart systemd-networkd.service')).toBe(deletes);
  });

  it('a changed config on top of the bond: delete the link and restart networkd, so the unchanged slave files bind again', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.calls = [];
    const slower = model(REFERENCE_INI.replace('miimon = 100ms', 'miimon = 200ms').replace('updelay = 200ms', 'updelay = 400ms'));
    const r = recorder();
    const res = await apply(net.host(), slower, files(slower), options(), r.report);
    expect(res.outcome).toBe('applied');
    expect(net.actions()).toEqual(['ip link delete bond0', 'systemctl restart systemd-networkd.service']);
    expect(r.text()).toContain('bond0 must be recreated: networkd 252 does not re-apply a changed .netdev');
    expect(net.bond?.slaves).toEqual(['eth0', 'wlan0']);
  });

  it('a failed change on top of the bond reverts to the previous bond and verifies it', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    const bad = model(
      REFERENCE_INI.replace('gateway = 192.168.1.1', 'gateway = 192.168.1.99')
        .replace('miimon = 100ms', 'miimon = 200ms')
        .replace('updelay = 200ms', 'updelay = 400ms'),
    );
    expect(bad.network.gateway).toBe('192.168.1.99');
    const r = recorder();
    const e = await failure(apply(net.host(), bad, files(bad), options({ timeoutMs: 600 }), r.report));
    expect(e.message).toContain('the previous configuration was restored and verified');
    expect(r.text()).toContain('verifying the previous bond');
    expect(get(net.root, `${NET}/10-bondify-bond0.network`)).toBe(files()[1]?.content);
    expect(net.bond?.slaves).toEqual(['eth0', 'wlan0']);
    expect(
      net.calls
        .filter((c) => c[0] === 'ping')
        .at(-1)
        ?.at(-1),
    ).toBe('192.168.1.1');
  });
});

describe('a slave replaced (wlan0 → eth1)', () => {
  const SWAPPED = REFERENCE_INI.replace('slaves = eth0, wlan0', 'slaves = eth0, eth1').replace(
    /\[slave\.wlan0\][\s\S]*$/,
    '[slave.eth1]\naddress = 192.168.1.26/24\ngateway = 192.168.1.1\nwireless = no\n',
  );

  it('takes the dropped slave out of the bond (networkd keeps it enslaved) and verifies the new pair', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.links.add('eth1');
    net.sync();
    net.calls = [];
    const swapped = model(SWAPPED);
    const r = recorder();
    const res = await apply(net.host(), swapped, files(swapped), options(), r.report);
    expect(res.outcome).toBe('applied');
    expect(net.actions()).toEqual([
      'networkctl reload',
      'networkctl reconfigure eth0 eth1',
      'ip link set dev wlan0 nomaster',
      'networkctl reconfigure wlan0',
    ]);
    expect(r.text()).toContain('wlan0 leaves bond0: it is no longer in the config');
    expect(net.bond).toMatchObject({ primary: 'eth0', slaves: ['eth0', 'eth1'] });
    expect(get(net.root, `${NET}/10-bondify-wlan0.network`)).toBeNull();
  });

  it('the active primary dropped too (eth1 + wlan0, eth1 primary): eth0 leaves, eth1 is the primary', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.links.add('eth1');
    net.sync();
    const swapped = model(
      SWAPPED.replace('slaves = eth0, eth1', 'slaves = eth1, wlan0')
        .replace('primary = eth0', 'primary = eth1')
        .replace(/\[slave\.eth0\][\s\S]*?(?=\[slave\.eth1\])/, '')
        .concat(REFERENCE_INI.slice(REFERENCE_INI.indexOf('[slave.wlan0]'))),
    );
    net.calls = [];
    const res = await apply(net.host(), swapped, files(swapped), options(), () => {});
    expect(res.outcome).toBe('applied');
    expect(net.actions()).toContain('ip link set dev eth0 nomaster');
    expect(net.bond?.primary).toBe('eth1');
    expect([...(net.bond?.slaves ?? [])].sort()).toEqual(['eth1', 'wlan0']);
  });

  it('a release that fails reverts to the previous pair, naming the command', async () => {
    const net = standardDevice();
    await apply(net.host(), model(), files(), options(), () => {});
    net.links.add('eth1');
    net.sync();
    net.failures.set('ip link set dev wlan0 nomaster', { exitCode: 2, stderr: 'RTNETLINK answers: Operation not permitted\n' });
    const swapped = model(SWAPPED);
    const r = recorder();
    const e = await failure(apply(net.host(), swapped, files(swapped), options({ timeoutMs: 600 }), r.report));
    expect(e.message).toContain('releasing wlan0 from bond0');
    // Reverted: the previous pair is back, wlan0's slave file restored.
    expect(net.bond?.slaves).toEqual(['eth0', 'wlan0']);
    expect(get(net.root, `${NET}/10-bondify-wlan0.network`)).toBe(files().find((f) => f.path.endsWith('wlan0.network'))?.content);
    expect(get(net.root, `${NET}/10-bondify-eth1.network`)).toBeNull();
  });
});

describe('preflight', () => {
  it('refuses without root (77) and writes nothing', async () => {
    const net = standardDevice();
    const before = snapshot(net.root);
    const host = { ...net.host(), isRoot: () => false };
    const e = await failure(apply(host, model(), files(), options(), () => {}));
    expect(e.kind).toBe('noperm');
    expect(snapshot(net.root)).toEqual(before);
  });

  it('refuses arp_missed_max on networkd 252 (it would ignore ARPMissedMax=) as a config error, and writes nothing', async () => {
    const net = standardDevice();
    const before = snapshot(net.root);
    const arp = model(
      REFERENCE_INI.replace('miimon = 100ms', 'miimon = 0\narp_interval = 100ms\narp_missed_max = 3').replace(
        /^(up|down)delay = .*\n/gm,
        '',
      ),
    );
    const e = await failure(apply(net.host(), arp, files(arp), options(), () => {}));
    expect(e.kind).toBe('config');
    expect(e.message).toContain('arp_missed_max = 3: systemd-networkd 252 does not know ARPMissedMax= (added in 256)');
    expect(e.details.fix).toContain('remove arp_missed_max');
    expect(snapshot(net.root)).toEqual(before);
  });

  it('fails when another manager runs, naming it and the fix', async () => {
    const net = standardDevice();
    net.rivals = ['NetworkManager.service'];
    const e = await failure(apply(net.host(), model(), files(), options(), () => {}));
    expect(e.message).toContain('preflight failed: another network manager is running: NetworkManager.service');
    expect(e.details.fix).toBe('systemctl disable --now NetworkManager.service');
  });

  it('fails for a missing slave', async () => {
    const net = standardDevice();
    net.links.delete('wlan0');
    net.sync();
    const e = await failure(apply(net.host(), model(), files(), options(), () => {}));
    expect(e.message).toContain('wlan0 does not exist');
  });

  it('moves a catch-all aside; leaves one that also serves another link when it sorts after bondify, refuses it when it wins', async () => {
    const net = standardDevice();
    put(net.root, `${NET}/99-wired.network`, '[Match]\nName=eth* en*\n\n[Network]\nDHCP=yes\n');
    const r = recorder();
    await apply(net.host(), model(), files(), options({ dryRun: true }), r.report);
    expect(r.text()).toContain('move-aside /etc/systemd/network/99-wired.network (into the backup: it also configures eth0)');
    net.links.add('eth1');
    net.sync();
    const kept = recorder();
    await apply(net.host(), model(), files(), options({ dryRun: true }), kept.report);
    expect(kept.text()).toContain(
      "99-wired.network matches eth0 but sorts after bondify's files, so networkd does not use it for them; left in place: it also configures eth1",
    );
    expect(kept.text()).not.toContain('move-aside /etc/systemd/network/99-wired.network');
    put(net.root, `${NET}/05-wired.network`, '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n');
    const e = await failure(apply(net.host(), model(), files(), options(), () => {}));
    expect(e.kind).toBe('config');
    expect(e.message).toContain("05-wired.network configures eth0 and also eth1, and sorts before bondify's files");
  });

  it('refuses a package file that would win over bondify, with a mask as the fix', async () => {
    const net = standardDevice();
    put(net.root, '/usr/lib/systemd/network/05-eth.network', '[Match]\nName=eth0\n');
    put(net.root, '/usr/lib/systemd/network/99-default.network', '[Match]\nType=ether\n');
    const e = await failure(apply(net.host(), model(), files(), options(), () => {}));
    expect(e.message).toContain('05-eth.network configures eth0 and sorts before');
    expect(e.details.fix).toBe('mask it: ln -s /dev/null /etc/systemd/network/05-eth.network');
  });

  it('--dry-run prints preflight and plan and changes nothing', async () => {
    const net = standardDevice();
    const before = snapshot(net.root);
    const r = recorder();
    const res = await apply(net.host(), model(), files(), options({ dryRun: true }), r.report);
    expect(res).toEqual({ outcome: 'dry-run' });
    expect(exitCodeOf(res)).toBe(0);
    expect(snapshot(net.root)).toEqual(before);
    expect(net.actions()).toEqual([]);
    expect(r.text()).toContain('create /etc/systemd/network/10-bondify-bond0.netdev');
    expect(r.text()).toContain('move-aside /etc/systemd/network/eth0.network (into the backup: it also configures eth0)');
  });
});

describe('safety and recovery', () => {
  it('refuses a symlink where a bondify file goes, before any change', async () => {
    const net = standardDevice();
    put(net.root, '/elsewhere', 'x');
    fs.symlinkSync(path.join(net.root, 'elsewhere'), path.join(net.root, NET, '10-bondify-bond0.netdev'));
    const before = snapshot(net.root);
    const e = await failure(apply(net.host(), model(), files(), options(), () => {}));
    expect(e.message).toMatch(/refusing to touch .*10-bondify-bond0.netdev: it is a symlink/);
    expect(snapshot(net.root)).toEqual(before);
  });

  it('--root writes into an offline root without reload or verification', async () => {
    const net = standardDevice();
    net.live = false;
    const res = await apply(net.host(), model(), files(), options(), () => {});
    expect(res.outcome).toBe('written');
    expect(net.calls).toEqual([]);
    expect(get(net.root, '/etc/modprobe.d/bondify.conf')).toContain('max_bonds=0');
  });

  it('undoes an interrupted apply found in the journal, then applies cleanly', async () => {
    const net = standardDevice();
    const m = createBackup(net.root, new Date(), 'apply', false, [
      { path: `${NET}/eth0.network`, reason: 'move-aside' },
      { path: `${NET}/10-bondify-bond0.netdev`, reason: 'create' },
    ]);
    writeJournal(net.root, {
      version: 1,
      command: 'apply',
      backup: m.id,
      step: 'writing',
      pid: 1,
      startedAt: '',
      updatedAt: '',
      model: model(),
    });
    fs.rmSync(path.join(net.root, NET, 'eth0.network'));
    put(net.root, `${NET}/10-bondify-bond0.netdev`, 'half');
    put(net.root, `${NET}/.x.network.bondify-tmp-1-aa`, 'half');
    const r = recorder();
    await apply(net.host(), model(), files(), options(), r.report);
    expect(r.text()).toContain('found an interrupted apply (pid 1');
    expect(r.text()).toContain('removed a temp file left by a killed run');
    const newest = listBackups(net.root).at(-1);
    expect(newest?.entries.find((e) => e.path === `${NET}/eth0.network`)?.existed).toBe(true);
    expect(get(net.root, `${NET}/10-bondify-bond0.netdev`)).toBe(files()[0]?.content);
  });

  it('refuses while another live process holds the lock', async () => {
    const net = standardDevice();
    put(net.root, LOCK_FILE, JSON.stringify({ pid: 1, start: null, bootId: null, command: 'rollback', since: 'then' }), 0o600);
    const e = await failure(apply(net.host(), model(), files(), options(), () => {}));
    expect(e.message).toContain('another bondify rollback (pid 1, since then) is running');
    expect(get(net.root, `${NET}/eth0.network`)).toBe(ETH0);
  });

  it('changes nothing when the user declines', async () => {
    const net = standardDevice();
    const before = snapshot(net.root);
    const res = await apply(net.host(), model(), files(), options({ approve: async () => false }), () => {});
    expect(res.outcome).toBe('declined');
    expect(snapshot(net.root)).toEqual(before);
  });
});

describe('when the revert cannot even restore the files', () => {
  it('says so with the manual steps and keeps the journal for the next run', async () => {
    const net = standardDevice();
    net.failures.set('networkctl reload', { exitCode: 1, stderr: 'boom\n' });
    const host = net.host();
    const { BACKUP_DIR } = await import('../../../src/store/backup.js');
    // Damage the backup as soon as it exists: the first networkctl call is after the backup and the writes.
    const exec = host.exec;
    host.exec = async (argv, o) => {
      if (argv.join(' ') === 'networkctl reload') {
        const [b] = listBackups(net.root);
        fs.writeFileSync(path.join(net.root, `${BACKUP_DIR}/${b?.id}/files${NET}/eth0.network`), 'tampered');
      }
      return exec(argv, o);
    };
    const e = await failure(apply(host, model(), files(), options({ timeoutMs: 300 }), () => {}));
    expect(e.message).toContain('!!! THE REVERT FAILED TOO');
    expect(e.message).toContain('restoring the files failed: backup');
    expect(get(net.root, JOURNAL_FILE)).not.toBeNull();
  });
});

describe('a failed offline apply', () => {
  it('says the files were restored, never that anything was verified', async () => {
    const { vi } = await import('vitest');
    const net = standardDevice();
    net.live = false;
    const before = etc(net.root);
    const rename = fs.renameSync.bind(fs);
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation((a, b) => {
      if (String(b).endsWith('/10-bondify-wlan0.network'))
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      rename(a, b);
    });
    const e = await failure(apply(net.host(), model(), files(), options(), () => {})).finally(() => spy.mockRestore());
    expect(e.kind).toBe('tempfail');
    expect(e.message).toContain(
      'apply failed part way; the previous configuration was restored (offline root: the files are back, nothing was reloaded or verified)',
    );
    expect(e.message).not.toContain('verified:');
    expect(etc(net.root)).toEqual(before);
    expect(net.calls).toEqual([]);
  });
});

describe('an apply whose journal cannot be written just after the backup', () => {
  it.each([true, false])('is an i/o error that changed nothing and keeps no backup (disk full; live: %s)', async (live) => {
    // disk faults 20/22 of `npm run reliability`: the backup fits, the journal's first write does not.
    const { vi } = await import('vitest');
    const net = standardDevice();
    net.live = live;
    const before = etc(net.root);
    const rename = fs.renameSync.bind(fs);
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation((a, b) => {
      if (String(b).endsWith(JOURNAL_FILE)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      rename(a, b);
    });
    const r = recorder();
    const e = await failure(apply(net.host(), model(), files(), options(), r.report)).finally(() => spy.mockRestore());
    expect([e.kind, e.message]).toEqual(['io', `cannot write ${JOURNAL_FILE}: no space left on the device`]);
    expect(r.text()).toMatch(/✗ the journal could not be written: nothing was changed, backup \S+ removed/);
    expect(etc(net.root)).toEqual(before);
    // The backup would undo nothing: it goes, so a later rollback's chain holds only real changes.
    expect([listBackups(net.root), get(net.root, JOURNAL_FILE), get(net.root, LOCK_FILE), net.actions()]).toEqual([[], null, null, []]);
  });
});
