// `bondify init` through the built CLI: --from, --root and --write as a user types them, refusing to overwrite
// without --force (73), never following a symlink out of the root, and usage errors (64).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { ETH0, WLAN0, populate, tempDir } from '../../support/fixtures.js';
import { cli } from '../../support/cli.js';
import { model } from '../../support/scenario.js';

describe('bondify init (the built CLI)', () => {
  it('writes the config once, then refuses without --force (73, the file untouched, its path said once), replaces it with --force', async () => {
    const dir = tempDir('init');
    populate(dir, { '/net/eth0.network': ETH0, '/net/wlan0.network': WLAN0 });
    const target = path.join(dir, 'bondify.ini');
    const first = await cli(['init', '--from', path.join(dir, 'net'), '--write', target]);
    expect(first.exitCode, first.stderr).toBe(0);
    const written = fs.readFileSync(target, 'utf8');
    expect(written).toContain('[slave.wlan0]\naddress = 192.168.1.25/24');
    fs.appendFileSync(target, '; edited by hand\n');
    const second = await cli(['init', '--from', path.join(dir, 'net'), '--write', target]);
    expect(second.exitCode).toBe(73);
    expect(second.stderr.split(target).length - 1, second.stderr).toBe(1);
    expect(second.stderr).toContain('--force');
    expect(fs.readFileSync(target, 'utf8')).toBe(written + '; edited by hand\n');
    const forced = await cli(['init', '--from', path.join(dir, 'net'), '--write', target, '--force']);
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
    const r = await cli(['init', '--from', net, '--write', '-']);
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
    const r = await cli(['init', '--root', root]);
    expect(r.exitCode, r.stderr).toBe(0);
    const target = path.join(root, 'etc/bondify/bondify.ini');
    const [wrote] = r.stdout.split('\n');
    expect(wrote).toBe(
      `wrote ${target} from ${root}/run/systemd/network/eth0.network (eth0 192.168.1.252/24), ${root}/usr/lib/systemd/network/wlan0.network (wlan0 192.168.1.25/24)`,
    );
    expect(r.stdout).toContain(
      `  used: eth0 (wired) from ${root}/run/systemd/network/eth0.network: DHCP=no Address=192.168.1.252/24 → ipv4 = static`,
    );
    const written = fs.readFileSync(target, 'utf8');
    expect(validateConfig(written, target, () => null).model).toEqual(model());
    const again = await cli(['init', '--root', root]);
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
    const r = await cli(['init', '--root', root, '--write', '-']);
    expect(r.exitCode).toBe(65);
    expect(r.stderr).toContain(
      `warning: ${root}/etc/systemd/network/eth0.network was not read: a symlink (to ${outside}/eth0.network); bondify does not follow it`,
    );
    expect(r.stderr).toMatch(/found wlan0 \(.*wlan0.network\)/);
  });

  it('--from and --root together are a usage error (64)', async () => {
    const r = await cli(['init', '--from', '/nonexistent', '--root', '/']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain('--from and --root');
  });
});
