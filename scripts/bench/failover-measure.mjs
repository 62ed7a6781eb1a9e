// Guest side, one failover/failback event measured four ways at once: outbound and inbound ping gaps, an
// established TCP stream, and the bond's active slave after eth0 returns (flapping).
import net from 'node:net';
import { setInterval, clearInterval } from 'node:timers';
import { execa } from 'execa';

const HOLD_MS = 4000; // the fault stays in place this long, counted from when the command that makes it returned
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
  return new Promise((resolve) =>
    server.listen(port, () =>
      resolve({
        close() {
          clearInterval(timer);
          for (const s of socks) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

/** The two faults measured: the cable pulled (carrier lost) and a dead path with the cable in (carrier kept). */
export const FAULTS = {
  cable: (lab) => ({ down: lab.fault.eth0Down, up: lab.fault.eth0Up }),
  path: (lab) => ({ down: lab.fault.eth0PathDown, up: lab.fault.eth0PathUp }),
};

/** Each slave's link failure count, from /proc/net/bonding/bond0. */
function linkFailures(lab) {
  const out = {};
  for (const block of (lab.state.bonding() ?? '').split('\n\n')) {
    const name = /^Slave Interface: (\S+)/m.exec(block)?.[1];
    const n = /^Link Failure Count: (\d+)/m.exec(block)?.[1];
    if (name && n) out[name] = Number(n);
  }
  return out;
}

/** Active slave switches in a sampled timeline, and when (ms after `from`) it first left `primary`. */
function switches(samples, from, primary) {
  const changes = samples.filter((s, k) => k > 0 && s.active !== samples[k - 1].active).length;
  const left = samples.find((s) => s.t >= from && s.active !== primary);
  return { changes, leftPrimaryMs: left ? left.t - from : null };
}

/**
 * One fault and its undo, measured. `during` (optional) runs once the fault is in place, e.g. `bondify check`; the
 * fault then lasts until it is done, and its result is returned as `during`.
 */
export async function measureOnce(lab, { bond, fault = 'cable', during = null }) {
  const { down, up } = FAULTS[fault](lab);
  const client = execa('ip', ['netns', 'exec', 'gw', 'node', `${lab.checkout}/scripts/bench/failover-tcp-client.mjs`], { reject: false });
  const out = lab.startPing({ intervalMs: 10 });
  const inb = lab.startPing({ intervalMs: 10, ns: 'gw', target: '192.168.1.252' });
  await lab.sleep(1500);
  const sample = [];
  let busy = null;
  const watch = async (untilMs) => {
    while (Date.now() < untilMs || busy !== null) {
      if (bond) sample.push({ t: Date.now(), active: lab.state.activeSlave() });
      await lab.sleep(20);
    }
  };
  const failuresBefore = bond ? linkFailures(lab) : null;
  // Under TCG on a loaded host starting `ip`/`bridge` can take seconds: the fault is in place somewhere between
  // tFault and tFaultIn, so gaps count from tFault and the hold from tFaultIn.
  const tFault = Date.now();
  await down();
  const tFaultIn = Date.now();
  let duringResult = null;
  if (during)
    busy = during()
      .then(
        (r) => {
          duringResult = r;
        },
        (e) => {
          duringResult = { error: String(e) };
        },
      )
      .finally(() => {
        busy = null;
      });
  await watch(tFaultIn + HOLD_MS);
  const tBack = Date.now();
  await up();
  await watch(tBack + AFTER_MS);
  const tEnd = Date.now();
  const failuresAfter = bond ? linkFailures(lab) : null;
  const [o, i] = [await out.stop(), await inb.stop()];
  client.kill('SIGTERM');
  const tcp = JSON.parse((await client).stdout || '{}');
  const inFault = switches(
    sample.filter((s) => s.t <= tBack),
    tFault,
    'eth0',
  );
  const after = sample.filter((s) => s.t >= tBack);
  const tcpTimes = tcp.times ?? [];
  return {
    fault,
    outboundGapMs: gapIn(o.replyTimes, tFault, tBack),
    inboundGapMs: gapIn(i.replyTimes, tFault, tBack),
    // Replies to the gateway's pings of .252 once the fault is in place (0 = unreachable for the whole fault).
    inboundRepliesDuringFault: i.replyTimes.filter((t) => t > tFaultIn + 100 && t <= tBack).length,
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
    failoverMs: bond ? inFault.leftPrimaryMs : null,
    activeChangesDuringFault: bond ? inFault.changes : null,
    activeAtFaultEnd: bond ? (sample.filter((s) => s.t <= tBack).at(-1)?.active ?? null) : null,
    activeChangesAfterReturn: bond ? switches(after, tBack, 'eth0').changes : null,
    activeAtEnd: bond ? (after.at(-1)?.active ?? null) : null,
    lost: { outbound: o.lost, inbound: i.lost },
    faultStartMs: tFaultIn - tFault,
    holdMs: tBack - tFaultIn,
    // Each slave's link failure count rise over the event: eth0 +1 and wlan0 +0 is one clean failover (the
    // sampled active slave can miss a flap shorter than its polling; the kernel's counters do not).
    linkFailuresRise: bond ? Object.fromEntries(Object.entries(failuresAfter).map(([k, v]) => [k, v - (failuresBefore[k] ?? 0)])) : null,
    ...(during ? { during: duringResult } : {}),
  };
}
