// The contract's driver on the fake host: the same bondify argv as the lab, run in-process by the CLI's own command
// modules (their nodeHost answered by the FakeNet, see test/unit/contract.test.ts), with main's error-to-exit mapping.
import type { Io } from '../../src/cli/io.js';
import { reportError } from '../../src/cli/report-error.js';
import type { FakeNet } from '../support/fake-net.js';
// @ts-expect-error -- plain JavaScript shared with the lab guest
import { fingerprints, shows } from './bond-contract.mjs';

type Run = (args: string[], io: Io) => Promise<number>;
const COMMANDS: Record<string, () => Promise<{ run: Run }>> = {
  apply: () => import('../../src/cli/commands/apply.js'),
  rollback: () => import('../../src/cli/commands/rollback.js'),
  status: () => import('../../src/cli/commands/status.js'),
  check: () => import('../../src/cli/commands/check.js'),
};

/** `bondify <argv>` as main runs it: the command's exit code, or the thrown error's. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; out: string }> {
  const [name = '', ...rest] = argv;
  const load = COMMANDS[name];
  if (!load) throw new Error(`fake driver: no command ${name}`);
  let stdout = '';
  let out = '';
  const io: Io = { out: (t) => void ((stdout += t), (out += t)), err: (t) => void (out += t), color: false };
  let code: number;
  try {
    code = await (await load()).run(rest, io);
  } catch (e) {
    const r = reportError(e);
    io.err(r.message);
    code = r.code;
  }
  return { code, stdout, out };
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
