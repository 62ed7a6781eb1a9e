// What a failed "gateway answers through <link>" says beside "no answer": the link's operstate and the kernel's
// neighbour entry for the gateway, which tell a link passing no traffic from replies that go to the other link.
import { describe, expect, it } from 'vitest';
import { linkHint } from '../../../src/usecases/verify.js';
import { standardDevice } from '../../support/scenario.js';

describe('linkHint', () => {
  it('a link that is up and whose gateway answers ARP: REACHABLE, with the MAC', async () => {
    const net = standardDevice();
    expect(await linkHint(net.host(), 'wlan0', '192.168.1.1')).toBe('wlan0 up; neighbour 192.168.1.1 REACHABLE at 02:00:00:00:01:00');
  });

  it('a link without carrier: down, and nothing answered', async () => {
    const net = standardDevice();
    net.noCarrier.add('eth0');
    net.sync();
    expect(await linkHint(net.host(), 'eth0', '192.168.1.1')).toBe('eth0 down; neighbour 192.168.1.1 FAILED');
  });

  it('a link that is gone: nothing to say', async () => {
    const net = standardDevice();
    expect(await linkHint(net.host(), 'eth9', '192.168.1.1')).toBe('');
  });
});
