// bondify init: the reference guide's two files give back the reference scenario's config (the command through the
// built CLI: test/slow/cli/init.test.ts).
import { describe, expect, it } from 'vitest';
import { findStandardLinks, initIni, resolveLinks } from '../../../src/usecases/init.js';
import { parseUnitFile } from '../../../src/networkd/unit-file.js';
import { validateConfig } from '../../../src/config/index.js';
import { renderBond, renderStandard } from '../../../src/render/index.js';
import { ETH0, WLAN0 } from '../../support/fixtures.js';
import { model } from '../../support/scenario.js';

const wifi = (n: string) => n.startsWith('wlan');
const file = (name: string, text: string) => ({ name, file: name, unit: parseUnitFile(text) });

describe('init', () => {
  it('turns the reference standard method into a config equal to the reference scenario', () => {
    const links = findStandardLinks([file('wlan0.network', WLAN0), file('eth0.network', ETH0), file('10-bondify-x.network', ETH0)], wifi);
    expect(links.map((l) => [l.name, l.addresses, l.gateway, l.dns, l.wireless])).toEqual([
      ['eth0', ['192.168.1.252/24'], '192.168.1.1', ['192.168.1.1', '8.8.8.8'], false],
      ['wlan0', ['192.168.1.25/24'], '192.168.1.1', ['192.168.1.1'], true],
    ]);
    const m = validateConfig(initIni(links, '/etc/systemd/network'), 'x', () => null).model;
    expect(m).toEqual(model());
    // And rollback --to standard from that config gives back the two files byte for byte.
    expect(renderStandard(m).map((f) => f.content)).toEqual([ETH0, WLAN0]);
  });

  it('writes whether each link is wireless, yes or no, so a plan where a link is absent has nothing to guess', () => {
    const links = findStandardLinks([file('wlan0.network', WLAN0), file('eth0.network', ETH0)], wifi);
    const ini = initIni(links, '/etc/systemd/network');
    expect(ini).toContain('[slave.eth0]\naddress = 192.168.1.252/24\ngateway = 192.168.1.1\ndns = 192.168.1.1, 8.8.8.8\nwireless = no\n');
    expect(ini).toContain('[slave.wlan0]\naddress = 192.168.1.25/24\ngateway = 192.168.1.1\ndns = 192.168.1.1\nwireless = yes\n');
    const { warnings } = validateConfig(ini, 'x', () => null);
    expect(warnings.filter((w) => w.includes('is not present here'))).toEqual([]);
  });

  it("records each link's permanent MAC where the live kernel shows one, and says which link has none", () => {
    const links = findStandardLinks([file('wlan0.network', WLAN0), file('eth0.network', ETH0)], wifi).map((l) => ({
      ...l,
      mac: l.name === 'wlan0' ? '02:00:00:00:00:00' : null,
    }));
    const ini = initIni(links, '/etc/systemd/network');
    expect(ini).toContain(
      '[slave.wlan0]\naddress = 192.168.1.25/24\ngateway = 192.168.1.1\ndns = 192.168.1.1\nwireless = yes\nmac = 02:00:00:00:00:00\n',
    );
    expect(ini).toContain('; eth0: no permanent MAC found (sysfs, ethtool -P), so it is matched by name\n');
    const m = validateConfig(ini, 'x', () => null).model;
    expect(m.slaves.map((x) => [x.name, x.permanentMac])).toEqual([
      ['eth0', null],
      ['wlan0', '02:00:00:00:00:00'],
    ]);
  });

  it('without a list of links, resolves only the names files spell out; a pattern is reported; fewer than two links is 65', () => {
    const { found, report } = resolveLinks(
      [
        file('eth0.network', ETH0),
        file('99-all.network', '[Match]\nName=en*\n[Network]\nAddress=10.0.0.1/8\n'),
        file('wlan0.network', '[Match]\nName=wlan0\n[Network]\nDHCP=no\n'),
      ],
      null,
      wifi,
    );
    expect(found.map((l) => l.name)).toEqual(['eth0']);
    expect(report.skipped).toEqual([
      'wlan0: wlan0.network gives it no address (no Address=, no DHCP, no router advertisements)',
      "99-all.network: Name=en* is a pattern and this root's links are unknown (pass --links eth0,wlan0)",
    ]);
    expect(() => initIni(found, '/etc/systemd/network')).toThrow(/needs two links .* found eth0 \(eth0.network\)/);
  });

  it('a negated Name= that matches a link is the file networkd uses for it', () => {
    const links = findStandardLinks(
      [file('eth0.network', ETH0), file('98-not.network', '[Match]\nName=!eth0\n[Network]\nAddress=10.0.0.2/8\n')],
      wifi,
      ['eth0', 'wlan0'],
    );
    expect(links.map((l) => [l.name, l.file, l.addresses])).toEqual([
      ['eth0', 'eth0.network', ['192.168.1.252/24']],
      ['wlan0', '98-not.network', ['10.0.0.2/8']],
    ]);
  });

  it("takes a link's file only when networkd would use it: an earlier file that surely matches takes it, one that may match makes it unknown", () => {
    const { found, report } = resolveLinks(
      [
        file('eth0.network', ETH0),
        file('wlan0.network', WLAN0),
        file('05-wired.network', '[Match]\nName=eth* en*\n[Network]\nDHCP=yes\n'),
        file('06-maybe.network', '[Match]\nName=wl*\nMACAddress=52:54:00:00:00:01\n[Network]\nDHCP=yes\n'),
        file('07-not.network', '[Match]\nName=!wlan0\n[Network]\nDHCP=yes\n'),
      ],
      { names: ['eth0', 'wlan0'], given: true },
      wifi,
    );
    expect(found.map((l) => [l.name, l.file, l.ipv4, l.ipv6])).toEqual([['eth0', '05-wired.network', 'dhcp', 'ra']]);
    expect(report.skipped).toContain(
      '07-not.network for eth0: it matches too, but networkd uses the first in its order (05-wired.network)',
    );
    expect(report.skipped).toContain('eth0.network for eth0: it matches too, but networkd uses the first in its order (05-wired.network)');
    expect(report.skipped).toContain(
      'wlan0: 06-maybe.network may match it (MACAddress: not evaluated by bondify), so which file networkd uses is unknown',
    );
  });

  describe('a DHCP primary: its own IAID, and the one line for a router that reserves by MAC', () => {
    const DHCP_FILE = '[Match]\nName=eth0\n\n[Network]\nDHCP=yes\n';
    const dhcpLinks = (eth0: { mac?: string | null; iaid?: number | null }) =>
      findStandardLinks([file('eth0.network', DHCP_FILE), file('wlan0.network', DHCP_FILE.replace('eth0', 'wlan0'))], wifi).map((l) =>
        l.name === 'eth0' ? { ...l, ...eth0 } : { ...l, mac: '02:00:00:00:01:00' },
      );

    it("writes the IAID read from eth0's lease as dhcp_iaid, and leaves fail_over_mac to dhcp_identity", () => {
      const ini = initIni(dhcpLinks({ mac: 'dc:a6:32:12:34:56', iaid: 1363844677 }), '/etc/systemd/network');
      expect(ini).toContain('\ndhcp_iaid = 1363844677\n');
      expect(ini).not.toMatch(/^fail_over_mac/m);
      const m = validateConfig(ini, 'x', () => null).model;
      expect([m.dhcpIdentity, m.dhcpIaid, m.failOverMac, m.macAddress]).toEqual(['stable', 1363844677, 'active', null]);
    });

    it("removing one ';' gives the bond eth0's permanent MAC: ethernet-mac, fail_over_mac none, MACAddress=", () => {
      const ini = initIni(dhcpLinks({ mac: 'dc:a6:32:12:34:56', iaid: null }), '/etc/systemd/network');
      expect(ini).not.toContain('dhcp_iaid');
      expect(ini).toContain('\n; dhcp_identity = ethernet-mac\n');
      const m = validateConfig(
        ini.replace('\n; dhcp_identity = ethernet-mac\n', '\ndhcp_identity = ethernet-mac\n'),
        'x',
        () => null,
      ).model;
      expect([m.dhcpIdentity, m.failOverMac, m.macAddress]).toEqual(['ethernet-mac', 'none', 'dc:a6:32:12:34:56']);
      expect(renderBond(m).find((f) => f.path.endsWith('.netdev'))?.content).toContain('MACAddress=dc:a6:32:12:34:56\n');
    });

    it('says what ethernet-mac needs when eth0 shows no permanent MAC', () => {
      const ini = initIni(dhcpLinks({ mac: null }), '/etc/systemd/network');
      expect(ini).toContain("; dhcp_identity = ethernet-mac (needs mac = eth0's permanent MAC in [slave.eth0])\n");
    });

    it('a static primary keeps its fail_over_mac line and gets no DHCP lines', () => {
      const ini = initIni(findStandardLinks([file('wlan0.network', WLAN0), file('eth0.network', ETH0)], wifi), '/etc/systemd/network');
      expect(ini).toContain('\nfail_over_mac = active\n');
      expect(ini).not.toMatch(/dhcp_iaid|dhcp_identity/);
    });
  });
});
