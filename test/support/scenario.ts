// The reference scenario for apply's unit tests: a fake device on the standard method, its model and bondify's files.
import { validateConfig, REFERENCE_INI } from '../../src/config/index.js';
import { renderBond } from '../../src/render/index.js';
import type { ApplyOptions } from '../../src/usecases/apply.js';
import type { BondModel } from '../../src/model/bond.js';
import { FakeNet } from './fake-net.js';
import { ETH0, WLAN0, put } from './fixtures.js';

export const model = (ini = REFERENCE_INI): BondModel => validateConfig(ini, 'bondify.ini', () => null).model;
export const files = (m = model()) => renderBond(m);

/** A device on the standard method: eth0.network + wlan0.network in place and networkd running them. */
export function standardDevice(): FakeNet {
  const net = new FakeNet();
  put(net.root, '/etc/systemd/network/eth0.network', ETH0);
  put(net.root, '/etc/systemd/network/wlan0.network', WLAN0);
  put(net.root, '/etc/wpa_supplicant/wpa_supplicant-wlan0.conf', 'network={}\n', 0o600);
  net.reconcile();
  net.calls = [];
  return net;
}

export function options(over: Partial<ApplyOptions> = {}): ApplyOptions {
  return {
    dryRun: false,
    verify: true,
    timeoutMs: 1200,
    revertTimeoutMs: 1200,
    confirmSeconds: null,
    approve: async () => true,
    self: ['node', '/opt/bondify/dist/cli/main.js'],
    lockWaitMs: 0,
    ...over,
  };
}

export function recorder(): { lines: string[]; report: (l: string) => void; text: () => string } {
  const lines: string[] = [];
  return { lines, report: (l) => void lines.push(l), text: () => lines.join('\n') };
}
