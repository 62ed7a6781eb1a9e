// From the stock Arch Linux ARM files (eth.network Name=eth*, en.network, wlan0.network, all DHCP=yes): apply the
// DHCP bond init writes, then rollback gives back the stock tree byte for byte, whether the catch-all was moved
// aside or left in place for another link; `rollback --to standard` writes DHCP standard files.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { rollback, type RollbackOptions } from '../../../src/usecases/rollback.js';
import { renderStandard } from '../../../src/render/index.js';
import { exitCodeOf } from '../../../src/cli/exit.js';
import { get, put, snapshot } from '../../support/fixtures.js';
import { FakeNet } from '../../support/fake-net.js';
import { files, model, options, recorder } from '../../support/scenario.js';
import { STOCK_ARCH } from '../../support/stock-arch.js';

const NET = '/etc/systemd/network';
const DHCP_RA = fs.readFileSync(new URL('../../golden/dhcp-ra/bondify.ini', import.meta.url), 'utf8');
const etc = (root: string) => Object.fromEntries(Object.entries(snapshot(root)).filter(([k]) => k.startsWith('/etc/')));
const opts = (over: Partial<RollbackOptions> = {}): RollbackOptions => ({
  to: 'backup',
  model: null,
  renderStandard,
  verify: false,
  timeoutMs: 1200,
  lockWaitMs: 0,
  ...over,
});

function stockDevice(): FakeNet {
  const net = new FakeNet();
  for (const [p, text] of Object.entries(STOCK_ARCH)) put(net.root, p, text);
  put(net.root, '/etc/wpa_supplicant/wpa_supplicant-wlan0.conf', 'network={}\n', 0o600);
  net.reconcile();
  net.calls = [];
  return net;
}

describe('apply then rollback from the stock Arch Linux ARM files', () => {
  it('moves eth.network and wlan0.network aside (they serve only the slaves), and rollback restores the stock tree byte for byte', async () => {
    const net = stockDevice();
    const before = etc(net.root);
    const m = model(DHCP_RA);
    const r = recorder();
    await apply(net.host(), m, files(m), options({ verify: false }), r.report);
    expect(r.text()).toContain(`move-aside ${NET}/eth.network`);
    expect(r.text()).toContain(`move-aside ${NET}/wlan0.network`);
    expect(r.text()).not.toContain(`move-aside ${NET}/en.network`);
    expect(get(net.root, `${NET}/10-bondify-bond0.network`)).toContain('DHCP=ipv4\nIPv6AcceptRA=yes\n');
    const res = await rollback(net.host(), opts(), () => {});
    expect(exitCodeOf(res)).toBe(0);
    expect(etc(net.root)).toEqual(before);
  });

  it('leaves eth.network in place when it also serves eth1 (bondify sorts first), and rollback still gives the stock tree', async () => {
    const net = stockDevice();
    net.links.add('eth1');
    net.sync();
    const before = etc(net.root);
    const m = model(DHCP_RA);
    const r = recorder();
    await apply(net.host(), m, files(m), options({ verify: false }), r.report);
    expect(r.text()).not.toContain(`move-aside ${NET}/eth.network`);
    expect(get(net.root, `${NET}/eth.network`)).toBe(STOCK_ARCH[`${NET}/eth.network`]);
    expect(r.text()).toContain('left in place: it also configures eth1');
    expect(get(net.root, `${NET}/10-bondify-eth0.network`)).toContain('Bond=bond0');
    await rollback(net.host(), opts(), () => {});
    expect(etc(net.root)).toEqual(before);
  });

  it('rollback --to standard writes DHCP standard files for a DHCP config', async () => {
    const net = stockDevice();
    const m = model(DHCP_RA);
    await apply(net.host(), m, files(m), options({ verify: false }), () => {});
    net.live = false;
    const res = await rollback(net.host(), opts({ to: 'standard', model: m }), () => {});
    expect(exitCodeOf(res)).toBe(0);
    expect(get(net.root, `${NET}/eth0.network`)).toBe('[Match]\nName=eth0\n\n[Network]\nDHCP=yes\nIPv6AcceptRA=yes\n');
    expect(get(net.root, `${NET}/wlan0.network`)).toBe('[Match]\nName=wlan0\n\n[Network]\nDHCP=yes\nIPv6AcceptRA=yes\n');
    expect(Object.keys(etc(net.root)).filter((p) => p.includes('bondify'))).toEqual([]);
  });
});
