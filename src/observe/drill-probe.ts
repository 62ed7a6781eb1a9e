// What a drill's probes saw, pure: iputils `ping -D` output (wall-clock stamps per reply) in, replies and gaps out.
// The drill runs ping through the Host; only the numbers it makes of the text live here.

/** One probe run: how many echo requests left, and when (Unix ms, ping's own clock) each reply came back. */
export interface ProbeRun {
  sent: number;
  replyTimesMs: number[];
}

const REPLY = /^\[(\d+(?:\.\d+)?)\] \d+ bytes from .*icmp_seq=\d+/;
const SUMMARY = /^(\d+) packets transmitted, (\d+) (?:packets )?received/m;

/** Parses `ping -D -n` output; a run that printed no summary (killed) counts the replies it did print as sent. */
export function parsePing(stdout: string): ProbeRun {
  const replyTimesMs: number[] = [];
  for (const line of stdout.split('\n')) {
    const m = REPLY.exec(line.trim());
    if (m) replyTimesMs.push(Math.round(Number(m[1]) * 1000));
  }
  const s = SUMMARY.exec(stdout);
  return { sent: s ? Number(s[1]) : replyTimesMs.length, replyTimesMs };
}

/** Loss and the longest silence of a hold, measured from `fromMs` (the first answer through the backup) to `toMs`. */
export interface HoldStats {
  sent: number;
  received: number;
  lossPct: number;
  longestGapMs: number;
}

export function holdStats(run: ProbeRun, fromMs: number, toMs: number): HoldStats {
  const times = [fromMs, ...run.replyTimesMs.filter((t) => t >= fromMs && t <= toMs), toMs].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, (times[i] ?? 0) - (times[i - 1] ?? 0));
  const received = run.replyTimesMs.length;
  const lossPct = run.sent === 0 ? 100 : Math.round((1000 * Math.max(0, run.sent - received)) / run.sent) / 10;
  return { sent: run.sent, received, lossPct, longestGapMs: longest };
}

/** The silence after a switch: from the switch (Unix ms) to the first reply, null when none came. */
export function silenceMs(run: ProbeRun, switchedAtMs: number): number | null {
  const first = run.replyTimesMs[0];
  return first === undefined ? null : Math.max(0, first - switchedAtMs);
}
