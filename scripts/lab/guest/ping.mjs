// Guest-side continuous ping (iputils, -D timestamps) that reports loss and the longest gap between replies.
import { execa } from 'execa';

/** Pure: summary of ping -D output. gaps = reply-to-reply intervals longer than 3 intervals (ms). */
export function summarize(text, intervalMs) {
  const replies = [];
  for (const m of text.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from [^:]+: icmp_seq=(\d+)/gm)) {
    replies.push({ t: Number(m[1]) * 1000, seq: Number(m[2]) });
  }
  const tx = /(\d+) packets transmitted, (\d+) received/.exec(text);
  const sent = tx ? Number(tx[1]) : (replies.at(-1)?.seq ?? 0);
  const received = tx ? Number(tx[2]) : replies.length;
  const gaps = [];
  for (let i = 1; i < replies.length; i++) {
    const d = replies[i].t - replies[i - 1].t;
    if (d > 3 * intervalMs) gaps.push({ at: replies[i - 1].t, ms: Math.round(d) });
  }
  const maxGapMs = gaps.reduce((m, g) => Math.max(m, g.ms), 0);
  return { sent, received, lost: sent - received, maxGapMs, gaps, replyTimes: replies.map((r) => r.t) };
}

/** Start pinging; stop() ends it and resolves with summarize()'s result. */
export function startPing(lab, { target = '192.168.1.1', intervalMs = 10, dev, ns } = {}) {
  const argv = ['ping', '-D', '-O', '-n', '-i', String(intervalMs / 1000), '-W', '1', ...(dev ? ['-I', dev] : []), target];
  const full = ns ? ['ip', 'netns', 'exec', ns, ...argv] : argv;
  lab.log(`ping started: ${full.join(' ')}`);
  const child = execa(full[0], full.slice(1), { reject: false, all: true, buffer: true });
  return {
    async stop() {
      child.kill('SIGINT');
      const r = await child;
      const s = summarize(String(r.all ?? ''), intervalMs);
      lab.log(
        `ping to ${target}${ns ? ` from ${ns}` : ''}: ${s.sent} sent, ${s.received} received, ${s.lost} lost, longest gap ${s.maxGapMs} ms`,
      );
      return s;
    },
  };
}
