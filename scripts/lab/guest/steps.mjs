// Steps several scenarios take the same way, so their figures mean the same thing across scenarios.

/** eth0's cable pulled while a 10 ms ping to the gateway runs, then put back: did wlan0 take over and carry
 * traffic, did eth0 (the primary) come back, and what did the ping see. */
export async function cutEth0WhilePinging(lab) {
  const ping = lab.startPing({ intervalMs: 10 });
  await lab.sleep(1000);
  await lab.fault.eth0Down();
  const onWifi = await lab.waitFor('wlan0 to become active', () => lab.state.activeSlave() === 'wlan0', { timeoutMs: 10_000 }).then(() => true, () => false);
  await lab.sleep(1500);
  const viaWifi = await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 });
  await lab.fault.eth0Up();
  const backOnEth0 = await lab.waitFor('eth0 to be active again', () => lab.state.activeSlave() === 'eth0', { timeoutMs: 15_000 }).then(() => true, () => false);
  const pinged = await ping.stop();
  return { onWifi, viaWifi, backOnEth0, sent: pinged.sent, received: pinged.received, lost: pinged.lost, maxGapMs: pinged.maxGapMs };
}
