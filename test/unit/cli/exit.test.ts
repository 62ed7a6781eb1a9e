// The one mapping from what a use case did to the code bondify exits with (cli/exit.ts): the use cases return
// outcomes, and a dry run whose preflight fails exits with the code the real apply fails with.
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { EXIT, exitCodeOf, type Outcome } from '../../../src/cli/exit.js';
import { isBondifyError } from '../../../src/errors.js';
import type { Host } from '../../../src/system/host.js';
import { files, model, options, standardDevice } from '../../support/scenario.js';
import { put } from '../../support/fixtures.js';
import type { FakeNet } from '../../support/fake-net.js';

describe('outcomes to exit codes', () => {
  const codes: Array<[Outcome, number]> = [
    ['dry-run', 0],
    ['nothing-to-do', 0],
    ['declined', 1],
    ['written', 0],
    ['applied', 0],
    ['confirmed', 0],
    ['reverted-unconfirmed', 75],
    ['nothing-to-roll-back', 0],
    ['rolled-back', 0],
    ['reverted', 0],
    ['nothing-to-revert', 0],
  ];
  it.each(codes)('%s exits %i', (outcome, code) => {
    expect(exitCodeOf({ outcome })).toBe(code);
  });

  const refusing: Array<[string, (net: FakeNet) => Host, number]> = [
    ['not root', (net) => ({ ...net.host(), isRoot: () => false }), 77],
    [
      'a package file that would win over bondify',
      (net) => (put(net.root, '/usr/lib/systemd/network/05-eth.network', '[Match]\nName=eth0\n'), net.host()),
      78,
    ],
    ['a slave that does not exist', (net) => (net.links.delete('wlan0'), net.sync(), net.host()), 69],
  ];
  it.each(refusing)('a dry run refused by preflight (%s) exits %i, as the real apply does', async (_, setup, code) => {
    const dry = await apply(setup(standardDevice()), model(), files(), options({ dryRun: true }), () => {});
    expect(dry.outcome).toBe('dry-run');
    expect(exitCodeOf(dry)).toBe(code);
    const real = await apply(setup(standardDevice()), model(), files(), options(), () => {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBondifyError(real) ? EXIT[real.kind] : real).toBe(code);
  });
});
