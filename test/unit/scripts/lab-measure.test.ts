// The lab's pure measurement helpers: iputils `ping -D` output → loss and gaps; silence in a time window.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript guest-side module
import { summarize } from '../../../scripts/lab/guest/ping.mjs';
// @ts-expect-error plain JavaScript guest-side module
import { gapIn, silenceIn } from '../../../scripts/bench/failover-measure.mjs';

const reply = (t: number, seq: number) => `[${(t / 1000).toFixed(6)}] 64 bytes from 192.168.1.1: icmp_seq=${seq} ttl=64 time=0.4 ms`;

describe('ping summary', () => {
  it('counts loss from the final statistics and finds the gap between replies', () => {
    const text = [
      'PING 192.168.1.1 (192.168.1.1) 56(84) bytes of data.',
      reply(1000_000, 1),
      reply(1000_010, 2),
      '[1000.030000] no answer yet for icmp_seq=3',
      reply(1000_250, 26),
      reply(1000_260, 27),
      '',
      '--- 192.168.1.1 ping statistics ---',
      '27 packets transmitted, 4 received, 85.1852% packet loss, time 260ms',
    ].join('\n');
    const s = summarize(text, 10);
    expect(s).toMatchObject({ sent: 27, received: 4, lost: 23, maxGapMs: 240 });
    expect(s.gaps).toEqual([{ at: 1000_010, ms: 240 }]);
  });

  it('reports no gap for steady replies', () => {
    const text = [reply(5000, 1), reply(5010, 2), reply(5020, 3), '3 packets transmitted, 3 received, 0% packet loss'].join('\n');
    expect(summarize(text, 10)).toMatchObject({ sent: 3, received: 3, lost: 0, maxGapMs: 0, gaps: [] });
  });
});

describe('gapIn (outage while the cause lasts)', () => {
  it('measures from the last reply before the event to the first after it', () => {
    expect(gapIn([100, 110, 120, 400, 410, 800, 990], 125, 1000)).toBe(390);
  });
  it("says 'lost' when replies had not come back by the end of the window", () => {
    expect(gapIn([100, 110, 130, 140], 125, 1000)).toBe('lost');
    expect(gapIn([100, 110, 2000], 125, 1000)).toBe('lost');
  });
});

describe('silenceIn (after the cause ended)', () => {
  it('counts only from the start of the window', () => {
    expect(silenceIn([100, 1700, 1710, 1990], 1000, 2000)).toBe(700);
  });
  it("says 'lost' when nothing came in", () => {
    expect(silenceIn([100], 1000, 2000)).toBe('lost');
  });
});
