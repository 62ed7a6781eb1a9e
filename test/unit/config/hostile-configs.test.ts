// Every hostile bondify.ini (test/support/hostile-configs.ts), loaded in-process as every command loads it: a
// config error (78) whose message names the problem and a fix, never an internal error. The reliability suite
// (test/slow/reliability/hostile-input.test.ts) sends them through the built CLI and hashes the root around it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { nodeHost } from '../../../src/system/node-host.js';
import { reportError } from '../../../src/cli/report-error.js';
import { isBondifyError } from '../../../src/errors.js';
import { HOSTILE_CONFIGS } from '../../support/hostile-configs.js';
import { put, standardRoot } from '../../support/fixtures.js';

describe('hostile configs are config errors naming the problem and a fix', () => {
  it.each(HOSTILE_CONFIGS.map((c, i) => [...c, i % 2 === 0] as const))('%s', (_, content, parts, viaDefault) => {
    const root = standardRoot('hostile');
    const file = path.join(root, 'etc/bondify/bondify.ini');
    put(root, '/etc/bondify/bondify.ini', content);
    let thrown: unknown = null;
    try {
      loadConfig(nodeHost({ root }), viaDefault ? undefined : file, { allowDefault: true });
    } catch (e) {
      thrown = e;
    }
    expect(isBondifyError(thrown), String(thrown)).toBe(true);
    const r = reportError(thrown);
    expect(r.code, r.message).toBe(78);
    expect(r.message.startsWith(`bondify: ${file}`), r.message).toBe(true);
    for (const p of parts) expect(r.message).toContain(p);
    expect(r.message).toMatch(/\n {2}fix: \S/);
  });
});
