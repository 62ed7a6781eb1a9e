// The standard method for the reference scenario must be the reference guide's two files, byte for byte.
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI, validateConfig } from '../../../src/config/index.js';
import { renderStandard } from '../../../src/render/index.js';
// Copied from the reference guide, not produced by bondify.
import { ETH0 as GUIDE_ETH0, WLAN0 as GUIDE_WLAN0 } from '../../support/fixtures.js';

describe('standard method (rollback --to standard)', () => {
  it('is byte-identical to the reference guide for the built-in scenario', () => {
    const { model } = validateConfig(REFERENCE_INI, 'builtin');
    expect(renderStandard(model)).toEqual([
      { path: '/etc/systemd/network/eth0.network', mode: 0o644, content: GUIDE_ETH0 },
      { path: '/etc/systemd/network/wlan0.network', mode: 0o644, content: GUIDE_WLAN0 },
    ]);
  });

  it('skips a slave without its own address rather than inventing one', () => {
    const ini = '[bond]\nslaves = eth0, wlan0\n[network]\naddress = 192.168.1.252/24\n[slave.wlan0]\naddress = 192.168.1.25/24\n';
    const { model } = validateConfig(ini, 'x.ini');
    expect(renderStandard(model).map((f) => f.path)).toEqual(['/etc/systemd/network/wlan0.network']);
  });
});
