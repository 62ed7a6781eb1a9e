// The node_exporter textfile written by `check --prom`: exact text for a failover, atomic and readable.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkHost } from '../../support/check-harness.js';

describe('check --prom', () => {
  it('writes the metrics, and they change with the bond', async () => {
    const host = checkHost();
    const prom = '/var/lib/node_exporter/textfile/bondify.prom';
    const read = () => readFileSync(path.join(host.root, prom), 'utf8');
    await check(host, 'ok.txt', { prom });
    expect(read()).toContain('bondify_active_is_primary{bond="bond0"} 1\n');
    host.clock.now = new Date('2026-11-23T12:01:00Z');
    await check(host, 'eth0-down.txt', { prom });
    expect(read()).toBe(
      [
        '# HELP bondify_up The bond exists and its MII status is up (1) or not (0).',
        '# TYPE bondify_up gauge',
        'bondify_up{bond="bond0"} 1',
        '# HELP bondify_active_is_primary The active slave is the configured primary.',
        '# TYPE bondify_active_is_primary gauge',
        'bondify_active_is_primary{bond="bond0"} 0',
        "# HELP bondify_slave_up A slave's MII status is up.",
        '# TYPE bondify_slave_up gauge',
        'bondify_slave_up{bond="bond0",slave="eth0"} 0',
        'bondify_slave_up{bond="bond0",slave="wlan0"} 1',
        "# HELP bondify_slave_link_failures_total The kernel's link failure count of a slave.",
        '# TYPE bondify_slave_link_failures_total counter',
        'bondify_slave_link_failures_total{bond="bond0",slave="eth0"} 1',
        'bondify_slave_link_failures_total{bond="bond0",slave="wlan0"} 0',
        '# HELP bondify_failovers_total Changes of the active slave seen by bondify check.',
        '# TYPE bondify_failovers_total counter',
        'bondify_failovers_total{bond="bond0"} 1',
        '# HELP bondify_check_status The check result: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.',
        '# TYPE bondify_check_status gauge',
        'bondify_check_status{bond="bond0"} 1',
        '# HELP bondify_check_timestamp_seconds When bondify check last ran (Unix time).',
        '# TYPE bondify_check_timestamp_seconds gauge',
        'bondify_check_timestamp_seconds{bond="bond0"} 1795435260',
        '',
      ].join('\n'),
    );
    expect(statSync(path.join(host.root, prom)).mode & 0o777).toBe(0o644);
    expect(readdirSync(path.dirname(path.join(host.root, prom)))).toEqual(['bondify.prom']);
  });

  it('reports a missing bond as down with no slaves', async () => {
    const host = checkHost();
    await check(host, null, { prom: '/m.prom' });
    const text = readFileSync(path.join(host.root, 'm.prom'), 'utf8');
    expect(text).toContain('bondify_up{bond="bond0"} 0\n');
    expect(text).toContain('bondify_check_status{bond="bond0"} 2\n');
    expect(text).not.toContain('slave=');
  });
});
