// `bondify plan` end to end through the built CLI (npm run build first): output, --json shape, --explain,
// colour, usage errors, and that it never writes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { formatEntry } from '../../../src/render/index.js';
import { hashTree, populate, tempDir } from '../../support/fixtures.js';
import { cli, MAIN } from '../../support/cli.js';

const GOLDEN = fileURLToPath(new URL('../../golden/', import.meta.url));
const root = () => tempDir('plancli');
const golden = (c: string, target: string) => fs.readFileSync(path.join(GOLDEN, c, 'bond', target), 'utf8');

describe('bondify plan', () => {
  it('without a config uses the reference scenario, says so, shows every file, writes nothing, exits 0', async () => {
    const r = root();
    const before = hashTree(r);
    const res = await cli(['plan', '--root', r]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('from the built-in reference scenario');
    expect(res.stderr).toContain('warning: no /etc/bondify/bondify.ini: using the built-in reference scenario');
    for (const p of ['10-bondify-bond0.netdev', '10-bondify-bond0.network', '10-bondify-eth0.network', '10-bondify-wlan0.network']) {
      expect(res.stdout).toContain(`create    /etc/systemd/network/${p} 0644`);
    }
    expect(res.stdout).toContain('+MIIMonitorSec=100ms\n');
    expect(res.stdout).toContain('+options bonding max_bonds=0\n');
    expect(res.stdout).toContain('create    /etc/udev/rules.d/90-bondify-power-save.rules 0644');
    expect(res.stdout).toContain('+ACTION=="add", SUBSYSTEM=="net", KERNEL=="wlan0", RUN+="/sbin/iw dev $name set power_save off"\n');
    expect(res.stdout).toContain('6 to create, 0 to update, 0 to remove, 0 to move aside, 0 unchanged. Nothing was written.');
    expect(res.stdout).not.toContain('\u001b[');
    expect(hashTree(r)).toBe(before);
  });

  it('--json prints exactly [{path, mode, content, action}] (+ backup for what goes) with target paths and the golden contents', async () => {
    const r = root();
    const conf = path.join(GOLDEN, 'custom-name', 'bondify.ini');
    populate(r, { '/etc/systemd/network/10-bondify-bond0.netdev': 'stale\n' });
    const res = await cli(['plan', '--config', conf, '--root', r, '--json']);
    expect(res.exitCode).toBe(0);
    const out = JSON.parse(res.stdout) as Array<Record<string, string>>;
    expect(out.map((e) => Object.keys(e))).toEqual(
      out.map((e) => ['path', 'mode', 'content', 'action', ...(e.action === 'remove' ? ['backup'] : [])]),
    );
    expect(out.map((e) => [e.path, e.mode, e.action])).toEqual([
      ['/etc/systemd/network/10-bondify-uplink.netdev', '0644', 'create'],
      ['/etc/systemd/network/10-bondify-uplink.network', '0644', 'create'],
      ['/etc/systemd/network/10-bondify-enp1s0.network', '0644', 'create'],
      ['/etc/systemd/network/10-bondify-wlp2s0.network', '0644', 'create'],
      ['/etc/modprobe.d/bondify.conf', '0644', 'create'],
      ['/etc/udev/rules.d/90-bondify-power-save.rules', '0644', 'create'],
      ['/etc/systemd/network/10-bondify-bond0.netdev', '0644', 'remove'],
    ]);
    expect(out[0]?.content).toBe(golden('custom-name', 'etc/systemd/network/10-bondify-uplink.netdev'));
    expect(out[5]?.content).toBe(golden('custom-name', 'etc/udev/rules.d/90-bondify-power-save.rules'));
    expect(out[6]?.content).toBe('');
  });

  it('--config - reads the config from stdin: the same plan as from the file; a refused config there exits 78 naming <stdin>', async () => {
    const r = root();
    const conf = path.join(GOLDEN, 'custom-name', 'bondify.ini');
    const stdin = (input: string) =>
      execa('node', [MAIN, 'plan', '--config', '-', '--root', r, '--json'], {
        input,
        reject: false,
        timeout: 20_000,
        env: { NO_COLOR: '1' },
      });
    const fromFile = await cli(['plan', '--config', conf, '--root', r, '--json']);
    const fromStdin = await stdin(fs.readFileSync(conf, 'utf8'));
    expect([fromStdin.exitCode, fromStdin.stderr, fromStdin.stdout]).toEqual([0, fromFile.stderr, fromFile.stdout]);
    expect(fromStdin.stdout).toContain('10-bondify-uplink.netdev');
    const bad = await stdin('[bond]\nname = bond0\n');
    expect(bad.exitCode).toBe(78);
    expect(bad.stderr).toContain('<stdin> [network]: the [network] section is missing');
    expect(bad.stdout).toBe('');
  });

  describe('--config - reads stdin no further than a config may be long', () => {
    const argv = (r: string) => [MAIN, 'plan', '--config', '-', '--root', r];

    /** plan with `file` itself open as its stdin, as a shell's `< file` gives it (execa would copy it through a pipe). */
    function planFrom(file: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
      const fd = fs.openSync(file, 'r');
      return new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn('node', argv(root()), { stdio: [fd, 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
        child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
        child.on('error', reject);
        child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
      }).finally(() => fs.closeSync(fd));
    }

    it('< /dev/zero is refused (78) at the bound, not read until memory runs out', async () => {
      const res = await planFrom('/dev/zero');
      expect(res).toEqual({
        exitCode: 78,
        stdout: '',
        stderr:
          'bondify: <stdin>: stdin sent more than 64 KiB, the most bondify reads (it stopped reading there): not a bondify config\n' +
          '  fix: pipe a bondify.ini in: bondify plan --config - < bondify.ini\n',
      });
    });

    it('< / (a directory) exits 66 with a message, not an internal error with a stack trace', async () => {
      const res = await planFrom('/');
      expect(res).toEqual({
        exitCode: 66,
        stdout: '',
        stderr:
          'bondify: <stdin>: cannot read a config from stdin: it is a directory, not a file\n' +
          '  fix: pipe a bondify.ini in: bondify plan --config - < bondify.ini\n',
      });
    });

    it('a regular file over 64 KiB on stdin is refused by its size before a byte is read', async () => {
      const file = path.join(tempDir('plancli'), 'big.ini');
      fs.writeFileSync(file, '; padding\n'.repeat(10_000));
      const res = await planFrom(file);
      expect(res.exitCode).toBe(78);
      expect(res.stderr).toContain('stdin is 100000 bytes (97.7 KiB), larger than the 64 KiB bondify reads');
    });

    it('an endless slow stream is refused as soon as it passes 64 KiB, while its writer still writes', async () => {
      const child = execa('node', argv(root()), { stdin: 'pipe', reject: false, timeout: 30_000, env: { NO_COLOR: '1' } });
      child.stdin?.on('error', () => undefined); // the pipe breaks when bondify exits: that is the point
      child.stdin?.write('[bond]\nslaves = eth0, wlan0\n' + '; padding\n'.repeat(6600)); // 66 KiB
      const trickle = setInterval(() => child.stdin?.write('; more\n'), 100);
      try {
        const res = await child;
        expect([res.timedOut, res.exitCode]).toEqual([false, 78]);
        expect(res.stderr).toContain('stdin sent more than 64 KiB');
        expect(child.stdin?.writableEnded).toBe(false);
      } finally {
        clearInterval(trickle);
        child.stdin?.destroy();
      }
    });
  });

  it('shows an update as a unified diff and unchanged files as unchanged', async () => {
    const r = root();
    const netdev = golden('reference', 'etc/systemd/network/10-bondify-bond0.netdev');
    populate(r, {
      '/etc/systemd/network/10-bondify-bond0.netdev': netdev.replace('UpDelaySec=200ms', 'UpDelaySec=0'),
      '/etc/modprobe.d/bondify.conf': golden('reference', 'etc/modprobe.d/bondify.conf'),
    });
    const res = await cli(['plan', '--root', r]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain(
      'update    /etc/systemd/network/10-bondify-bond0.netdev 0644\n--- /etc/systemd/network/10-bondify-bond0.netdev\n+++ /etc/systemd/network/10-bondify-bond0.netdev\n',
    );
    expect(res.stdout).toContain('\n-UpDelaySec=0\n+UpDelaySec=200ms\n');
    expect(res.stdout).toContain('unchanged /etc/modprobe.d/bondify.conf 0644\n  # Managed by bondify');
    expect(res.stdout).toContain('4 to create, 1 to update, 0 to remove, 0 to move aside, 1 unchanged');
  });

  it('--explain says why the bond values were chosen', async () => {
    const res = await cli(['plan', '--root', root(), '--explain']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('UpDelaySec=200ms = 2 × miimon, so a flapping eth0 must stay up');
    expect(res.stdout).toContain('FailOverMACPolicy=active: wlan0 is wireless');
    expect(res.stdout).toContain('GratuitousARP=3: after a failover');
    expect(res.stdout).toContain('max_bonds=0');
  });

  it('colours the diff only when asked to', () => {
    const entry = { path: '/etc/x.network', mode: 0o644, content: 'a\n', action: 'create' as const, current: null };
    expect(formatEntry(entry, true)).toContain('\u001b[32m+a');
    expect(formatEntry(entry, false)).not.toContain('\u001b[');
  });

  it.each([
    [['plan', '--bogus'], 'Unknown option'],
    [['plan', 'extra'], 'Unexpected argument'],
    [['plan', '--root', '/nonexistent-bondify-root'], 'is not a directory'],
    [['plan', '--config'], "'--config <value>' argument missing"],
  ])('usage error %j exits 64', async (args, part) => {
    const res = await cli(args);
    expect(res.exitCode).toBe(64);
    expect(res.stderr).toContain(part);
  });

  it('--help prints the usage and exits 0', async () => {
    const res = await cli(['plan', '--help']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('usage: bondify plan [--config PATH] [--root DIR] [--json] [--explain]');
  });
});
