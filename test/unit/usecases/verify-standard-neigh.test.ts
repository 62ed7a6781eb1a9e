// The standard method's verification: a link whose gateway does not answer has its neighbour entry for the gateway
// forgotten, so the next ping asks by ARP from that link (the lab's rollback waited out 60 s with the gateway
// sending wlan0's replies to eth0's MAC and wlan0's entry for the gateway REACHABLE).
import { describe, expect, it } from 'vitest';
import { inspectStandard } from '../../../src/usecases/verify-standard.js';
import { fakeHost } from '../../support/fake-host.js';
import { populate } from '../../support/fixtures.js';

const LINKS = [
  { name: 'eth0', file: '/etc/systemd/network/eth0.network', addresses: ['192.168.1.252/24'], gateway: '192.168.1.1', dhcp: false },
  { name: 'wlan0', file: '/etc/systemd/network/wlan0.network', addresses: ['192.168.1.25/24'], gateway: '192.168.1.1', dhcp: false },
];
const addr = (local: string) => JSON.stringify([{ addr_info: [{ family: 'inet', local, prefixlen: 24, scope: 'global' }] }]);

function host(wlan0Answers: boolean) {
  const h = fakeHost();
  populate(h.kernelRoot, { '/sys/class/net/eth0/ifindex': '2\n', '/sys/class/net/wlan0/ifindex': '3\n' });
  const exec = h.exec.bind(h);
  h.exec = async (argv, opts) => {
    const r = await exec(argv, opts);
    if (argv[0] === 'ip' && argv.includes('addr')) return { ...r, stdout: addr(argv.includes('eth0') ? '192.168.1.252' : '192.168.1.25') };
    if (argv[0] === 'ping') return { ...r, exitCode: argv.includes('wlan0') && !wlan0Answers ? 1 : 0 };
    return r;
  };
  return h;
}

describe('inspectStandard', () => {
  it("forgets the gateway's neighbour entry on a link whose ping got no answer, and only there", async () => {
    const h = host(false);
    const out = await inspectStandard(h, 'bond0', LINKS);
    expect(out.join('\n')).toContain('gateway 192.168.1.1: desired answers through wlan0');
    const neigh = h.calls.filter((c) => c[0] === 'ip' && c[1] === 'neigh' && c[2] === 'del');
    expect(neigh).toEqual([['ip', 'neigh', 'del', '192.168.1.1', 'dev', 'wlan0']]);
  });

  it('touches no neighbour entry when every gateway answers', async () => {
    const h = host(true);
    expect(await inspectStandard(h, 'bond0', LINKS)).toEqual([]);
    expect(h.calls.filter((c) => c[1] === 'neigh' && c[2] === 'del')).toEqual([]);
  });
});
