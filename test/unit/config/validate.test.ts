// validateConfig (pure): the issue's sample and the reference scenario parse into the model the issue describes;
// defaults, units, inheritance and the wireless probe behave as documented in the README.
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI, validateConfig } from '../../../src/config/index.js';
import { BondifyError } from '../../../src/errors.js';

// The sample from issue 2, inline comments and all.
const ISSUE_SAMPLE = `[bond]
name = bond0
slaves = eth0, wlan0
primary = eth0
miimon = 100ms            ; bare integers mean milliseconds; 0 disables MII (then arp_interval is required)
updelay = 200ms
downdelay = 0ms
primary_reselect = always ; always | better | failure
fail_over_mac = active    ; none | active | follow
gratuitous_arp = 3
; arp_interval = 200ms  /  arp_ip_targets = 192.168.1.1  (ARP monitoring instead of MII)
[network]
address = 192.168.1.252/24   ; one or more CIDRs, comma separated
gateway = 192.168.1.1
dns = 192.168.1.1, 8.8.8.8
`;

const MINIMAL = '[bond]\nslaves = eth0, wlan0\n[network]\naddress = 192.168.1.252/24\n';

describe('validateConfig', () => {
  it('reads the sample config from the issue, inline comments included', () => {
    const { model } = validateConfig(ISSUE_SAMPLE, 'sample.ini');
    expect(model).toEqual({
      name: 'bond0',
      mode: 'active-backup',
      primary: 'eth0',
      slaves: [
        { name: 'eth0', wireless: false, powerSave: 'keep', permanentMac: null, standard: null },
        { name: 'wlan0', wireless: true, powerSave: 'off', permanentMac: null, standard: null },
      ],
      miimonMs: 100,
      updelayMs: 200,
      downdelayMs: 0,
      primaryReselect: 'always',
      failOverMac: 'active',
      gratuitousArp: 3,
      arpIntervalMs: 0,
      arpIpTargets: [],
      arpValidate: null,
      arpAllTargets: null,
      arpMissedMax: null,
      resendIgmp: null,
      network: { addresses: ['192.168.1.252/24'], gateway: '192.168.1.1', dns: ['192.168.1.1', '8.8.8.8'], ipv4: 'static', ipv6: null },
      dhcpIdentity: 'stable',
      dhcpIaid: null,
      macAddress: null,
    });
  });

  it("the built-in reference scenario carries each link's own standard-method settings, without warnings", () => {
    const { model, warnings } = validateConfig(REFERENCE_INI, 'builtin');
    expect(warnings).toEqual([]);
    expect(model.slaves).toEqual([
      {
        name: 'eth0',
        wireless: false,
        powerSave: 'keep',
        permanentMac: null,
        standard: { addresses: ['192.168.1.252/24'], gateway: '192.168.1.1', dns: ['192.168.1.1', '8.8.8.8'], ipv4: 'static', ipv6: null },
      },
      {
        name: 'wlan0',
        wireless: true,
        powerSave: 'off',
        permanentMac: null,
        standard: { addresses: ['192.168.1.25/24'], gateway: '192.168.1.1', dns: ['192.168.1.1'], ipv4: 'static', ipv6: null },
      },
    ]);
  });

  it('fills defaults: bond0, first slave primary, miimon 100, updelay 2 × miimon, fail_over_mac active for wifi', () => {
    const { model, warnings } = validateConfig(MINIMAL, 'm.ini');
    expect(model).toMatchObject({
      name: 'bond0',
      primary: 'eth0',
      miimonMs: 100,
      updelayMs: 200,
      downdelayMs: 0,
      primaryReselect: 'always',
      failOverMac: 'active',
      gratuitousArp: 3,
    });
    expect(model.network).toEqual({ addresses: ['192.168.1.252/24'], gateway: null, dns: [], ipv4: 'static', ipv6: null });
    expect(warnings.join('\n')).toContain('wlan0 is not present here; assuming it is wireless from its name');
  });

  it('reads bare integers as milliseconds and s as seconds; updelay defaults follow miimon', () => {
    const { model } = validateConfig(
      MINIMAL.replace('[network]', 'miimon = 250\ndowndelay = 1s\n[network]').replace('wlan0', 'wlan0'),
      'm.ini',
    );
    expect(model).toMatchObject({ miimonMs: 250, updelayMs: 500, downdelayMs: 1000 });
  });

  it('ARP monitoring: miimon defaults to 0 and updelay to 0', () => {
    const { model } = validateConfig(MINIMAL.replace('[network]', 'arp_interval = 200\narp_ip_targets = 192.168.1.1\n[network]'), 'a.ini');
    expect(model).toMatchObject({ miimonMs: 0, updelayMs: 0, downdelayMs: 0, arpIntervalMs: 200, arpIpTargets: ['192.168.1.1'] });
  });

  it('the wireless probe decides for wireless = auto, and the config overrides it', () => {
    const wired = validateConfig(MINIMAL, 'p.ini', () => false);
    expect(wired.model.slaves.map((s) => s.wireless)).toEqual([false, false]);
    expect(wired.model.failOverMac).toBe('none');
    expect(wired.warnings).toEqual([
      "no [slave.<if>] address for eth0, wlan0: 'rollback --to standard' cannot give them their own configuration back",
    ]);
    const forced = validateConfig(`${MINIMAL}[slave.eth0]\nwireless = yes\n`, 'p.ini', () => false);
    expect(forced.model.slaves.map((s) => s.wireless)).toEqual([true, false]);
    expect(forced.model.failOverMac).toBe('active');
  });

  it('a slave inherits [network] gateway and dns unless it sets them; an empty value means none', () => {
    const ini = `${MINIMAL}gateway = 192.168.1.1\ndns = 192.168.1.1\n[slave.eth0]\naddress = 192.168.1.252/24\n[slave.wlan0]\naddress = 192.168.1.25/24\ndns =\n`;
    const { model } = validateConfig(ini, 'i.ini');
    expect(model.slaves.map((s) => s.standard)).toEqual([
      { addresses: ['192.168.1.252/24'], gateway: '192.168.1.1', dns: ['192.168.1.1'], ipv4: 'static', ipv6: null },
      { addresses: ['192.168.1.25/24'], gateway: '192.168.1.1', dns: [], ipv4: 'static', ipv6: null },
    ]);
  });

  it('accepts IPv6 addresses and gateways in their subnet', () => {
    const { model } = validateConfig(
      '[bond]\nslaves = eth0, wlan0\n[network]\naddress = 2001:db8:1::10/64\ngateway = 2001:db8:1::1\ndns = 2001:4860:4860::8888\n',
      'v6.ini',
    );
    expect(model.network).toEqual({
      addresses: ['2001:db8:1::10/64'],
      gateway: '2001:db8:1::1',
      dns: ['2001:4860:4860::8888'],
      ipv4: 'off',
      ipv6: 'static',
    });
  });

  it('throws a config BondifyError carrying file, section, key, value and fix', () => {
    let err: unknown;
    try {
      validateConfig(MINIMAL.replace('[network]', 'updelay = 150\n[network]'), 'd.ini');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BondifyError);
    expect(err).toMatchObject({ kind: 'config', details: { file: 'd.ini', section: 'bond', key: 'updelay', value: '150' } });
    expect((err as BondifyError).details.fix).toContain('multiple of miimon');
    expect((err as BondifyError).message).toMatch(/^line 3: /);
  });
});
