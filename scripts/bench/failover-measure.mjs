// Guest side, one failover/failback event measured four ways at once: outbound and inbound ping gaps, an
// established TCP stream, and the bond's active slave after eth0 returns (flapping).
import net from 'node:net';
import { setInterval, clearInterval } from 'node:timers';
import { execa } from 'execa';

const HOLD_MS = 4000; // eth0 stays unplugged this long
const AFTER_MS = 3000; // watched after it returns

/**
 * Outage gap for an event at `from` whose cause ends at `to`: the longest silence counted from the last reply
 * before `from`; 'lost' when replies had not come back by the end (none in the window's last 500 ms).
 */
export function gapIn(times, from, to) {
  if (!times.some((t) => t > to - 500 && t <= to)) return 'lost';
  const inside = times.filter((t) => t > from && t <= to);
  const points = [times.filter((t) => t <= from).at(-1) ?? from, ...inside, to];
  return longest(points);
}

/** Longest silence inside [from, to] alone (what is still missing after `from`); 'lost' if nothing came in. */
export function silenceIn(times, from, to) {
  const inside = times.filter((t) => t > from && t <= to);
  if (inside.length === 0) return 'lost';
  return longest([from, ...inside, to]);
}

function longest(points) {
  let gap = 0;
  for (let i = 1; i < points.length; i++) gap = Math.max(gap, points[i] - points[i - 1]);
  return Math.round(gap);
}

/** A server on the device that streams a chunk every 10 ms to whoever connects. */
export function streamServer(port = 5001) {
  const socks = new Set();
  const server = net.createServer((s) => {
    socks.add(s);
    s.on('error', () => {});
    s.on('close', () => socks.delete(s));
  });
  const timer = setInterval(() => {
    for (const s of socks) s.write('x'.repeat(100));
  }, 10);
  return new Promise((resolve) => server.listen(port, () => resolve({
    close() {
      clearInterval(timer);
      for (const s of socks) s.destroy();
      server.close();
    },
  })));
}

export async function measureOnce(lab, { bond }) {
  const client = execa('ip', ['netns', 'exec', 'gw', 'node', `${lab.checkout}/scripts/bench/failover-tcp-client.mjs`], { reject: false });
  const out = lab.startPing({ intervalMs: 10 });
  const inb = lab.startPing({ intervalMs: 10, ns: 'gw', target: '192.168.1.252' });
  await lab.sleep(1500);
  const tFault = Date.now();
  await lab.fault.eth0Down();
  await lab.sleep(HOLD_MS);
  const tBack = Date.now();
  await lab.fault.eth0Up();
  const actives = [];
  while (Date.now() - tBack < AFTER_MS) {
    if (bond) actives.push(lab.state.activeSlave());
    await lab.sleep(20);
  }
  const tEnd = Date.now();
  const [o, i] = [await out.stop(), await inb.stop()];
  client.kill('SIGTERM');
  const tcp = JSON.parse((await client).stdout || '{}');
  const changes = actives.filter((a, k) => k > 0 && a !== actives[k - 1]).length;
  const tcpTimes = tcp.times ?? [];
  return {
    outboundGapMs: gapIn(o.replyTimes, tFault, tBack),
    inboundGapMs: gapIn(i.replyTimes, tFault, tBack),
    tcpConnected: tcp.connected === true,
    // Survives failover = data still flows late in the outage (not just the chunks in flight when eth0 dropped).
    tcpSurvivesFailover: tcp.connected === true && tcpTimes.some((t) => t > tBack - 1000 && t <= tBack) && !tcp.closed,
    tcpSurvivesFailback: tcp.connected === true && tcpTimes.some((t) => t > tBack + 500) && !tcp.closed,
    tcpStallMs: gapIn(tcpTimes, tFault, tEnd),
    tcpOpenAtEnd: tcp.connected === true && !tcp.closed,
    // After the cable returns: the longest silence from that moment on (the standard method's inbound outage
    // usually continues past it until .252 is configured again).
    failbackGapMs: silenceIn(o.replyTimes, tBack, tEnd),
    failbackInboundGapMs: silenceIn(i.replyTimes, tBack, tEnd),
    activeChangesAfterReturn: bond ? changes : null,
    activeAtEnd: bond ? actives.at(-1) : null,
    lost: { outbound: o.lost, inbound: i.lost },
  };
}
