// loadConfig through a real Host on temp dirs: default path under --root, the built-in fallback only when
// allowed, and wireless detection from a sysfs tree (phy80211 or wireless).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SOURCE, loadConfig } from '../../../src/config/index.js';
import { nodeHost } from '../../../src/system/node-host.js';
import { tempDir } from '../../support/fixtures.js';

const MINIMAL = '[bond]\nslaves = eth0, wlan0\n[network]\naddress = 192.168.1.252/24\n';
const temp = tempDir;

function sysfs(links: Record<string, 'phy80211' | 'wireless' | null>): string {
  const k = temp('kernel');
  for (const [name, marker] of Object.entries(links)) {
    fs.mkdirSync(path.join(k, 'sys/class/net', name, marker ?? ''), { recursive: true });
  }
  return k;
}

describe('loadConfig', () => {
  it('falls back to the reference scenario only when allowed, and says so', () => {
    const host = nodeHost({ root: temp('root') });
    const r = loadConfig(host, undefined, { allowDefault: true });
    expect(r.builtin).toBe(true);
    expect(r.source).toBe(BUILTIN_SOURCE);
    expect(r.warnings[0]).toContain('using the built-in reference scenario');
    expect(r.model.network.addresses).toEqual(['192.168.1.252/24']);
  });

  it('refuses to guess when the default is not allowed (apply)', () => {
    const root = temp('root');
    expect(() => loadConfig(nodeHost({ root }), undefined, { allowDefault: false })).toThrow(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining('no config file at /etc/bondify/bondify.ini') }),
    );
  });

  it('reads /etc/bondify/bondify.ini under the root', () => {
    const root = temp('root');
    fs.mkdirSync(path.join(root, 'etc/bondify'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/bondify/bondify.ini'), MINIMAL.replace('eth0, wlan0', 'eth1, wlan1'));
    const r = loadConfig(nodeHost({ root }), undefined, { allowDefault: false });
    expect(r.builtin).toBe(false);
    expect(r.source).toBe(path.join(root, 'etc/bondify/bondify.ini'));
    expect(r.model.slaves.map((s) => s.name)).toEqual(['eth1', 'wlan1']);
  });

  it('an explicit --config that does not exist is an error even when the default is allowed', () => {
    expect(() => loadConfig(nodeHost({ root: temp('root') }), '/nonexistent/bondify.ini', { allowDefault: true })).toThrow(
      expect.objectContaining({ kind: 'noinput', details: expect.objectContaining({ file: '/nonexistent/bondify.ini' }) }),
    );
  });

  it('detects wireless slaves from sysfs: phy80211 or wireless present, absent for wired', () => {
    const conf = path.join(temp('conf'), 'b.ini');
    fs.writeFileSync(conf, MINIMAL.replace('eth0, wlan0', 'eth0, wlan0, wifi7').replace('[network]', 'primary = eth0\n[network]'));
    const kernelRoot = sysfs({ eth0: null, wlan0: 'phy80211', wifi7: 'wireless' });
    const r = loadConfig(nodeHost({ root: temp('root'), kernelRoot }), conf, { allowDefault: false });
    expect(r.model.slaves.map((s) => [s.name, s.wireless])).toEqual([
      ['eth0', false],
      ['wlan0', true],
      ['wifi7', true],
    ]);
    expect(r.warnings.filter((w) => !w.startsWith('no [slave.<if>] address'))).toEqual([]);
  });

  it('a wifi-named link that sysfs shows as wired is wired (detection beats the name)', () => {
    const conf = path.join(temp('conf'), 'b.ini');
    fs.writeFileSync(conf, MINIMAL);
    const r = loadConfig(nodeHost({ root: temp('root'), kernelRoot: sysfs({ eth0: null, wlan0: null }) }), conf, { allowDefault: false });
    expect(r.model.slaves.map((s) => s.wireless)).toEqual([false, false]);
    expect(r.model.failOverMac).toBe('none');
  });

  it('on an offline root the local /sys is not trusted: names decide, with a warning', () => {
    const conf = path.join(temp('conf'), 'b.ini');
    fs.writeFileSync(conf, MINIMAL);
    const r = loadConfig(nodeHost({ root: temp('root') }), conf, { allowDefault: false });
    expect(r.model.slaves.map((s) => s.wireless)).toEqual([false, true]);
    expect(r.warnings.join('\n')).toMatch(/eth0 is not present here.*\n.*wlan0 is not present here/);
  });
});
