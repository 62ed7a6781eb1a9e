// bondify init on what distributions ship: the stock Arch Linux ARM files verbatim (Name=eth*, Name=en*, wlan0, all
// DHCP=yes), drop-ins, two files for one link, /etc over /usr/lib, Type=, DHCP=ipv4|ipv6 — run in-process on a temp
// root with the device's links given (--links), as on a live Pi the kernel's links are.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { renderBond, renderStandard } from '../../../src/render/index.js';
import { put, tempDir } from '../../support/fixtures.js';
import { bondify } from '../../support/in-process.js';
import { STOCK_ARCH } from '../../support/stock-arch.js';

const NET = '/etc/systemd/network';

function rootWith(files: Record<string, string>): string {
  const root = tempDir('init-dist');
  for (const [p, text] of Object.entries(files)) put(root, p, text);
  return root;
}

async function init(root: string, ...extra: string[]) {
  const r = await bondify(['init', '--root', root, '--links', 'eth0,wlan0', ...extra]);
  const file = path.join(root, 'etc/bondify/bondify.ini');
  return { ...r, ini: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null };
}

const goldenModel = (name: string) =>
  validateConfig(fs.readFileSync(new URL(`../../golden/${name}/bondify.ini`, import.meta.url), 'utf8'), name, () => null).model;

describe('init from the stock Arch Linux ARM files', () => {
  // systemd ships /usr/lib/systemd/network/80-wifi-adhoc.network, which sorts before wlan0.network; a real Pi has
  // it, and the lab showed init skipping wlan0 for it ("may match") while networkd gives wlan0 its own file.
  const ADHOC = '[Match]\nType=wlan\nWLANInterfaceType=ad-hoc\n\n[Network]\nLinkLocalAddressing=yes\n';

  it("systemd's 80-wifi-adhoc.network beside them does not take wlan0 (a bonded wifi link is a station)", async () => {
    const root = rootWith({ ...STOCK_ARCH, '/usr/lib/systemd/network/80-wifi-adhoc.network': ADHOC });
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    expect(validateConfig(r.ini ?? '', 'init', () => null).model).toEqual(goldenModel('dhcp-ra'));
    expect(r.stdout).not.toContain('may match');
  });

  it('a file whose WLANInterfaceType= takes stations does configure wlan0; one that sets it never takes a wired link', async () => {
    const station = '[Match]\nName=wlan0\nWLANInterfaceType=station\n\n[Network]\nAddress=192.168.1.25/24\n';
    const anyWifi = '[Match]\nName=eth*\nWLANInterfaceType=*\n\n[Network]\nAddress=10.9.9.9/24\n';
    const root = rootWith({ ...STOCK_ARCH, [`${NET}/05-wlan0.network`]: station, [`${NET}/05-eth.network`]: anyWifi });
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    expect(r.stdout).toContain(`used: wlan0 (wireless) from ${root}${NET}/05-wlan0.network`);
    expect(r.stdout).toContain(`used: eth0 (wired) from ${root}${NET}/eth.network`);
  });

  it('exits 0 and writes a config that keeps DHCP and RAs: the dhcp-ra golden case, byte for byte in what it renders', async () => {
    const root = rootWith(STOCK_ARCH);
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    const m = validateConfig(r.ini ?? '', 'init', () => null).model;
    expect(m).toEqual(goldenModel('dhcp-ra'));
    expect(renderBond(m)).toEqual(renderBond(goldenModel('dhcp-ra')));
    // rollback --to standard gives each link a DHCP=yes file again.
    expect(renderStandard(m).map((f) => [f.path, f.content])).toEqual([
      [`${NET}/eth0.network`, '[Match]\nName=eth0\n\n[Network]\nDHCP=yes\nIPv6AcceptRA=yes\n'],
      [`${NET}/wlan0.network`, '[Match]\nName=wlan0\n\n[Network]\nDHCP=yes\nIPv6AcceptRA=yes\n'],
    ]);
  });

  it('says what it saw, used and skipped, in the file and on stdout', async () => {
    const root = rootWith(STOCK_ARCH);
    const r = await init(root);
    const lines = [
      `saw: ${root}${NET}/en.network: [Match] Name=en*; DHCP=yes`,
      `saw: ${root}${NET}/eth.network: [Match] Name=eth*; DHCP=yes`,
      `saw: ${root}${NET}/wlan0.network: [Match] Name=wlan0; DHCP=yes`,
      `used: eth0 (wired) from ${root}${NET}/eth.network: DHCP=yes → ipv4 = dhcp, ipv6 = ra (networkd's defaults accept router advertisements; DHCPv6 when they ask for it)`,
      `used: wlan0 (wireless) from ${root}${NET}/wlan0.network: DHCP=yes → ipv4 = dhcp, ipv6 = ra`,
      `skipped: ${root}${NET}/en.network: networkd uses it for none of the links here`,
    ];
    for (const l of lines) {
      expect(r.ini).toContain(`; ${l}`);
      expect(r.stdout).toContain(`  ${l}`);
    }
    expect(r.stdout).toMatch(/^wrote .*bondify\.ini from .*eth\.network \(eth0 DHCP, RA\), .*wlan0\.network \(wlan0 DHCP, RA\)\n/);
  });

  it('an offline root without --links cannot resolve Name=eth*: 65, and it says why', async () => {
    const root = rootWith(STOCK_ARCH);
    const r = await bondify(['init', '--root', root]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('Name=eth* is a pattern and this root');
    expect(r.stderr).toContain('pass --links eth0,wlan0');
    expect(r.stderr).toContain('found wlan0');
    expect(fs.existsSync(path.join(root, 'etc/bondify'))).toBe(false);
  });
});

describe('init: several files, drop-ins, folders', () => {
  it('a drop-in that gives eth0 a static address instead of DHCP is applied (eth.network.d/*.conf)', async () => {
    const root = rootWith({
      ...STOCK_ARCH,
      [`${NET}/eth.network.d/static.conf`]: '[Network]\nDHCP=no\nAddress=192.168.1.30/24\nGateway=192.168.1.1\n',
    });
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    const m = validateConfig(r.ini ?? '', 'init', () => null).model;
    expect(m.network).toEqual({ addresses: ['192.168.1.30/24'], gateway: '192.168.1.1', dns: [], ipv4: 'static', ipv6: null });
    expect(r.ini).toContain(
      `; used: eth0 (wired) from ${root}${NET}/eth.network + ${root}${NET}/eth.network.d/static.conf: DHCP=no Address=192.168.1.30/24`,
    );
  });

  it('two files matching eth0: networkd uses the first by name (eth.network before eth0.network), and the other is reported', async () => {
    const root = rootWith({ ...STOCK_ARCH, [`${NET}/eth0.network`]: '[Match]\nName=eth0\n\n[Network]\nAddress=192.168.1.30/24\n' });
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    expect(validateConfig(r.ini ?? '', 'init', () => null).model.network.ipv4).toBe('dhcp');
    expect(r.ini).toContain(
      `; skipped: ${root}${NET}/eth0.network for eth0: it matches too, but networkd uses the first in its order (eth.network)`,
    );
  });

  it('a file that sorts first wins over the stock catch-all: 10-eth0.network with a static address', async () => {
    const root = rootWith({ ...STOCK_ARCH, [`${NET}/10-eth0.network`]: '[Match]\nName=eth0\n\n[Network]\nAddress=192.168.1.30/24\n' });
    const r = await init(root);
    const m = validateConfig(r.ini ?? '', 'init', () => null).model;
    expect(m.network).toMatchObject({ addresses: ['192.168.1.30/24'], ipv4: 'static', ipv6: null });
    expect(m.slaves.map((s) => [s.name, s.standard?.ipv4])).toEqual([
      ['eth0', 'static'],
      ['wlan0', 'dhcp'],
    ]);
  });

  it('/etc wins over the same name in /usr/lib; Type=wlan and DHCP=ipv4 / DHCP=ipv6 are read', async () => {
    const root = rootWith({
      '/usr/lib/systemd/network/eth.network': '[Match]\nName=eth*\n\n[Network]\nDHCP=no\nAddress=10.0.0.2/8\n',
      [`${NET}/eth.network`]: '[Match]\nName=eth*\n\n[Network]\nDHCP=ipv4\n',
      '/usr/lib/systemd/network/80-wifi.network': '[Match]\nType=wlan\n\n[Network]\nDHCP=ipv6\n',
    });
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    const m = validateConfig(r.ini ?? '', 'init', () => null).model;
    expect(m.slaves.map((s) => [s.name, s.standard?.ipv4, s.standard?.ipv6])).toEqual([
      ['eth0', 'dhcp', null],
      ['wlan0', 'off', 'ra'],
    ]);
    expect(m.network).toMatchObject({ addresses: [], ipv4: 'dhcp', ipv6: null });
    expect(r.ini).toContain(`from ${root}${NET}/eth.network: DHCP=ipv4 → ipv4 = dhcp (ipv6 not set: left to networkd)`);
  });

  it('a static gateway beside DHCP=yes is dropped and reported (the server gives the route)', async () => {
    const root = rootWith({ ...STOCK_ARCH, [`${NET}/eth.network`]: '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\nGateway=192.168.1.1\n' });
    const r = await init(root);
    expect(r.code, r.text).toBe(0);
    expect(r.ini).toContain('; skipped: eth0: Gateway=192.168.1.1 dropped: the DHCP server gives the route');
    expect(validateConfig(r.ini ?? '', 'init', () => null).model.network.gateway).toBe(null);
  });
});
