// An empty value for any flag that takes a path (an unset variable: `--root $MNT`) is a usage error naming the flag,
// never the current directory: every command's own run(), in-process, with its error reported as main reports it.
// Every other path is pinned into a scratch root, whose fingerprint must not change.
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { EMPTY, pinned } from '../../support/empty-flags.js';
import { hashTree, put, standardRoot } from '../../support/fixtures.js';
import { bondify } from '../../support/in-process.js';

describe('an empty path flag is a usage error', () => {
  const rows = EMPTY.flatMap(
    ([cmd, flag]) =>
      [
        [`${cmd.join(' ')} ${flag} ''`, cmd, flag, [flag, '']],
        [`${cmd.join(' ')} ${flag}=`, cmd, flag, [`${flag}=`]],
      ] as const,
  );
  it.each(rows)('%s', async (_, cmd, flag, given) => {
    const root = standardRoot('empty');
    put(root, '/etc/bondify/bondify.ini', REFERENCE_INI);
    const before = hashTree(root);
    const r = await bondify([...cmd, ...pinned(cmd, flag, root), ...given]);
    // check is a monitoring plugin: a bad flag is UNKNOWN (3) there, a usage error (64) everywhere else.
    expect(r.code, r.text).toBe(cmd[0] === 'check' ? 3 : 64);
    expect(r.text).toContain(`${flag} is empty (an unset variable?)`);
    expect(hashTree(root)).toBe(before);
  });
});
