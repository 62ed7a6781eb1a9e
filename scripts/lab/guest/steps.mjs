// Steps several scenarios take the same way, so their figures mean the same thing across scenarios.

/** eth0's cable pulled while a 10 ms ping to the gateway runs, then put back: did wlan0 take over and carry
 * traffic, did eth0 (the primary) come back, and what did the ping see. */
export async function cutEth0WhilePinging(lab) {
  const ping = lab.startPing({ intervalMs: 10 });
  await lab.sleep(1000);
  await lab.fault.eth0Down();
  const onWifi = await lab
    .waitFor('wlan0 to become active', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 10_000 })
    .then(
      () => true,
      () => false,
    );
  await lab.sleep(1500);
  const viaWifi = await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 });
  await lab.fault.eth0Up();
  const backOnEth0 = await lab
    .waitFor('eth0 to be active again', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 15_000 })
    .then(
      () => true,
      () => false,
    );
  const pinged = await ping.stop();
  return { onWifi, viaWifi, backOnEth0, sent: pinged.sent, received: pinged.received, lost: pinged.lost, maxGapMs: pinged.maxGapMs };
}

/** The kernel's own view of the bond in the reference scenario: mode, primary, active, slaves, addresses, route. */
export async function bondHealth(lab) {
  const b = lab.state.bonding('bond0') ?? '';
  const route = (await lab.run(['ip', '-j', 'route', 'show', 'default'], { quiet: true })).stdout;
  return {
    mode: /^Bonding Mode: (.*)$/m.exec(b)?.[1] ?? null,
    primary: /^Primary Slave: (\S+)/m.exec(b)?.[1] ?? null,
    active: lab.state.activeSlave('bond0'),
    slaves: [...b.matchAll(/^Slave Interface: (\S+)/gm)].map((m) => m[1]),
    bond0: await lab.state.ipv4('bond0'),
    eth0: await lab.state.ipv4('eth0'),
    wlan0: await lab.state.ipv4('wlan0'),
    route,
    defaultRoutes: JSON.parse(route || '[]').map((r) => `${r.gateway} ${r.dev}`),
    gateway: await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }),
  };
}

/** A bondify command with its exit code, output and wall time. */
export async function timed(lab, args) {
  const t0 = Date.now();
  const r = await lab.bondify(args);
  return { code: r.code, out: r.all, ms: Date.now() - t0 };
}
