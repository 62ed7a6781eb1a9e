// apply's y/N question on a real pseudo-terminal (python3's pty module, scripts/lab/guest/pty-relay.py), against an
// offline root: y writes, n / Ctrl-C / Ctrl-D write nothing, exit 1 and leave no lock behind.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventEmitter } from 'node:events';
import type { Interface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { interruptLikeNoTerminal } from '../../../src/cli/commands/apply.js';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { hashTree, populate, tempDir, ETH0, WLAN0 } from '../../support/fixtures.js';
import { MAIN } from '../../support/cli.js';

const RELAY = fileURLToPath(new URL('../../../scripts/lab/guest/pty-relay.py', import.meta.url));

/** `bondify apply --root <root>` on a terminal; `keys` are typed once the question is on screen. */
async function applyOnTerminal(keys: string): Promise<{ code: number | undefined; out: string; root: string; before: string }> {
  const root = tempDir('tty');
  populate(root, {
    '/etc/systemd/network/eth0.network': ETH0,
    '/etc/systemd/network/wlan0.network': WLAN0,
    '/etc/bondify/bondify.ini': REFERENCE_INI,
  });
  const before = hashTree(root);
  const child = execa('python3', [RELAY, 'node', MAIN, 'apply', '--root', root, '--config', path.join(root, 'etc/bondify/bondify.ini')], {
    reject: false,
    buffer: false,
    timeout: 15_000,
    env: { NO_COLOR: '1' },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('[y/N] ') && keys !== '') {
      child.stdin?.write(keys);
      keys = '';
    }
  });
  const r = await child;
  return { code: r.exitCode, out: out.replace(/\r/g, ''), root, before };
}

describe('apply on a terminal: the y/N question', () => {
  it('y applies (into the offline root)', async () => {
    const r = await applyOnTerminal('y\r');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/apply these 8 change\(s\)\? \[y\/N\]/);
    expect(fs.existsSync(path.join(r.root, 'etc/systemd/network/10-bondify-bond0.netdev'))).toBe(true);
  });

  it.each([
    ['n', 'n\r'],
    ['Enter alone (the default is no)', '\r'],
    ['Ctrl-C', '\x03'],
    ['Ctrl-D', '\x04'],
  ])('%s: exit 1, nothing written, no lock left behind', async (_name, keys) => {
    const r = await applyOnTerminal(keys);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('not applied: nothing was changed');
    expect(fs.existsSync(path.join(r.root, 'var/lib/bondify/lock'))).toBe(false);
    fs.rmSync(path.join(r.root, 'var'), { recursive: true, force: true }); // the (empty) state folder the lock lived in
    expect(hashTree(r.root)).toBe(r.before);
  });
});

describe('apply on a terminal: Ctrl-C after the question', () => {
  afterEach(() => vi.restoreAllMocks());
  const fakeRl = () => Object.assign(new EventEmitter(), { close: vi.fn() });

  it('ends apply by SIGINT (as without a terminal) once the terminal is closed, i.e. out of raw mode', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const rl = fakeRl();
    interruptLikeNoTerminal(rl as unknown as Interface, () => false);
    rl.emit('SIGINT');
    expect(rl.close).toHaveBeenCalledOnce();
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGINT');
    expect(rl.close.mock.invocationCallOrder[0]).toBeLessThan(kill.mock.invocationCallOrder[0] ?? 0);
  });

  it('leaves Ctrl-C at the question to the question (a no)', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const rl = fakeRl();
    interruptLikeNoTerminal(rl as unknown as Interface, () => true);
    rl.emit('SIGINT');
    expect(rl.close).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
  });
});
