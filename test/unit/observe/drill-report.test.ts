// The drill's pure core: ping -D text → replies and gaps, the verdict, the report, the metrics and the causes.
import { describe, expect, it } from 'vitest';
import { holdStats, parsePing, silenceMs } from '../../../src/observe/drill-probe.js';
import { drillProm, formatDrill, likelyCauses, verdict, type DrillFacts } from '../../../src/observe/drill-report.js';
import { parseIwLink } from '../../../src/system/wifi.js';

// iputils ping 20221126 (Debian 12), `ping -D -n -i 0.01 -w 1 -I bond0 192.168.1.1`, cut.
const PING = `PING 192.168.1.1 (192.168.1.1) from 192.168.1.252 bond0: 56(84) bytes of data.
[1765130000.010000] 64 bytes from 192.168.1.1: icmp_seq=1 ttl=64 time=0.412 ms
[1765130000.020000] 64 bytes from 192.168.1.1: icmp_seq=2 ttl=64 time=0.398 ms
[1765130000.250000] 64 bytes from 192.168.1.1: icmp_seq=25 ttl=64 time=0.401 ms

--- 192.168.1.1 ping statistics ---
25 packets transmitted, 3 received, 88% packet loss, time 240ms
`;

const facts = (over: Partial<DrillFacts> = {}): DrillFacts => ({
  bond: 'bond0',
  primary: 'eth0',
  backup: 'wlan0',
  gateway: '192.168.1.1',
  startedAt: new Date('2026-12-07T20:00:00Z'),
  baseline: { sent: 50, received: 50 },
  failoverMs: 120,
  hold: { seconds: 5, sent: 500, received: 498, lossPct: 0.4, longestGapMs: 40, activeAtEnd: 'wlan0' },
  wifi: { associated: true, ssid: 'lab', signalDbm: -31, txBitrateMbps: 54 },
  failbackMs: 30,
  activeAtEnd: 'eth0',
  causes: [],
  slowMs: 1000,
  ...over,
});

describe('drill probes', () => {
  it('reads each reply with its stamp and the summary, and finds the longest silence of a hold', () => {
    const run = parsePing(PING);
    expect(run).toEqual({ sent: 25, replyTimesMs: [1765130000010, 1765130000020, 1765130000250] });
    expect(holdStats(run, 1765130000000, 1765130000300)).toEqual({ sent: 25, received: 3, lossPct: 88, longestGapMs: 230 });
    expect(silenceMs(run, 1765129999900)).toBe(110);
  });

  it('a ping that got no answer (or was killed before its summary) has no silence end', () => {
    expect(silenceMs(parsePing('PING 192.168.1.1 …\n'), 0)).toBeNull();
    expect(parsePing('[1.5] 64 bytes from 192.168.1.1: icmp_seq=1 ttl=64 time=1 ms\n')).toEqual({ sent: 1, replyTimesMs: [1500] });
  });

  it('reads iw dev wlan0 link, associated or not', () => {
    const text =
      'Connected to 02:00:00:00:01:00 (on wlan0)\n\tSSID: bondify-lab\n\tfreq: 2437\n\tsignal: -30 dBm\n\trx bitrate: 1.0 MBit/s\n\ttx bitrate: 54.0 MBit/s\n';
    expect(parseIwLink(text)).toEqual({ associated: true, ssid: 'bondify-lab', signalDbm: -30, txBitrateMbps: 54 });
    expect(parseIwLink('Not connected.\n')).toEqual({ associated: false, ssid: null, signalDbm: null, txBitrateMbps: null });
  });
});

describe('drill verdict and report', () => {
  it.each([
    ['passed', {}],
    ['slow', { failoverMs: 1500 }],
    ['slow', { failbackMs: 1001 }],
    ['slow', { failbackMs: null }],
    ['failed', { failoverMs: null, hold: null }],
    ['failed', { hold: { seconds: 5, sent: 500, received: 0, lossPct: 100, longestGapMs: 5000, activeAtEnd: 'wlan0' } }],
  ] as const)('%s for %j', (want, over) => {
    expect(verdict(facts(over))).toBe(want);
  });

  it('prints a short table that names both links and every figure', () => {
    expect(formatDrill(facts())).toBe(
      [
        'drill passed (slow above 1000 ms)',
        '  bond        bond0: primary eth0, backup wlan0, gateway 192.168.1.1',
        '  baseline    50/50 answers through eth0',
        '  failover    120 ms of silence until the gateway answered through wlan0',
        '  on backup   5 s: 498/500 answers, 0.4% lost, longest gap 40 ms',
        '  wifi        associated to lab, signal -31 dBm, tx bitrate 54 MBit/s',
        '  failback    30 ms of silence until the gateway answered through eth0',
        '  active now  eth0',
        '',
      ].join('\n'),
    );
  });

  it('metrics: the result as its exit code; a silence that never ended is left out', () => {
    const prom = drillProm('bond0', 'failed', new Date('2026-12-07T20:00:00Z'), null, 30);
    expect(prom).toContain('bondify_drill_last_run_timestamp_seconds{bond="bond0"} 1796673600\n');
    expect(prom).toContain('bondify_drill_result{bond="bond0"} 2\n');
    expect(prom).not.toContain('bondify_drill_failover_seconds{');
    expect(prom).toContain('bondify_drill_failback_seconds{bond="bond0"} 0.03\n');
  });

  it('causes come from the configuration: the MAC policy, wpa_supplicant, power save; the AP only when associated', () => {
    const causes = likelyCauses({
      backup: 'wlan0',
      failOverMac: 'none',
      powerSave: 'on',
      wifi: { associated: true, ssid: 'x', signalDbm: -40, txBitrateMbps: 54 },
      wpaMacSetting: 'mac_addr=1',
    });
    expect(causes.map((c) => c.split(':')[0])).toEqual([
      'fail_over_mac is none',
      'the wpa_supplicant config sets mac_addr=1',
      'wifi power save is on for wlan0',
      'wlan0 is associated but nothing reached the gateway',
    ]);
    const lost = likelyCauses({
      backup: 'wlan0',
      failOverMac: 'active',
      powerSave: 'off',
      wifi: { associated: false, ssid: null, signalDbm: null, txBitrateMbps: null },
      wpaMacSetting: null,
    });
    expect(lost).toEqual([expect.stringMatching(/^wlan0 lost its association during the drill: see `journalctl -u wpa_supplicant@wlan0`/)]);
  });
});
