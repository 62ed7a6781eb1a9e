// Runs the built CLI (dist/cli/main.js, `npm run build` first) with argv and a time limit, so a hang fails the
// test instead of stalling it. BONDIFY_DIST names a private build instead (`npm run reliability` makes one, so a
// long run is not disturbed by someone rebuilding dist/ half way).
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE_INI } from '../../src/config/index.js';
import { populate, standardRoot } from './fixtures.js';

export const MAIN = process.env['BONDIFY_DIST']
  ? path.join(process.env['BONDIFY_DIST'], 'cli/main.js')
  : fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export async function cli(args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<Run> {
  const r = await execa('node', [MAIN, ...args], {
    reject: false,
    timeout: opts.timeoutMs ?? 20_000,
    cwd: opts.cwd,
    env: { NO_COLOR: '1' },
    stdin: 'ignore',
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), timedOut: r.timedOut };
}

/** A maker of standard-method roots that also hold the reference config at /etc/bondify/bondify.ini. */
export function configuredRoots(): (prefix: string) => string {
  return (prefix) => {
    const r = standardRoot(prefix);
    populate(r, { '/etc/bondify/bondify.ini': REFERENCE_INI });
    return r;
  };
}
