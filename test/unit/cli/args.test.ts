// The quick argument reader gives exactly what util.parseArgs gives, or steps aside (null) so parseArgs reads the
// words and raises the usage error: checked on a table of the words cron and people pass, and on random words.
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, quickParse } from '../../../src/cli/args.js';

const OPTIONS = {
  bond: { type: 'string' },
  'bonding-file': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  heal: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What parseArgs makes of the words, or the message it throws. */
function reference(args: string[], allowPositionals: boolean) {
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals, strict: true });
    return { values: { ...values }, positionals };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('quickParse', () => {
  it.each([
    [['--bonding-file', '/tmp/b', '--config', '/etc/b.ini', '--state', '/s']],
    [['--bonding-file', '/tmp/b', '--config=/etc/b.ini', '--json']],
    [['--json', '--json', '--bond', 'a', '--bond', 'b']],
    [['--config=--json']],
    [[]],
  ])('reads %j as parseArgs does', (args) => {
    const options = { ...OPTIONS, state: { type: 'string' } } as const;
    const quick = quickParse(args, options, false);
    expect(quick).not.toBeNull();
    const ref = parseArgs({ args, options, strict: true });
    expect({ ...quick?.values }).toEqual({ ...ref.values });
    expect(Object.getPrototypeOf(quick?.values)).toBe(Object.getPrototypeOf(ref.values));
    expect(quick?.positionals).toEqual(ref.positionals);
  });

  it.each([
    [['-h']],
    [['--']],
    [['--config']],
    [['--config', '--json']],
    [['--config', '']],
    [['--config=']],
    [['--json=1']],
    [['--nope']],
    [['--constructor']],
    [['--__proto__', 'x']],
    [['stray']],
    [['-']],
  ])('steps aside for %j (parseArgs reads it or throws)', (args) => {
    expect(quickParse(args, OPTIONS, false)).toBeNull();
  });

  it('agrees with parseArgs on random words, positionals allowed or not', () => {
    const word = fc.oneof(
      fc.constantFrom('--bond', '--bonding-file', '--config', '--json', '--heal', '--help', '-h', '--', '-', '', '--x', 'bond0', '/tmp/f'),
      fc.tuple(fc.constantFrom('--bond=', '--json=', '--config=', '--nope='), fc.string({ maxLength: 3 })).map(([a, b]) => a + b),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), fc.boolean(), (args, allowPositionals) => {
        const quick = quickParse(args, OPTIONS, allowPositionals);
        if (quick === null) return;
        expect({ values: { ...quick.values }, positionals: quick.positionals }).toEqual(reference(args, allowPositionals));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('parseCommandArgs still turns what only parseArgs reads into a usage error', () => {
    expect(() => parseCommandArgs('check', ['--config', '--json'], OPTIONS)).toThrow(/^check: .*--config/);
    expect(() => parseCommandArgs('check', ['--config='], OPTIONS)).toThrow('check: --config is empty (an unset variable?)');
    expect(parseCommandArgs('check', ['-h'], OPTIONS).values.help).toBe(true);
  });
});
