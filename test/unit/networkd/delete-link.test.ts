// Deleting the bond gives each slave back the MAC it had when it was enslaved, where the kernel could not: with
// fail_over_mac = none (dhcp_identity = ethernet-mac) the lab's wlan0 kept eth0's MAC after rollback (mac80211
// refuses a new MAC while up), and got no lease.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteLink } from '../../../src/networkd/control.js';
import { fakeHost } from '../../support/fake-host.js';
import { populate } from '../../support/fixtures.js';

const ETH0 = '52:54:00:12:34:01';
const WLAN0 = '02:00:00:00:00:00';

/** A bond0 with eth0's MAC on both slaves; `restores`: what the kernel manages to put back at the delete. */
function bondWith(restores: { wlan0: boolean }) {
  const host = fakeHost();
  populate(host.kernelRoot, {
    '/sys/class/net/bond0/address': `${ETH0}\n`,
    '/sys/class/net/bond0/bonding/slaves': 'eth0 wlan0\n',
    '/sys/class/net/eth0/address': `${ETH0}\n`,
    '/sys/class/net/eth0/bonding_slave/perm_hwaddr': `${ETH0}\n`,
    '/sys/class/net/wlan0/address': `${ETH0}\n`,
    '/sys/class/net/wlan0/bonding_slave/perm_hwaddr': `${WLAN0}\n`,
  });
  const exec = host.exec.bind(host);
  host.exec = async (argv, opts) => {
    if (argv.join(' ') === 'ip link delete bond0') {
      fs.rmSync(path.join(host.kernelRoot, 'sys/class/net/bond0'), { recursive: true });
      for (const s of ['eth0', 'wlan0']) fs.rmSync(path.join(host.kernelRoot, `sys/class/net/${s}/bonding_slave`), { recursive: true });
      if (restores.wlan0) fs.writeFileSync(path.join(host.kernelRoot, 'sys/class/net/wlan0/address'), `${WLAN0}\n`);
    }
    return exec(argv, opts);
  };
  return host;
}

describe('deleteLink', () => {
  it("gives wlan0 its own MAC back when it still carries the bond's after the delete (down, address, up); eth0's is its own", async () => {
    const host = bondWith({ wlan0: false });
    const said: string[] = [];
    await deleteLink(host, 'bond0', (l) => said.push(l));
    expect(host.calls).toEqual([
      ['ip', 'link', 'delete', 'bond0'],
      ['ip', 'link', 'set', 'dev', 'wlan0', 'down'],
      ['ip', 'link', 'set', 'dev', 'wlan0', 'address', WLAN0],
      ['ip', 'link', 'set', 'dev', 'wlan0', 'up'],
    ]);
    expect(said.join('\n')).toContain(`wlan0 still had bond0's MAC ${ETH0}: its own ${WLAN0} back`);
  });

  it('leaves the slaves alone when the kernel restored their MACs', async () => {
    const host = bondWith({ wlan0: true });
    await deleteLink(host, 'bond0', () => {});
    expect(host.calls).toEqual([['ip', 'link', 'delete', 'bond0']]);
  });
});
