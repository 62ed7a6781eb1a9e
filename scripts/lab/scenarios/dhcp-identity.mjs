// Exploratory (no host test): which bond identity keeps the address through failover, a renew on the backup and
// failback, under a plain DHCP pool and a router that reserves 192.168.1.252 for eth0's MAC. Hand-written networkd
// files, one variant at a time; `npm run lab -- dhcp-identity [variant,…] [pool|reservation]`. Figures: docs/dhcp-identity.md.
export const labStandard = 'arch-dhcp';

const NET = '/etc/systemd/network';
const STABLE_V6 = { network: ['IPv6LinkLocalAddressGenerationMode=stable-privacy'], sections: ['[IPv6AcceptRA]', 'Token=prefixstable'] };

/** name → { policy, mac (bond MACAddress= eth0's), network lines, [DHCPv4] lines, extra sections }. */
const VARIANTS = {
  // networkd's defaults: ClientIdentifier=duid with an IAID that a bond (no udev name) derives from its MAC, EUI-64.
  default: { policy: 'active' },
  // A fixed IAID keeps the client identifier when the MAC follows the active slave; addresses not from the MAC.
  iaid: { policy: 'active', ...STABLE_V6, dhcp: ['IAID=1'] },
  'iaid-keep': {
    policy: 'active',
    ...STABLE_V6,
    network: [...STABLE_V6.network, 'KeepConfiguration=dhcp'],
    dhcp: ['IAID=1', 'SendRelease=no'],
  },
  // The bond keeps eth0's MAC whatever slave is active (the wifi is given eth0's MAC when enslaved).
  'fixed-mac-none': { policy: 'none', mac: true, ...STABLE_V6, dhcp: ['IAID=1'] },
  'clientid-mac': { policy: 'active', ...STABLE_V6, dhcp: ['ClientIdentifier=mac'] },
  'fixed-mac-active': { policy: 'active', mac: true, ...STABLE_V6, dhcp: ['IAID=1'] },
};

function files(v, eth0Mac) {
  const netdev = [
    '[NetDev]',
    'Name=bond0',
    'Kind=bond',
    ...(v.mac ? [`MACAddress=${eth0Mac}`] : []),
    '',
    '[Bond]',
    'Mode=active-backup',
    'PrimaryReselectPolicy=always',
    'MIIMonitorSec=100ms',
    'UpDelaySec=200ms',
    'DownDelaySec=0ms',
    `FailOverMACPolicy=${v.policy}`,
    'GratuitousARP=3',
    '',
  ];
  const bond = [
    '[Match]',
    'Name=bond0',
    '',
    '[Network]',
    'DHCP=ipv4',
    'IPv6AcceptRA=yes',
    'ConfigureWithoutCarrier=yes',
    'IgnoreCarrierLoss=yes',
    ...(v.network ?? []),
    ...(v.dhcp ? ['', '[DHCPv4]', ...v.dhcp] : []),
    ...(v.sections ? ['', ...v.sections] : []),
    '',
  ];
  const slave = (name, primary) => [
    '[Match]',
    `Name=${name}`,
    '',
    '[Link]',
    'RequiredForOnline=no',
    '',
    '[Network]',
    'Bond=bond0',
    ...(primary ? ['PrimarySlave=yes'] : []),
    '',
  ];
  return {
    '10-bond0.netdev': netdev.join('\n'),
    '10-bond0.network': bond.join('\n'),
    '10-eth0.network': slave('eth0', true).join('\n'),
    '10-wlan0.network': slave('wlan0', false).join('\n'),
  };
}

export default async function dhcpIdentity(lab, args) {
  const fs = await import('node:fs');
  const only = args[0] ? args[0].split(',') : ['iaid', 'iaid-keep', 'fixed-mac-none'];
  const servers = args[1] ? [args[1]] : ['pool', 'reservation'];
  const eth0Mac = lab.dhcp.mac('eth0');
  const wlan0Mac = lab.dhcp.mac('wlan0');
  lab.record('macs', { eth0: eth0Mac, wlan0: wlan0Mac });
  lab.record('stock', {
    eth0: { v4: await lab.state.ipv4('eth0'), v6: await lab.dhcp.ipv6('eth0') },
    wlan0: { v4: await lab.state.ipv4('wlan0'), v6: await lab.dhcp.ipv6('wlan0') },
    leases: lab.dhcp.leases(),
  });
  const addrs = async () => ({
    v4: (await lab.state.ipv4('bond0')).map((a) => a.split('/')[0]),
    v6: (await lab.dhcp.ipv6('bond0')).map((a) => a.split('/')[0]),
    mac: lab.dhcp.mac('bond0'),
    wlan0Mac: lab.dhcp.mac('wlan0'),
    active: lab.state.activeSlave(),
  });
  const out = {};
  for (const server of servers) {
    for (const name of only) {
      const v = VARIANTS[name];
      const key = `${name}/${server}`;
      lab.log(`===== ${key}`);
      try {
        await lab.run(['systemctl', 'stop', 'systemd-networkd.service', 'systemd-networkd.socket']);
        await lab.run(['ip', 'link', 'del', 'bond0']);
        for (const f of fs.readdirSync(NET)) fs.rmSync(`${NET}/${f}`);
        for (const dev of ['eth0', 'wlan0']) await lab.run(['ip', 'addr', 'flush', 'dev', dev]);
        // Each case from a router that has seen no client: nothing remembered from the last variant.
        await lab.dhcp.start(server === 'reservation' ? { reserveFor: eth0Mac } : {});
        for (const [f, text] of Object.entries(files(v, eth0Mac))) fs.writeFileSync(`${NET}/${f}`, text);
        await lab.run(['systemctl', 'start', 'systemd-networkd.service']);
        const t0 = Date.now();
        const first = await lab.waitFor(
          `${key}: bond0 with a lease and a SLAAC address`,
          async () => {
            const a = await addrs();
            return a.v4.length > 0 && a.v6.length > 0 && a.active === 'eth0' && (await lab.state.wifiState()) === 'COMPLETED' ? a : null;
          },
          { timeoutMs: 90_000, intervalMs: 500 },
        );
        const r = { first, firstMs: Date.now() - t0 };
        const logMark = lab.dhcp.logLines().length;
        const p4 = lab.startPing({ target: first.v4[0], ns: 'gw', intervalMs: 20 });
        const p6 = lab.startPing({ target: first.v6[0], ns: 'gw', intervalMs: 20 });
        await lab.sleep(1500);
        await lab.fault.eth0Down();
        await lab.waitFor('wlan0 active', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 15_000 });
        await lab.sleep(6000);
        r.failover = await addrs();
        const renewMark = lab.dhcp.logLines().length;
        await lab.run(['networkctl', 'renew', 'bond0']);
        await lab
          .waitFor('an answer to the renew', () => lab.dhcp.logLines(renewMark).some((l) => /DHCP(ACK|NAK)/.test(l)), { timeoutMs: 20_000 })
          .catch(() => null);
        await lab.sleep(4000);
        r.renew = await addrs();
        await lab.fault.eth0Up();
        await lab.waitFor('eth0 active again', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 15_000 });
        await lab.sleep(6000);
        r.failback = await addrs();
        const s4 = await p4.stop();
        const s6 = await p6.stop();
        r.ping4 = { sent: s4.sent, lost: s4.lost, maxGapMs: s4.maxGapMs, gaps: s4.gaps.map((g) => g.ms) };
        r.ping6 = { sent: s6.sent, lost: s6.lost, maxGapMs: s6.maxGapMs, gaps: s6.gaps.map((g) => g.ms) };
        r.dhcpLog = lab.dhcp
          .logLines(logMark)
          .filter((l) => /DHCP(DISCOVER|OFFER|REQUEST|ACK|NAK|RELEASE)|reserved|RTR-/.test(l))
          .map((l) => l.replace(/^\w+ +\d+ [\d:]+ /, ''));
        r.leases = lab.dhcp.leases();
        const same = (k, fam) => ['failover', 'renew', 'failback'].every((s) => r[s][fam].includes(first[fam][0]));
        r.kept = { v4: same(r, 'v4'), v6: same(r, 'v6') };
        lab.log(
          `${key}: first ${first.v4} ${first.v6}; kept v4 ${r.kept.v4} v6 ${r.kept.v6}; gap v4 ${r.ping4.maxGapMs} ms v6 ${r.ping6.maxGapMs} ms`,
        );
        out[key] = r;
      } catch (e) {
        lab.log(`${key}: FAILED ${e.message}`);
        out[key] = { error: e.message, state: await addrs().catch(() => null), dhcpLog: lab.dhcp.logLines().slice(-20) };
        await lab.fault.eth0Up().catch(() => {});
      }
      lab.record('variants', out);
      await lab.run(['networkctl', 'status', 'bond0', '--no-pager', '-n', '0']);
    }
  }
}
