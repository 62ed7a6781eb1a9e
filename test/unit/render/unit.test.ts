// The systemd unit serializer: order kept, keys repeated, empty sections dropped, LF and one final newline,
// and no way for a value to start a new line or section.
import { describe, expect, it } from 'vitest';
import { serializeUnit, type UnitSection } from '../../../src/render/index.js';

describe('serializeUnit', () => {
  it('keeps section and key order, repeats keys, separates sections by one blank line', () => {
    const text = serializeUnit([
      { name: 'Match', entries: [['Name', 'bond0']] },
      {
        name: 'Network',
        entries: [
          ['DNS', '192.168.1.1'],
          ['Address', '192.168.1.252/24'],
          ['DNS', '8.8.8.8'],
        ],
      },
    ]);
    expect(text).toBe('[Match]\nName=bond0\n\n[Network]\nDNS=192.168.1.1\nAddress=192.168.1.252/24\nDNS=8.8.8.8\n');
  });

  it('writes a section only when it has keys, and comments first', () => {
    const text = serializeUnit(
      [
        { name: 'Link', entries: [] },
        { name: 'Match', entries: [['Name', 'eth0']] },
      ],
      ['made by a test'],
    );
    expect(text).toBe('# made by a test\n\n[Match]\nName=eth0\n');
  });

  it('writes values verbatim: no DNS[]=, no escaping of ; or #, yes stays yes', () => {
    expect(
      serializeUnit([
        {
          name: 'Network',
          entries: [
            ['ConfigureWithoutCarrier', 'yes'],
            ['Description', 'a;b#c'],
          ],
        },
      ]),
    ).toBe('[Network]\nConfigureWithoutCarrier=yes\nDescription=a;b#c\n');
  });

  it('is empty for nothing to write', () => {
    expect(serializeUnit([{ name: 'Match', entries: [] }])).toBe('');
  });

  const one = (section: string, key: string, value: string): UnitSection[] => [{ name: section, entries: [[key, value]] }];
  it.each([
    ['a newline in a value', one('Match', 'Name', 'eth0\n[Network]')],
    ['a carriage return in a value', one('Match', 'Name', 'eth0\rX=1')],
    ['a bad key', one('Match', 'Na me', 'eth0')],
    ['a bad section', one('Match]\n[X', 'Name', 'eth0')],
    ['surrounding spaces', one('Match', 'Name', ' eth0')],
  ])('refuses %s (an internal error, exit 70)', (_, sections) => {
    expect(() => serializeUnit(sections)).toThrow(expect.objectContaining({ kind: 'software' }));
  });
});
