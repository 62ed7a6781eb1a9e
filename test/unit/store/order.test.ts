// The boot-safe order: after every rename and unlink that apply, rollback and a revert do, the files on disk must
// bring both links up if the device rebooted right there (networkd's first-match rule, see sets.ts bootable).
// Watched on the real code path by wrapping node:fs; the strace crash points (test/slow/reliability) prove it
// again with real kills.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { bootSafeOrder, writeInOrder } from '../../../src/store/order.js';
import { rollback } from '../../../src/usecases/rollback.js';
import { renderStandard } from '../../../src/render/index.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { bootable } from '../../support/sets.js';
import { get, modeOf, put, tempRoot } from '../../support/fixtures.js';
import { files, model, options, standardDevice } from '../../support/scenario.js';

const NET = '/etc/systemd/network';

afterEach(() => vi.restoreAllMocks());

/**
 * The bond's address is the primary's own (eth0 192.168.1.252): a set where eth0 has only its own file while the
 * bond still has another slave would put that address on two live links at once.
 */
function twice(root: string, bond: string): boolean {
  const net = (n: string) => fs.existsSync(`${root}${NET}/${n}`);
  return net('eth0.network') && !net('10-bondify-eth0.network') && net('10-bondify-wlan0.network') && net(`10-bondify-${bond}.netdev`);
}

/** Runs fn, checking bootable(root, bond) (and no address twice) after each rename and unlink under the root. */
async function watched(root: string, bond: string, fn: () => Promise<unknown>): Promise<Array<{ op: string; ok: boolean }>> {
  const seen: Array<{ op: string; ok: boolean }> = [];
  const rename = fs.renameSync.bind(fs);
  const unlink = fs.unlinkSync.bind(fs);
  const note = (op: string, p: fs.PathLike) => {
    if (String(p).startsWith(`${root}/etc/`))
      seen.push({ op: `${op} ${String(p).slice(root.length)}`, ok: bootable(root, bond) && !twice(root, bond) });
  };
  vi.spyOn(fs, 'renameSync').mockImplementation((a, b) => (rename(a, b), note('rename', b)));
  vi.spyOn(fs, 'unlinkSync').mockImplementation((p) => (unlink(p), note('unlink', p)));
  await fn();
  vi.restoreAllMocks();
  return seen;
}

const LAN0 = REFERENCE_INI.replace(/name = bond0/, 'name = lan0');

describe('every instant of a transaction would boot', () => {
  it.each([
    ['bond0', REFERENCE_INI],
    ['lan0 (slave names sort before the bond)', LAN0],
  ])('apply then rollback with bond %s', async (_, ini) => {
    const m = model(ini);
    const net = standardDevice();
    net.live = false;
    const up = await watched(net.root, m.name, () => apply(net.host(), m, files(m), options(), () => {}));
    const down = await watched(net.root, m.name, () =>
      rollback(net.host(), { to: 'backup', model: null, renderStandard, verify: false, timeoutMs: 1000, lockWaitMs: 0 }, () => {}),
    );
    expect(up.length).toBeGreaterThanOrEqual(7);
    expect(down.length).toBeGreaterThanOrEqual(7);
    expect([...up, ...down].filter((s) => !s.ok)).toEqual([]);
  });

  it('a failed apply reverts in the boot-safe order too', async () => {
    const net = standardDevice();
    net.gatewayAnswers = (dev) => dev !== 'bond0';
    const seen = await watched(net.root, 'bond0', () => apply(net.host(), model(), files(), options(), () => {}).catch(() => null));
    expect(seen.filter((s) => s.op.includes('eth0.network') && s.op.startsWith('rename')).length).toBeGreaterThan(0);
    expect(seen.filter((s) => !s.ok)).toEqual([]);
  });
});

describe('bootSafeOrder', () => {
  it('rollback: the slaves own files back first, then their bondify files (the primary last), the bond, the module option last', () => {
    const ops = [
      ...['10-bondify-bond0.netdev', '10-bondify-bond0.network', '10-bondify-eth0.network', '10-bondify-wlan0.network'].map((n) => ({
        path: `${NET}/${n}`,
        remove: true,
      })),
      { path: '/etc/modprobe.d/bondify.conf', remove: true },
      { path: `${NET}/eth0.network`, remove: false },
      { path: `${NET}/wlan0.network`, remove: false },
    ];
    const root = tempRoot();
    put(root, `${NET}/10-bondify-eth0.network`, '[Network]\nBond=bond0\nPrimarySlave=yes\n');
    put(root, `${NET}/10-bondify-wlan0.network`, '[Network]\nBond=bond0\n');
    expect(bootSafeOrder(root, ops).map((o) => `${o.remove ? '-' : '+'}${o.path.split('/').pop()}`)).toEqual([
      '+eth0.network',
      '+wlan0.network',
      '-10-bondify-wlan0.network',
      '-10-bondify-eth0.network',
      '-10-bondify-bond0.network',
      '-10-bondify-bond0.netdev',
      '-bondify.conf',
    ]);
  });

  it('apply: the module option and the bond before any slave names it, the primary first, the moved-aside files last', () => {
    const ops = [
      { path: `${NET}/eth0.network`, remove: true },
      { path: `${NET}/10-bondify-aa0.network`, remove: false, content: '[Network]\nBond=lan0\n' },
      { path: `${NET}/10-bondify-eth0.network`, remove: false, content: '[Network]\nBond=lan0\nPrimarySlave=yes\n' },
      ...['10-bondify-lan0.network', '10-bondify-lan0.netdev'].map((n) => ({ path: `${NET}/${n}`, remove: false })),
      { path: '/etc/modprobe.d/bondify.conf', remove: false },
    ];
    expect(bootSafeOrder(null, ops).map((o) => `${o.remove ? '-' : '+'}${o.path.split('/').pop()}`)).toEqual([
      '+bondify.conf',
      '+10-bondify-lan0.netdev',
      '+10-bondify-lan0.network',
      '+10-bondify-eth0.network',
      '+10-bondify-aa0.network',
      '-eth0.network',
    ]);
  });
});

describe('writeInOrder', () => {
  it('writes and removes in the boot-safe order, with the mode asked for, and lists only paths it really removed', () => {
    const root = tempRoot();
    put(root, `${NET}/eth0.network`, 'old\n');
    const heard: string[] = [];
    const out = writeInOrder(
      root,
      [
        { path: `${NET}/eth0.network`, remove: true },
        { path: `${NET}/wlan0.network`, remove: true },
        { path: `${NET}/10-bondify-bond0.network`, remove: false, content: '[Match]\nName=bond0\n' },
        { path: `${NET}/10-bondify-bond0.netdev`, remove: false, data: Buffer.from('[NetDev]\n'), mode: 0o640 },
      ],
      false,
      (o, removed) => void heard.push(`${o.remove ? '-' : '+'}${o.path.split('/').pop()}${o.remove ? ` ${removed}` : ''}`),
    );
    expect(heard).toEqual(['+10-bondify-bond0.netdev', '+10-bondify-bond0.network', '-eth0.network true', '-wlan0.network false']);
    expect(out).toEqual({
      written: [`${NET}/10-bondify-bond0.netdev`, `${NET}/10-bondify-bond0.network`],
      removed: [`${NET}/eth0.network`],
    });
    expect([
      get(root, `${NET}/eth0.network`),
      get(root, `${NET}/10-bondify-bond0.netdev`),
      modeOf(root, `${NET}/10-bondify-bond0.netdev`),
    ]).toEqual([null, '[NetDev]\n', 0o640]);
    expect(modeOf(root, `${NET}/10-bondify-bond0.network`)).toBe(0o644);
  });
});
