// Names can never make a path outside /etc/systemd/network, /etc/modprobe.d or /var/lib/bondify: the validator
// refuses them wherever a name goes, the renderer refuses them again if a model bypasses validation, the root
// mapper refuses any path that is not normalized, and (property) every config the validator accepts renders
// only paths inside those folders.
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig, REFERENCE_INI } from '../../../src/config/index.js';
import { renderBond, renderStandard } from '../../../src/render/index.js';
import { underRoot } from '../../../src/system/paths.js';
import { BondifyError } from '../../../src/errors.js';
import type { BondModel } from '../../../src/model/bond.js';

const ESCAPES = [
  '..',
  '.',
  '../x',
  '../../etc',
  '/etc/passwd',
  'a/b',
  'x\\..\\y',
  '..%2f',
  '\u2215etc',
  '..\uff0fx',
  'a\u0000b',
  'eth0\nName=*',
  '*',
  'eth?',
  '[Match]',
  'bond0 x',
  '-o',
  '~root',
  '$HOME',
  '`id`',
  'a'.repeat(16),
];

const withName = (where: 'name' | 'slave' | 'primary' | 'section', n: string): string => {
  const q = JSON.stringify(n); // quoted, so escapes like \n reach the validator as the characters
  const bond =
    where === 'name'
      ? `name = ${q}\nslaves = eth0, wlan0`
      : where === 'slave'
        ? `slaves = eth0, ${q}`
        : `slaves = eth0, wlan0${where === 'primary' ? `\nprimary = ${q}` : ''}`;
  const extra = where === 'section' ? `[slave.${n}]\nwireless = no\n` : '';
  return `[bond]\n${bond}\n[network]\naddress = 192.168.1.252/24\n${extra}`;
};

const ALLOWED_DIRS = ['/etc/systemd/network/', '/etc/modprobe.d/'];
const inside = (p: string) =>
  ALLOWED_DIRS.some((d) => p.startsWith(d) && !p.slice(d.length).includes('/')) && path.posix.normalize(p) === p;

describe('names never leave the allowed folders', () => {
  it.each(ESCAPES.flatMap((n) => (['name', 'slave', 'primary', 'section'] as const).map((w) => [w, n] as const)))(
    'the validator refuses %s %j',
    (where, n) => {
      let err: unknown;
      try {
        validateConfig(withName(where, n), 'x.ini', () => false);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BondifyError);
      expect((err as BondifyError).kind).toBe('config');
    },
  );

  // '-o' is an option-injection name, not a path escape: the validator's business (above), not the renderer's.
  it.each(ESCAPES.filter((n) => n !== '-o'))('the renderer refuses %j even when a model skips validation', (n) => {
    const base = validateConfig(REFERENCE_INI, 'ref.ini').model;
    const forged: BondModel[] = [
      { ...base, name: n },
      { ...base, slaves: base.slaves.map((s, i) => (i === 1 ? { ...s, name: n } : s)) },
    ];
    for (const m of forged) {
      expect(() => [...renderBond(m), ...renderStandard(m)]).toThrow(/unsafe interface name/);
    }
  });

  it.each(['etc/x', '/etc/../x', '/etc/systemd/network/../../x', '/etc//x', '/etc/./x'])('the root mapper refuses %j', (p) => {
    expect(() => underRoot('/srv/root', p)).toThrow(BondifyError);
  });

  it('the root mapper keeps every normalized path under the root', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 5 }), (parts) => {
        const p = '/' + parts.join('/');
        let real: string;
        try {
          real = underRoot('/srv/root', p);
        } catch {
          return; // refused: fine
        }
        expect(path.resolve(real).startsWith('/srv/root/')).toBe(true);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('every accepted name, from an alphabet full of path and injection characters, renders inside the folders', () => {
    const ch = fc.constantFrom('a', 'b', '0', '.', '-', '_', '/', '\\', ' ', '\u2215', '*', '[', '\n', '%', ':', '\u00e9');
    const name = fc.array(ch, { minLength: 1, maxLength: 17 }).map((cs) => cs.join(''));
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom('name', 'slave', 'section') as fc.Arbitrary<'name' | 'slave' | 'section'>, name, (where, n) => {
        let model: BondModel;
        try {
          model = validateConfig(withName(where, n), 'x.ini', () => false).model;
        } catch (e) {
          expect(e).toBeInstanceOf(BondifyError);
          return;
        }
        accepted++;
        for (const f of [...renderBond(model), ...renderStandard(model)]) expect(inside(f.path), f.path).toBe(true);
      }),
      { seed: 11, numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(50); // the property saw real acceptances, not only refusals
  });
});
