// The fake networkd's own reader (test/support/fake-unit-file.ts) on the syntax the unit tests plant: written out by
// hand, not compared with the product's parser, so the fake stays an independent witness.
import { describe, expect, it } from 'vitest';
import { globMatches, kernelSpelling, readUnit, setting, wordsOf } from '../../support/fake-unit-file.js';

describe("the fake networkd's reader", () => {
  it.each([
    ['plain keys, repeated ones adding up', '[Match]\nName=eth1\nName=eth0\n', ['eth1', 'eth0']],
    ['a continuation with a comment line inside', '[Match]\nName=eth1 \\\n# a note\n  eth0\n', ['eth1', 'eth0']],
    ['quotes around words', '[Match]\nName="eth9" \\\n# the wifi\n  \'wlan0\'\n', ['eth9', 'wlan0']],
    ['an empty value clears the list', '[Match]\nName=eth0\nName=\nName=wlan9\n', ['wlan9']],
    ['comments and CRLF', '[Match]\r\n; Name=eth7\r\nName = eth0\r\n', ['eth0']],
    ['keys before any section ignored', 'Name=eth0\n[Match]\nType=ether\n', []],
  ])('%s', (_, text, names) => {
    expect(wordsOf(readUnit(text), 'Match', 'Name')).toEqual(names);
  });

  it('keeps each section apart', () => {
    const u = readUnit('[Network]\nBond=bond0\nPrimarySlave=yes\n[Match]\nName=eth0\n');
    expect(setting(u, 'Network', 'Bond')).toEqual(['bond0']);
    expect(setting(u, 'Match', 'Bond')).toEqual([]);
  });

  it.each([
    ['eth*', 'eth0', true],
    ['eth*', 'wlan0', false],
    ['*', 'bond0', true],
    ['wlan?', 'wlan0', true],
    ['wlan?', 'wlan10', false],
    ['eth[01]', 'eth1', true],
    ['eth[!01]', 'eth1', false],
    ['eth.', 'eth0', false],
    ['e\\*', 'e*', true],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(globMatches(glob, name)).toBe(expected);
  });

  it('spells IPv6 addresses as the kernel prints them, IPv4 as written', () => {
    expect(kernelSpelling('FD00:0:0::2/64')).toBe('fd00::2/64');
    expect(kernelSpelling('192.168.1.252/24')).toBe('192.168.1.252/24');
  });
});
