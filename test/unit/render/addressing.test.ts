// The addressing keys (render/addressing.ts): ipv4/ipv6 modes as networkd keys, for the bond and for a slave's
// standard method, and plan --explain's lines on what each does across a failover.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { addressingKeys, bondIaid } from '../../../src/render/addressing.js';
import { explainBond, renderBond } from '../../../src/render/index.js';
import type { Addressing } from '../../../src/model/bond.js';

const a = (ipv4: Addressing['ipv4'], ipv6: Addressing['ipv6']): Addressing => ({ addresses: [], gateway: null, dns: [], ipv4, ipv6 });
const golden = (name: string) =>
  validateConfig(fs.readFileSync(new URL(`../../golden/${name}/bondify.ini`, import.meta.url), 'utf8'), name, () => null).model;

describe('addressingKeys', () => {
  it.each<[Addressing['ipv4'], Addressing['ipv6'], string[], string[]]>([
    ['static', null, [], ['DHCP=no']],
    ['static', 'static', [], ['DHCP=no']],
    ['dhcp', null, ['DHCP=ipv4'], ['DHCP=ipv4']],
    ['dhcp', 'ra', ['DHCP=ipv4', 'IPv6AcceptRA=yes'], ['DHCP=yes', 'IPv6AcceptRA=yes']],
    ['static', 'ra', ['IPv6AcceptRA=yes'], ['DHCP=no', 'IPv6AcceptRA=yes']],
    ['off', 'ra', ['IPv6AcceptRA=yes'], ['DHCP=no', 'IPv6AcceptRA=yes']],
    ['dhcp', 'off', ['DHCP=ipv4', 'IPv6AcceptRA=no', 'LinkLocalAddressing=no'], ['DHCP=ipv4', 'IPv6AcceptRA=no', 'LinkLocalAddressing=no']],
  ])('ipv4 = %s, ipv6 = %s: the bond gets %j, the standard method %j', (ipv4, ipv6, bond, standard) => {
    const lines = (f: 'bond' | 'standard') => (addressingKeys(a(ipv4, ipv6), f).Network ?? []).map(([k, v]) => `${k}=${v}`);
    expect(lines('bond')).toEqual(bond);
    expect(lines('standard')).toEqual(standard);
  });
});

describe('plan --explain: addressing across a failover', () => {
  it('a DHCP + RA bond: the lease is bond0s, renewals come from the active slave MAC, SLAAC follows the MAC', () => {
    const text = explainBond(golden('dhcp-ra'));
    expect(text).toContain('DHCP=ipv4 on bond0 (ipv4 = dhcp)');
    expect(text).toContain('a failover does not start a new lease');
    expect(text).toContain("with FailOverMACPolicy=active, the active slave's: the wifi's while on wlan0");
    expect(text).toContain(
      'a server that keys the lease or a reservation on the MAC can answer a renewal on the backup with another address',
    );
    expect(text).toContain('IPv6AcceptRA=yes on bond0 (ipv6 = ra)');
    expect(text).toContain('Token=eui64');
    expect(text).toContain('(a DHCP lease included');
    expect(text).not.toContain('Gateway=');
  });

  it('static IPv4 plus SLAAC: the static address stays, the RA line names the static IPv6 too when there is one', () => {
    const text = explainBond(golden('static-v4-slaac'));
    expect(text).toContain('Address=192.168.1.252/24 on bond0 (ipv4 = static)');
    expect(text).toContain('IPv6AcceptRA=yes on bond0 (ipv6 = ra):');
    expect(text).toContain('Gateway=192.168.1.1 gives one default route through bond0');
    expect(text).toContain('DNS=192.168.1.1: added to the servers DHCP or the RAs send.');
  });

  it('ipv6 not set says it is left to networkd, and names the choices', () => {
    const text = explainBond(golden('reference'));
    expect(text).toContain("ipv6 not set: no IPv6 key is written, so networkd's default applies");
    expect(text).toContain('set ipv6 = ra, static or off to choose');
  });
});

describe('dhcp_identity: how the dynamic addresses survive a failover (docs/dhcp-identity.md)', () => {
  const ini = (extra: string) =>
    `[bond]\nslaves = eth0, wlan0\nprimary = eth0\n\n[network]\nipv4 = dhcp\nipv6 = ra\n${extra}\n[slave.wlan0]\nwireless = yes\n`;
  const bondNetwork = (text: string) =>
    renderBond(validateConfig(text, 'bondify.ini', () => null).model).find((f) => f.path.endsWith('bond0.network'))?.content ?? '';

  it('stable (the default): a fixed IAID, the lease kept while the client restarts, IPv6 not from the MAC', () => {
    const text = bondNetwork(ini(''));
    expect(text).toContain('KeepConfiguration=dhcp\n');
    expect(text).toContain(`[DHCPv4]\nIAID=${bondIaid('bond0')}\nSendRelease=no\n`);
    expect(text).toContain('IPv6LinkLocalAddressGenerationMode=stable-privacy\n');
    expect(text).toContain('[IPv6AcceptRA]\nToken=prefixstable\n');
    expect(bondNetwork(ini('dhcp_identity = stable\n'))).toBe(text);
  });

  it('the IAID is the same on every run and differs between bonds', () => {
    expect(bondIaid('bond0')).toBe(3112782295);
    expect(bondIaid('bond1')).not.toBe(bondIaid('bond0'));
  });

  it("networkd: networkd's own defaults, nothing written", () => {
    const text = bondNetwork(ini('dhcp_identity = networkd\n'));
    expect(text).not.toMatch(/IAID|KeepConfiguration|SendRelease|Token|GenerationMode/);
    expect(text).toContain('DHCP=ipv4\nIPv6AcceptRA=yes\n');
  });

  it('nothing for a static bond, whatever the value', () => {
    const text = bondNetwork('[bond]\nslaves = eth0, wlan0\n\n[network]\naddress = 192.168.1.252/24\n\n[slave.wlan0]\nwireless = yes\n');
    expect(text).not.toMatch(/IAID|KeepConfiguration|Token|GenerationMode/);
  });

  it("dhcp_iaid: the bond's IAID is the one given (init reads the ethernet's from its lease), decimal or 0x", () => {
    expect(bondNetwork(ini('dhcp_iaid = 1363844677\n'))).toContain('[DHCPv4]\nIAID=1363844677\nSendRelease=no\n');
    expect(bondNetwork(ini('dhcp_iaid = 0x514a9e45\n'))).toContain('[DHCPv4]\nIAID=1363844677\n');
  });

  it("ethernet-mac: the bond keeps the primary's permanent MAC (MACAddress=, FailOverMACPolicy=none) with a wifi slave, and the stable keys", () => {
    const text = ini('dhcp_identity = ethernet-mac\n[slave.eth0]\nmac = dc:a6:32:12:34:56\n');
    const files = renderBond(validateConfig(text, 'bondify.ini', () => null).model);
    const netdev = files.find((f) => f.path.endsWith('bond0.netdev'))?.content ?? '';
    expect(netdev).toContain('[NetDev]\nName=bond0\nKind=bond\nMACAddress=dc:a6:32:12:34:56\n');
    expect(netdev).toContain('FailOverMACPolicy=none\n');
    expect(bondNetwork(text)).toBe(bondNetwork(ini('[slave.eth0]\nmac = dc:a6:32:12:34:56\n')));
    // The other identities leave the MAC to the active slave.
    const stable = renderBond(validateConfig(ini('[slave.eth0]\nmac = dc:a6:32:12:34:56\n'), 'bondify.ini', () => null).model);
    expect(stable.find((f) => f.path.endsWith('bond0.netdev'))?.content).not.toContain('MACAddress=');
    expect(explainBond(validateConfig(text, 'bondify.ini', () => null).model)).toContain(
      'dhcp_identity = ethernet-mac: MACAddress=dc:a6:32:12:34:56 with FailOverMACPolicy=none',
    );
  });

  it('refuses another value, naming the key and the choices', () => {
    let err: unknown = null;
    try {
      validateConfig(ini('dhcp_identity = mac\n'), 'bondify.ini', () => null);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ kind: 'config', details: { section: 'network', key: 'dhcp_identity' } });
    expect((err as Error).message).toContain('"mac" is not one of stable, ethernet-mac, networkd');
  });

  it('plan --explain says what the identity does, and nothing for a static bond', () => {
    const m = validateConfig(ini(''), 'bondify.ini', () => null).model;
    const text = explainBond(m);
    expect(text).toContain('dhcp_identity = stable: [DHCPv4] IAID= fixed');
    expect(text).toContain('Token=prefixstable: addresses from a hash of the prefix');
    const plain = validateConfig(ini('dhcp_identity = networkd\n'), 'bondify.ini', () => null).model;
    expect(explainBond(plain)).toContain('dhcp_identity = networkd:');
    expect(explainBond(golden('reference'))).not.toContain('dhcp_identity');
  });
});
