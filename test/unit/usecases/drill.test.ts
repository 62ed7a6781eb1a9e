// `bondify drill` on the fake device: preflight refusals change nothing, the guard is armed before the switch and
// disarmed after, a silent backup sends the bond back at once with causes, and each result has its exit code.
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/default.js';
import { apply } from '../../../src/usecases/apply.js';
import { runDrill } from '../../../src/usecases/drill.js';
import { run as drillCommand } from '../../../src/cli/commands/drill.js';
import { DRILL_EXIT } from '../../../src/cli/exit.js';
import type { Host } from '../../../src/system/host.js';
import { put } from '../../support/fixtures.js';
import type { FakeNet } from '../../support/fake-net.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';

async function bonded(): Promise<FakeNet> {
  const net = standardDevice();
  put(net.root, '/etc/bondify/bondify.ini', REFERENCE_INI, 0o600);
  expect((await apply(net.host(), model(), files(), options(), recorder().report)).outcome).toBe('applied');
  net.calls = [];
  return net;
}

const SWITCH_TO = (slave: string) => `ip link set dev bond0 type bond active_slave ${slave}`;
const drill = (h: Host, holdS = 1) => runDrill(h, { bond: 'bond0', holdS }, recorder().report);
const changes = (calls: string[][]) => calls.map((c) => c.join(' ')).filter((c) => /^(systemd-run|ip link set|systemctl stop)/.test(c));

describe('bondify drill', () => {
  it('passes on a healthy bond: guard armed before the switch, back on eth0, guard disarmed, figures reported', async () => {
    const net = await bonded();
    const o = await drill(net.host());
    expect(o.result, JSON.stringify(o)).toBe('passed');
    const c = changes(net.calls);
    expect(c[0]).toBe('systemctl stop bondify-drill-guard.timer'); // a leftover guard cleared
    expect(c.slice(1)).toEqual([
      expect.stringMatching(
        /^systemd-run --unit=bondify-drill-guard --on-active=13s .* -- ip link set dev bond0 type bond active_slave eth0$/,
      ),
      SWITCH_TO('wlan0'),
      SWITCH_TO('eth0'),
      'systemctl stop bondify-drill-guard.timer',
    ]);
    expect([net.guard.armed, net.activeSlave()]).toEqual([false, 'eth0']);
    expect(o.facts?.failoverMs).toBeGreaterThanOrEqual(0);
    // The kernel kept wlan0 active for the whole hold: active_slave holds until a link event.
    expect(o.facts?.hold).toMatchObject({ seconds: 1, activeAtEnd: 'wlan0', sent: 100 });
    expect(o.facts?.hold?.received).toBeGreaterThan(90);
    expect(o.facts?.wifi).toMatchObject({ associated: true, signalDbm: -31 });
    expect(o.facts?.activeAtEnd).toBe('eth0');
  });

  it.each([
    ['not on its primary', 'unhealthy', (n: FakeNet): void => void (n.activeByHand = 'wlan0'), /not on its primary eth0 \(active: wlan0\)/],
    ['the backup without carrier', 'unhealthy', (n: FakeNet): void => n.setCarrier('wlan0', false), /no backup slave up beside eth0/],
    ['the wifi not associated', 'unhealthy', (n: FakeNet): void => n.associated.clear(), /wlan0 is not associated/],
    [
      'the gateway silent on the primary',
      'unhealthy',
      (n: FakeNet): void => void (n.carries = () => false),
      /does not answer through bond0 on eth0/,
    ],
    [
      'iw missing',
      'unknown',
      (n: FakeNet): void => void n.failures.set('iw dev wlan0 link', { exitCode: 127, stderr: 'iw: not found' }),
      /cannot tell whether wlan0 is associated/,
    ],
  ] as const)('refuses with %s (%s) and changes nothing', async (_name, result, spoil, why) => {
    const net = await bonded();
    spoil(net);
    net.sync();
    const o = await drill(net.host());
    expect([o.result, o.refusal]).toEqual([result, expect.stringMatching(why)]);
    expect(changes(net.calls)).toEqual([]);
  });

  it('a backup that carries nothing: back on eth0 within the silence limit, guard disarmed, causes named', async () => {
    const net = await bonded();
    net.carries = (s) => s === 'eth0';
    net.powerSave.set('wlan0', 'on'); // set by hand after apply (the config says off)
    const at = Date.now();
    const o = await drill(net.host(), 5);
    expect(o.result).toBe('failed');
    expect(Date.now() - at).toBeLessThan(2000); // the fake's ping is instant: no hold was run
    expect(net.calls.filter((c) => c[0] === 'ping' && !c.includes('-c'))).toEqual([]);
    expect([net.activeSlave(), net.guard.armed, o.facts?.failoverMs, o.facts?.failbackMs]).toEqual([
      'eth0',
      false,
      null,
      expect.any(Number),
    ]);
    expect(o.facts?.causes).toEqual([
      expect.stringMatching(/^wifi power save is on for wlan0/),
      expect.stringMatching(/^wlan0 is associated but nothing reached the gateway/),
    ]);
  });

  it('a drill that dies on the backup leaves the guard armed, and the guard alone puts eth0 back', async () => {
    const net = await bonded();
    const dying: Host = {
      ...net.host(),
      exec: async (argv) => {
        // SIGKILL during the hold: this process never gets an answer again.
        if (argv[0] === 'ping' && !argv.includes('-c') && net.activeSlave() === 'wlan0') return new Promise(() => {});
        return net.exec(argv);
      },
    };
    void drill(dying);
    await new Promise((r) => setTimeout(r, 50));
    expect([net.activeSlave(), net.guard.armed]).toEqual(['wlan0', true]);
    net.exec(net.guard.argv ?? []); // the timer fires
    expect(net.activeSlave()).toBe('eth0');
  });

  it('a failed switch command puts the primary back and disarms the guard before reporting', async () => {
    const net = await bonded();
    net.failures.set(SWITCH_TO('wlan0'), { exitCode: 2, stderr: 'RTNETLINK answers: Operation not supported' });
    await expect(drill(net.host())).rejects.toThrow(/the kernel refused wlan0 as the active slave/);
    expect([net.activeSlave(), net.guard.armed]).toEqual(['eth0', false]);
  });

  it('exit codes: 0 passed, 1 slowly, 2 failed or unhealthy, 3 unknown; --help; a bad flag is UNKNOWN', async () => {
    expect(DRILL_EXIT).toEqual({ passed: 0, slow: 1, failed: 2, unhealthy: 2, unknown: 3 });
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: () => {}, color: false };
    expect(await drillCommand(['--help'], io)).toBe(0);
    expect(out.join('')).toMatch(/^usage: bondify drill /);
    expect(await drillCommand(['--hold', '0', '--json'], io)).toBe(3);
    expect(JSON.parse(out.at(-1) ?? '')).toEqual({
      result: 'unknown',
      error: expect.stringMatching(/--hold "0" is not a whole number from 1 to 60/),
    });
  });
});
