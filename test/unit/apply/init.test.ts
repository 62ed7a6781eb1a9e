// bondify init: the reference guide's two files give back the reference scenario's config.
import { describe, expect, it } from 'vitest';
import { findStandardLinks, initIni } from '../../../src/apply/init.js';
import { validateConfig } from '../../../src/config/index.js';
import { renderStandard } from '../../../src/render/index.js';
import { ETH0, WLAN0, model } from './scenario.js';
import fs from 'node:fs';
import path from 'node:path';
import { bondify, populate, tempDir } from '../plan/cli.js';

const wifi = (n: string) => n.startsWith('wlan');

describe('init', () => {
  it('turns the reference standard method into a config equal to the reference scenario', () => {
    const links = findStandardLinks([{ name: 'wlan0.network', text: WLAN0 }, { name: 'eth0.network', text: ETH0 }, { name: '10-bondify-x.network', text: ETH0 }], wifi);
    expect(links.map((l) => [l.name, l.addresses, l.gateway, l.dns, l.wireless])).toEqual([
      ['eth0', ['192.168.1.252/24'], '192.168.1.1', ['192.168.1.1', '8.8.8.8'], false],
      ['wlan0', ['192.168.1.25/24'], '192.168.1.1', ['192.168.1.1'], true],
    ]);
    const m = validateConfig(initIni(links, '/etc/systemd/network'), 'x', () => null).model;
    expect(m).toEqual(model());
    // And rollback --to standard from that config gives back the two files byte for byte.
    expect(renderStandard(m).map((f) => f.content)).toEqual([ETH0, WLAN0]);
  });

  it('skips globs, DHCP links and duplicates, and refuses fewer than two links (65)', () => {
    const links = findStandardLinks([
      { name: 'eth0.network', text: ETH0 },
      { name: '99-all.network', text: '[Match]\nName=en*\n[Network]\nAddress=10.0.0.1/8\n' },
      { name: 'wlan0.network', text: '[Match]\nName=wlan0\n[Network]\nDHCP=yes\n' },
    ], wifi);
    expect(links.map((l) => l.name)).toEqual(['eth0']);
    expect(() => initIni(links, '/etc/systemd/network')).toThrow(/needs two links .* found eth0 \(eth0.network\)/);
  });
});

describe('bondify init (the built CLI)', () => {
  it('writes the config once, then refuses without --force (73, the file untouched, its path said once), replaces it with --force', async () => {
    const dir = tempDir('init');
    populate(dir, { '/net/eth0.network': ETH0, '/net/wlan0.network': WLAN0 });
    const target = path.join(dir, 'bondify.ini');
    const first = await bondify(['init', '--from', path.join(dir, 'net'), '--write', target]);
    expect(first.exitCode, first.stderr).toBe(0);
    const written = fs.readFileSync(target, 'utf8');
    expect(written).toContain('[slave.wlan0]\naddress = 192.168.1.25/24');
    fs.appendFileSync(target, '; edited by hand\n');
    const second = await bondify(['init', '--from', path.join(dir, 'net'), '--write', target]);
    expect(second.exitCode).toBe(73);
    expect(second.stderr.split(target).length - 1, second.stderr).toBe(1);
    expect(second.stderr).toContain('--force');
    expect(fs.readFileSync(target, 'utf8')).toBe(written + '; edited by hand\n');
    const forced = await bondify(['init', '--from', path.join(dir, 'net'), '--write', target, '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe(written);
  });
});
