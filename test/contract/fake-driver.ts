// The contract's driver on the fake host: the same bondify argv as the lab, run in-process by the CLI's own command
// modules (their nodeHost answered by the FakeNet, see test/unit/contract.test.ts), with main's error-to-exit mapping.
import { bondify } from '../support/in-process.js';
import type { FakeNet } from '../support/fake-net.js';
// @ts-expect-error -- plain JavaScript shared with the lab guest
import { fingerprints, shows } from './bond-contract.mjs';

/** `bondify <argv>` as main runs it: the command's exit code, or the thrown error's (support/in-process.ts). */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; out: string }> {
  const r = await bondify(argv);
  return { code: r.code, stdout: r.stdout, out: r.text };
}

export function fakeDriver(net: FakeNet) {
  const status = async () => {
    const r = await cli(['status', '--json']);
    return r.code === 0 ? JSON.parse(r.stdout) : null;
  };
  return {
    bondify: cli,
    async fault(name: 'eth0Down' | 'eth0Up') {
      net.setCarrier('eth0', name === 'eth0Up');
    },
    // The fake kernel changes at once: a state it does not show now, it never will.
    settle: async (want: unknown) => shows(await status(), want) as boolean,
    files: async () => fingerprints(net.root) as Record<string, string | null>,
  };
}
