// Runs `runCheck` against a fake host: a temp root holding bondify.ini and the state file, saved bonding files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE_INI } from '../../src/config/default.js';
import { runCheck, type CheckOptions } from '../../src/usecases/check.js';
import { formatCheck } from '../../src/observe/check-report.js';
import { STATE_FILE } from '../../src/observe/check-memory.js';
import { populate } from './fixtures.js';
import { fakeHost, type FakeHost } from './fake-host.js';

export const FILES = fileURLToPath(new URL('../fixtures/check-bonding/', import.meta.url));

export function checkHost(configText: string | null = REFERENCE_INI): FakeHost {
  const host = fakeHost();
  if (configText !== null) populate(host.root, { '/etc/bondify/bondify.ini': configText });
  return host;
}

/** A saved file remembers nothing unless told where (--state): these runs name the default state path, as a series. */
export async function check(host: FakeHost, file: string | null, more: Partial<CheckOptions> = {}) {
  const outcome = await runCheck(host, {
    ping: false,
    bondingFile: file === null ? undefined : path.isAbsolute(file) ? file : path.join(FILES, file),
    stateFile: STATE_FILE,
    ...more,
  });
  const lines = formatCheck(outcome).trimEnd().split('\n');
  return {
    outcome,
    lines,
    status: outcome.health.status,
    problems: lines.slice(1).filter((l) => /^(OK|WARNING|CRITICAL|UNKNOWN):/.test(l)),
  };
}
