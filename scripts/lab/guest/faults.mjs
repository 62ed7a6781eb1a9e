// Guest-side faults: what happens to the device's links and gateway, done from the router's side like real life.
export function faults(lab) {
  const gw = (...argv) => lab.run(['ip', '-n', 'gw', ...argv], { check: true });
  const hostapd = (verb) => lab.run(['systemctl', verb, 'bondify-lab-hostapd.service'], { check: true });
  return {
    /** Pull eth0's cable: its peer on the router goes down, so eth0 loses carrier. */
    eth0Down: () => gw('link', 'set', 'veth-eth0', 'down'),
    eth0Up: () => gw('link', 'set', 'veth-eth0', 'up'),
    /** The access point goes away (hostapd stops and deauthenticates its stations). */
    wifiDown: () => hostapd('stop'),
    wifiUp: () => hostapd('start'),
    async bothDown() {
      await gw('link', 'set', 'veth-eth0', 'down');
      await hostapd('stop');
    },
    async bothUp() {
      await gw('link', 'set', 'veth-eth0', 'up');
      await hostapd('start');
    },
    /** The gateway vanishes while both links keep carrier and association. */
    gatewayDown: () => gw('addr', 'del', '192.168.1.1/24', 'dev', 'br0'),
    gatewayUp: () => gw('addr', 'add', '192.168.1.1/24', 'dev', 'br0'),
    /**
     * A dead path with the cable in: the router's bridge port for eth0 stops forwarding both ways (bridge port state
     * disabled), while the veth stays up, so eth0 keeps its carrier. Frames from eth0 are dropped by the bridge
     * before the router's own IP stack sees them (taking the port out of the bridge instead would let the router
     * answer ARP on it and the path would look alive).
     */
    eth0PathDown: () => lab.run(['ip', 'netns', 'exec', 'gw', 'bridge', 'link', 'set', 'dev', 'veth-eth0', 'state', '0'], { check: true }),
    eth0PathUp: () => lab.run(['ip', 'netns', 'exec', 'gw', 'bridge', 'link', 'set', 'dev', 'veth-eth0', 'state', '3'], { check: true }),
  };
}
