// Same config, same bytes: rendering twice (and in a different process order) gives identical files, and for
// any valid config every generated line is a comment, a [Section], Key=Value, or blank.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI, validateConfig } from '../../../src/config/index.js';
import { renderBond, renderStandard } from '../../../src/render/index.js';

const LINE = /^(# [^\n]*|\[[A-Za-z]+\]|[A-Za-z]+=[^\s][^\n]*|)$/;

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const octet = fc.integer({ min: 2, max: 250 });
const config = fc
  .record({
    bond: name.map((n) => `b${n}`),
    slaves: fc.uniqueArray(
      name.map((n) => `s${n}`),
      { minLength: 2, maxLength: 4 },
    ),
    miimon: fc.integer({ min: 1, max: 50 }).map((n) => n * 10),
    up: fc.integer({ min: 0, max: 5 }),
    down: fc.integer({ min: 0, max: 5 }),
    reselect: fc.constantFrom('always', 'better', 'failure'),
    garp: fc.integer({ min: 0, max: 255 }),
    net: fc.tuple(octet, octet, octet),
    dns: fc.array(octet, { maxLength: 3 }),
  })
  .map((c) => {
    const [a, b, h] = c.net;
    return [
      '[bond]',
      `name = ${c.bond}`,
      `slaves = ${c.slaves.join(', ')}`,
      `miimon = ${c.miimon}ms`,
      `updelay = ${c.up * c.miimon}`,
      `downdelay = ${c.down * c.miimon}ms`,
      `primary_reselect = ${c.reselect}`,
      `gratuitous_arp = ${c.garp}`,
      '[network]',
      `address = 10.${a}.${b}.${h}/24`,
      `gateway = 10.${a}.${b}.1`,
      `dns = ${[...new Set(c.dns)].map((d) => `10.${a}.${b}.${d}`).join(', ')}`,
      `[slave.${c.slaves[0]}]`,
      `address = 10.${a}.${b}.${h}/24`,
      'wireless = yes',
    ].join('\n');
  });

describe('deterministic output', () => {
  it('renders the reference scenario to identical bytes twice', () => {
    const once = renderBond(validateConfig(REFERENCE_INI, 'a').model);
    const twice = renderBond(validateConfig(REFERENCE_INI, 'b').model);
    expect(twice).toEqual(once);
    expect(renderStandard(validateConfig(REFERENCE_INI, 'c').model)).toEqual(renderStandard(validateConfig(REFERENCE_INI, 'd').model));
  });

  it('for random valid configs: same bytes twice, only well-formed lines, LF, one final newline', () => {
    fc.assert(
      fc.property(config, (ini) => {
        const a = [...renderBond(validateConfig(ini, 'x').model), ...renderStandard(validateConfig(ini, 'x').model)];
        const b = [...renderBond(validateConfig(ini, 'y').model), ...renderStandard(validateConfig(ini, 'y').model)];
        expect(b).toEqual(a);
        for (const f of a.filter((x) => x.path.endsWith('.network') || x.path.endsWith('.netdev'))) {
          expect(f.content.endsWith('\n') && !f.content.endsWith('\n\n')).toBe(true);
          expect(f.content).not.toContain('\r');
          for (const line of f.content.slice(0, -1).split('\n')) expect(line).toMatch(LINE);
        }
      }),
      { numRuns: 200 },
    );
  });
});
