// apply's verify with dynamic addresses: the bond is healthy only once its DHCP lease and RA address are there,
// and apply reverts when they never come.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { inspectBond } from '../../../src/usecases/verify.js';
import { BondifyError } from '../../../src/errors.js';
import { files, model, options, standardDevice } from '../../support/scenario.js';
import { get } from '../../support/fixtures.js';

// The config init writes from the stock Arch Linux ARM files (the dhcp-ra golden case).
const DHCP_INI = readFileSync(new URL('../../golden/dhcp-ra/bondify.ini', import.meta.url), 'utf8');

describe('verify with ipv4 = dhcp and ipv6 = ra', () => {
  it('is healthy once the lease and the RA address are on the bond', async () => {
    const net = standardDevice();
    net.dhcpLease = '192.168.1.153/24';
    net.raAddress = 'fd00:1::34a1:b2ff:fec3:d4e5/64';
    const m = model(DHCP_INI);
    const res = await apply(net.host(), m, files(m), options({ timeoutMs: 600 }), () => {});
    expect(res.outcome).toBe('applied');
    expect(await inspectBond(net.host(), m, false)).toEqual([]);
  });

  it('reverts to the standard method when no lease comes within the bound', async () => {
    const net = standardDevice();
    const m = model(DHCP_INI);
    const eth0Before = get(net.root, '/etc/systemd/network/eth0.network');
    let err: unknown = null;
    try {
      await apply(net.host(), m, files(m), options({ timeoutMs: 600 }), () => {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BondifyError);
    expect((err as BondifyError).message).toContain('bond0.ipv4: desired an address from a DHCP lease (ipv4 = dhcp), current none');
    expect((err as BondifyError).message).toContain('bond0.ipv6: desired an address from a router advertisement (ipv6 = ra), current none');
    expect(get(net.root, '/etc/systemd/network/eth0.network')).toBe(eth0Before);
  });
});
