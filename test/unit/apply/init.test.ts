// bondify init: the reference guide's two files give back the reference scenario's config.
import { describe, expect, it } from 'vitest';
import { findStandardLinks, initIni } from '../../../src/usecases/init.js';
import { parseUnitFile } from '../../../src/networkd/unit-file.js';
import { validateConfig } from '../../../src/config/index.js';
import { renderStandard } from '../../../src/render/index.js';
import { ETH0, WLAN0, model } from './scenario.js';
import fs from 'node:fs';
import path from 'node:path';
import { bondify, populate, tempDir } from '../plan/cli.js';

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

  it('records each link\'s permanent MAC where the live kernel shows one, and says which link has none', () => {
    const links = findStandardLinks([file('wlan0.network', WLAN0), file('eth0.network', ETH0)], wifi).map((l) => ({ ...l, mac: l.name === 'wlan0' ? '02:00:00:00:00:00' : null }));
    const ini = initIni(links, '/etc/systemd/network');
    expect(ini).toContain('[slave.wlan0]\naddress = 192.168.1.25/24\ngateway = 192.168.1.1\ndns = 192.168.1.1\nwireless = yes\nmac = 02:00:00:00:00:00\n');
    expect(ini).toContain('; eth0: no permanent MAC found (sysfs, ethtool -P), so it is matched by name\n');
    const m = validateConfig(ini, 'x', () => null).model;
    expect(m.slaves.map((x) => [x.name, x.permanentMac])).toEqual([['eth0', null], ['wlan0', '02:00:00:00:00:00']]);
  });

  it('skips globs, DHCP links and duplicates, and refuses fewer than two links (65)', () => {
    const links = findStandardLinks([
      file('eth0.network', ETH0),
      file('99-all.network', '[Match]\nName=en*\n[Network]\nAddress=10.0.0.1/8\n'),
      file('98-not.network', '[Match]\nName=!eth0\n[Network]\nAddress=10.0.0.2/8\n'),
      file('wlan0.network', '[Match]\nName=wlan0\n[Network]\nDHCP=yes\n'),
    ], wifi);
    expect(links.map((l) => l.name)).toEqual(['eth0']);
    expect(() => initIni(links, '/etc/systemd/network')).toThrow(/needs two links .* found eth0 \(eth0.network\)/);
  });

  it('takes a link\'s file only when networkd would use it: an earlier file that surely matches the link takes it', () => {
    const links = findStandardLinks([
      file('eth0.network', ETH0),
      file('wlan0.network', WLAN0),
      file('05-wired.network', '[Match]\nName=eth* en*\n[Network]\nDHCP=yes\n'),
      file('06-maybe.network', '[Match]\nName=wl*\nMACAddress=52:54:00:00:00:01\n[Network]\nDHCP=yes\n'),
      file('07-not.network', '[Match]\nName=!wlan0\n[Network]\nDHCP=yes\n'),
    ], wifi);
    expect(links.map((l) => l.name)).toEqual(['wlan0']);
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

  it('--from accepts a normal folder (drop-in folders, mask links, .link and .netdev files) and reads the files with their drop-ins', async () => {
    const dir = tempDir('init-from');
    const net = path.join(dir, 'net');
    populate(dir, {
      '/net/eth0.network': ETH0.replace('DNS=192.168.1.1\nDNS=8.8.8.8\n', 'DNS=192.168.1.1 \\\n    8.8.8.8\n'),
      '/net/eth0.network.d/10-dns.conf': '[Network]\nDNS=\nDNS=192.168.1.53\n',
      '/net/wlan0.network': WLAN0,
      '/net/bond9.netdev': '[NetDev]\nName=bond9\nKind=bond\n',
      '/net/10-lan.link': '[Match]\nOriginalName=eth0\n[Link]\nName=eth0\n',
    });
    fs.symlinkSync('/dev/null', path.join(net, '99-default.link'));
    fs.symlinkSync('/dev/null', path.join(net, '00-wlan9.network'));
    const r = await bondify(['init', '--from', net, '--write', '-']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('[network]\naddress = 192.168.1.252/24\ngateway = 192.168.1.1\ndns = 192.168.1.53\n');
    expect(r.stdout).toContain('[slave.wlan0]\naddress = 192.168.1.25/24\ngateway = 192.168.1.1\ndns = 192.168.1.1\nwireless = yes');
  });

  it('--root reads every networkd folder under the root and writes DIR/etc/bondify/bondify.ini, naming paths inside the root', async () => {
    const root = tempDir('init-root');
    populate(root, {
      '/run/systemd/network/eth0.network': ETH0,
      '/usr/lib/systemd/network/wlan0.network': WLAN0,
      '/usr/lib/systemd/network/00-eth0.network': '[Match]\nName=eth0\n[Network]\nAddress=10.9.9.9/8\n',
      '/etc/systemd/network/00-eth0.network': '',
    });
    const r = await bondify(['init', '--root', root]);
    expect(r.exitCode, r.stderr).toBe(0);
    const target = path.join(root, 'etc/bondify/bondify.ini');
    expect(r.stdout).toBe(`wrote ${target} from ${root}/run/systemd/network/eth0.network (eth0 192.168.1.252/24), ${root}/usr/lib/systemd/network/wlan0.network (wlan0 192.168.1.25/24)`);
    const written = fs.readFileSync(target, 'utf8');
    expect(validateConfig(written, target, () => null).model).toEqual(model());
    const again = await bondify(['init', '--root', root]);
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr).toContain(target);
    expect(fs.readFileSync(target, 'utf8')).toBe(written);
  });

  it('--root never follows a symlink out of the root: the link is reported, not read', async () => {
    const root = tempDir('init-root-link');
    const outside = tempDir('init-outside');
    populate(outside, { '/eth0.network': ETH0 });
    populate(root, { '/etc/systemd/network/wlan0.network': WLAN0 });
    fs.symlinkSync(path.join(outside, 'eth0.network'), path.join(root, 'etc/systemd/network/eth0.network'));
    const r = await bondify(['init', '--root', root, '--write', '-']);
    expect(r.exitCode).toBe(65);
    expect(r.stderr).toContain(`warning: ${root}/etc/systemd/network/eth0.network was not read: a symlink (to ${outside}/eth0.network); bondify does not follow it`);
    expect(r.stderr).toMatch(/found wlan0 \(.*wlan0.network\)/);
  });

  it('--from and --root together are a usage error (64)', async () => {
    const r = await bondify(['init', '--from', '/nonexistent', '--root', '/']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain('--from and --root');
  });
});
