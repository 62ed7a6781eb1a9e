// networkd's file syntax (systemd.syntax(7)) as bondify reads it: each case is file text and the values networkd
// would end up with, written out by hand.
import { describe, expect, it } from 'vitest';
import { listMatches, matchPatterns, parseUnitFile, values, words } from '../../../src/networkd/unit-file.js';

const name = (text: string, ...dropins: string[]) => {
  const u = parseUnitFile(text);
  for (const d of dropins) parseUnitFile(d, u);
  return values(u, 'Match', 'Name');
};

describe('unit file syntax', () => {
  it.each([
    ['a trailing backslash continues the line, the backslash becoming a space', '[Match]\nName=eth1 \\\neth0\n', ['eth1  eth0']],
    ['a continuation over three lines', '[Match]\nName=eth1\\\n  eth2\\\n  eth0\n', ['eth1   eth2   eth0']],
    ['comment lines inside a continuation are dropped', '[Match]\nName=eth1 \\\n# a note\n; another\neth0\n', ['eth1  eth0']],
    ['an escaped backslash at the end does not continue', '[Match]\nName=eth1\\\\\nType=ether\n', ['eth1\\\\']],
    ['a backslash on the last line continues into nothing', '[Match]\nName=eth0 \\', ['eth0']],
    ['# and ; start comments, also indented', '[Match]\n# Name=wlan0\n  ; Name=eth9\nName=eth0\n', ['eth0']],
    ['whitespace around = is ignored, CRLF too', '[Match]\r\nName = eth0\r\n', ['eth0']],
    ['repeated keys add up', '[Match]\nName=eth1\nName=eth0\n', ['eth1', 'eth0']],
    ['an empty assignment resets the list', '[Match]\nName=eth0\nName=\nName=wlan9\n', ['wlan9']],
    ['a section seen twice continues', '[Match]\nName=eth1\n[Network]\nDHCP=yes\n[Match]\nName=eth0\n', ['eth1', 'eth0']],
    ['keys before any section are ignored', 'Name=eth0\n[Match]\nType=ether\n', []],
  ])('%s', (_, text, expected) => {
    expect(name(text)).toEqual(expected);
  });

  it("drop-ins add to the main file, and an empty assignment in one resets the main file's list", () => {
    expect(name('[Match]\nName=eth1\n', '[Match]\nName=eth0\n')).toEqual(['eth1', 'eth0']);
    expect(name('[Match]\nName=eth0\n', '[Match]\nName=\nName=eth7\n')).toEqual(['eth7']);
    expect(name('[Match]\nName=eth0\n', '[Network]\nDHCP=yes\n')).toEqual(['eth0']);
  });

  it.each([
    ['Name=eth1 eth0', ['eth1', 'eth0']],
    ['Name="eth1" \'eth0\'', ['eth1', 'eth0']],
    ['Name="en p1" eth0', ['en p1', 'eth0']],
    ['Name=  eth0\t wlan0  ', ['eth0', 'wlan0']],
    ['DNS=192.168.1.1 8.8.8.8', []],
  ])('splits %s into words', (line, expected) => {
    expect(words(parseUnitFile(`[Match]\n${line}\n`), 'Match', 'Name')).toEqual(expected);
  });
});

describe('[Match] lists', () => {
  const m = (text: string, link: string) => listMatches(matchPatterns(parseUnitFile(`[Match]\n${text}\n`), 'Name'), link);
  it.each([
    ['Name=eth1 \\\n  eth0', 'eth0', true],
    ['Name=eth1 \\\n  eth0', 'eth1', true],
    ['Name=eth1 \\\n  eth0', 'wlan0', false],
    ['Name=eth*', 'eth0', true],
    ['Name=e?h[0-3]', 'eth0', true],
    ['Name=e?h[!0-3]', 'eth0', false],
    ['Name=en* wl*', 'wlan0', true],
    ['Name=!eth0', 'wlan0', true],
    ['Name=!eth0', 'eth0', false],
    ['Name=!eth0 wlan0', 'wlan0', false],
    ['Name=!eth0 wlan0', 'eth1', true],
    ['Name=!eth1\nName=eth*', 'eth0', true],
    ['Name=!eth0\nName=eth*', 'eth0', false],
    ['Name=eth*\nName=!eth1', 'eth2', true],
    ['Name=wlan*\nName=!wlan1', 'eth0', false],
    ['Name="eth0"', 'eth0', true],
    ['Name=eth\\*', 'eth0', false],
    ['Name=eth\\*', 'eth*', true],
    ['Name=', 'eth0', true],
  ])('%j against %s: %s', (text, link, expected) => {
    expect(m(text, link)).toBe(expected);
  });
});
