// The bond a manifest or the journal recorded is checked like bondify.ini: its shape, then the config's own rules
// by writing it back as bondify.ini text that must read back as exactly the same model.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { bondModelShape, modelIni, modelProblems } from '../../../src/store/recorded-model.js';
import { readJournal, writeJournal, type Journal } from '../../../src/store/journal.js';
import { BondifyError } from '../../../src/errors.js';
import { validateConfig } from '../../../src/config/index.js';
import { tempRoot } from '../../support/fixtures.js';
import { model } from '../../support/scenario.js';

// A model as JSON, for spoiling one field at a time.
interface Spoilable {
  [k: string]: unknown;
  network: Record<string, unknown>;
  slaves: unknown;
}
/** The first slave of a spoilable model (the reference has two). */
const first = (m: Spoilable) => (m.slaves as Array<{ standard: Record<string, unknown> }>)[0] as { standard: Record<string, unknown> };

const ARP =
  '[bond]\nslaves = eth0, eth1\nmiimon = 0\narp_interval = 200ms\narp_ip_targets = 192.168.1.1\narp_validate = all\n\n[network]\naddress = 192.168.1.252/24, fd00::2/64\n';

describe('a recorded model', () => {
  it.each([
    ['the reference scenario', model()],
    ['ARP monitoring without standard settings', model(ARP)],
  ])('%s reads back as itself', (_, m) => {
    expect(validateConfig(modelIni(m), 'x', () => null).model).toEqual(m);
    expect(modelProblems(m)).toEqual([]);
  });

  it.each(['dhcp-ra', 'static-v4-slaac'])('the %s golden case (DHCP, RAs, ipv6 = off) reads back as itself', (name) => {
    const m = model(fs.readFileSync(new URL(`../../golden/${name}/bondify.ini`, import.meta.url), 'utf8'));
    expect(m.network.ipv4 === 'dhcp' || m.network.ipv6 === 'ra').toBe(true);
    expect(validateConfig(modelIni(m), 'x', () => null).model).toEqual(m);
    expect(modelProblems(m)).toEqual([]);
  });

  it('a model recorded before ipv4/ipv6 existed loads, the modes defaulted as bondify.ini defaults them', () => {
    const old = structuredClone(model(ARP)) as unknown as Spoilable;
    delete old.network.ipv4;
    delete old.network.ipv6;
    expect(modelProblems(old)).toEqual([]);
    expect(bondModelShape.parse(old).network).toMatchObject({ ipv4: 'static', ipv6: 'static' });
    const ref = structuredClone(model()) as unknown as Spoilable;
    for (const s of ref.slaves as Array<{ standard: Record<string, unknown> }>) {
      delete s.standard.ipv4;
      delete s.standard.ipv6;
    }
    delete ref.network.ipv4;
    delete ref.network.ipv6;
    expect(modelProblems(ref)).toEqual([]);
    expect(bondModelShape.parse(ref)).toEqual(model());
  });

  it.each<[string, (m: Spoilable) => void, string]>([
    ['an unknown ipv4 mode', (m) => void (m.network.ipv4 = 'auto'), 'model.network.ipv4: '],
    ['ipv4 = dhcp beside a static IPv4 address', (m) => void (m.network.ipv4 = 'dhcp'), 'model.network.ipv4: '],
    ['slaves as a string', (m) => void (m.slaves = 'eth0'), 'model.slaves: '],
    ['a gateway as a number', (m) => void (m.network.gateway = 12345), 'model.network.gateway: '],
    ['a standard address 0.0.0.0/8', (m) => void (first(m).standard.addresses = ['0.0.0.0/8']), 'model.slaves[0].standard.addresses: '],
    [
      'a standard gateway that bondify.ini would inherit differently',
      (m) => void (first(m).standard.addresses = []),
      'model.slaves[0].standard',
    ],
    ['updelay not a multiple of miimon', (m) => void (m.updelayMs = 150), 'model.updelayMs: '],
    ['a second primary', (m) => void (m.primary = 'wlan1'), 'model.primary: '],
  ])('refuses %s, naming the field', (_, spoil, field) => {
    const m = structuredClone(model()) as unknown as Spoilable;
    spoil(m);
    const out = modelProblems(m);
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toContain(field);
  });

  it('a journal recording a bad bond is refused as data (exit 65), naming the journal and the field', () => {
    const root = tempRoot();
    const j = {
      version: 1,
      command: 'apply',
      backup: 'x',
      step: 'writing',
      pid: 1,
      startedAt: '',
      updatedAt: '',
      model: { ...model(), name: '-rf' },
    } as unknown as Journal;
    writeJournal(root, j);
    let err: unknown;
    try {
      readJournal(root);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BondifyError);
    expect((err as BondifyError).kind).toBe('data');
    expect((err as BondifyError).details.file).toBe('/var/lib/bondify/journal.json');
    expect((err as BondifyError).message).toContain('model.name: ');
  });
});
