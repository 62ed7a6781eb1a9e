// plan --explain on the link monitor: when MII, when ARP, that both at once is impossible, and what each costs.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI, validateConfig } from '../../../src/config/index.js';
import { explainBond } from '../../../src/render/index.js';

const golden = (name: string) =>
  validateConfig(fs.readFileSync(new URL(`../../golden/${name}/bondify.ini`, import.meta.url), 'utf8'), `${name}/bondify.ini`, () => null)
    .model;

describe('plan --explain: the link monitor', () => {
  it('MII: carrier only, sends nothing, blind to a dead path with the cable in; points to ARP and to check --ping', () => {
    const text = explainBond(validateConfig(REFERENCE_INI, 'bondify.ini', () => null).model);
    expect(text).toContain('Monitor: MII (carrier). MIIMonitorSec=100ms');
    expect(text).toContain('cannot see a dead path while the carrier stays up');
    expect(text).toContain(
      'Pick ARP monitoring (miimon = 0, arp_interval = 100ms, arp_validate = active; the targets default to the gateway)',
    );
    expect(text).toContain('Both at once is not possible');
    expect(text).toContain('`check --ping` is the independent end-to-end probe');
  });

  it('ARP with the gateway as the default target: probe traffic per second, detection time with the kernel default of 2 missed intervals, why arp_validate = active', () => {
    const text = explainBond(golden('arp-path'));
    expect(text).toContain(
      'Monitor: ARP (path). ARPIntervalSec=100ms, ARPIPTargets=192.168.1.1: every 100ms the active slave ARPs this address; when 2 interval(s) pass without an answer it is failed even though its carrier is up',
    );
    expect(text).toContain(
      'Cost of ARP: 1 ARP request (and as many replies) every 100ms on the active link, about 10/s; detection takes 2 × 100ms = 200ms (ARPMissedMax=2, the kernel default)',
    );
    expect(text).toContain('ARPValidate=active: the active slave counts only ARP replies from the targets');
    expect(text).toContain('a backup (the wifi) counts any frame it hears');
  });

  it('ARP with every key: two targets, all must answer, three missed intervals', () => {
    const text = explainBond(golden('arp-all-keys'));
    expect(text).toContain(
      '2 ARP requests (and as many replies) every 200ms on the active link, about 10/s; detection takes 3 × 200ms = 600ms (ARPMissedMax=3)',
    );
    expect(text).toContain('ARPAllTargets=all: a validated slave counts as up when every target answers.');
    expect(text).toContain('ARPValidate=all: the active slave counts only replies from the targets, and backups must hear');
  });
});
