// Runs the built CLI (dist/, `npm run build` first) for the reliability suites, with a time limit so a hang
// fails the test instead of stalling it, and lays out the standard-method root most cases start from.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { REFERENCE_INI } from '../../src/config/index.js';
import { MAIN as SHARED_MAIN, populate, tempDir } from './cli.js';

export { hashTree, populate, tempDir } from './cli.js';

/**
 * The CLI under test: the shared dist/, or a private build named by BONDIFY_DIST (`npm run reliability` builds
 * one, so a long run is not disturbed by someone rebuilding dist/ half way).
 */
export const MAIN = process.env['BONDIFY_DIST'] ? path.join(process.env['BONDIFY_DIST'], 'cli/main.js') : SHARED_MAIN;


export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export async function cli(args: string[], timeoutMs = 20_000): Promise<Run> {
  const r = await execa('node', [MAIN, ...args], { reject: false, timeout: timeoutMs, env: { NO_COLOR: '1' }, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), timedOut: r.timedOut };
}

/** The reference guide's standard method: what a device looks like before bondify. */
export const STANDARD_FILES: Record<string, string> = {
  '/etc/systemd/network/eth0.network': '[Match]\nName=eth0\n\n[Network]\nAddress=192.168.1.252/24\nGateway=192.168.1.1\nDNS=192.168.1.1\nDNS=8.8.8.8\n',
  '/etc/systemd/network/wlan0.network': '[Match]\nName=wlan0\n\n[Network]\nAddress=192.168.1.25/24\nGateway=192.168.1.1\nDNS=192.168.1.1\n',
};

/** A fresh root holding the standard method, to prove a refused command left it untouched. */
export function standardRoot(prefix: string): string {
  const root = tempDir(prefix);
  populate(root, STANDARD_FILES);
  return root;
}

/**
 * For a test file: a maker of standard-method roots that also hold the reference config at
 * /etc/bondify/bondify.ini; every root it made is removed after the file's tests.
 */
export function configuredRoots(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return (prefix) => {
    const r = standardRoot(prefix);
    populate(r, { '/etc/bondify/bondify.ini': REFERENCE_INI });
    made.push(r);
    return r;
  };
}
