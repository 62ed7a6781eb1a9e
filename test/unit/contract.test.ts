// The bond contract (test/contract/bond-contract.mjs) on the fake host; the same steps run in the lab guest
// (scripts/lab/scenarios/apply-core.mjs, asserted in test/lab/apply.lab.ts).
import { describe, expect, it, vi } from 'vitest';
import { REFERENCE_INI } from '../../src/config/index.js';
import type { Host } from '../../src/system/host.js';
import { put } from '../support/fixtures.js';
import { standardDevice } from '../support/scenario.js';
import { fakeDriver } from '../contract/fake-driver.js';
// @ts-expect-error -- plain JavaScript shared with the lab guest
import { judge, runContract, STEPS } from '../contract/bond-contract.mjs';

// The CLI's commands build their Host with nodeHost(); here it is the fake device's, whatever the flags say.
const device: { host: (() => Host) | null } = { host: null };
vi.mock('../../src/system/node-host.js', () => ({
  nodeHost: () => {
    if (device.host === null) throw new Error('contract test: no fake device');
    return device.host();
  },
}));

describe('the bond contract on the fake host', () => {
  it('apply → verify → eth0 fails over to wlan0 → eth0 back → rollback: every step shows what the contract says', async () => {
    const net = standardDevice();
    put(net.root, '/etc/bondify/bondify.ini', REFERENCE_INI, 0o600);
    device.host = () => net.host();
    const observed = await runContract(fakeDriver(net));
    expect(observed.steps).toHaveLength(STEPS.length);
    expect(judge(observed)).toEqual([]);
  });

  it('judge catches a fake that kept eth0 active after its carrier went down', async () => {
    const net = standardDevice();
    put(net.root, '/etc/bondify/bondify.ini', REFERENCE_INI, 0o600);
    device.host = () => net.host();
    const driver = { ...fakeDriver(net), fault: async () => {} };
    const misses = judge(await runContract(driver)) as string[];
    expect(misses).toContain(
      'eth0 loses its carrier: wlan0 takes over, eth0 MII down, check WARNING: settle: the kernel never showed {"active":"wlan0","up":["wlan0"]}',
    );
    expect(misses).toContain(
      'eth0 loses its carrier: wlan0 takes over, eth0 MII down, check WARNING: status.activeSlave: want "wlan0", got "eth0"',
    );
  });
});
