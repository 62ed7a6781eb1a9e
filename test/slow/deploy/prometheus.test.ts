// deploy/prometheus: the alert rules pass promtool's own checks and unit tests, and every `check --prom` file
// bondify writes (each saved kernel state, each check result) is valid exposition text by promtool's linter.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { check, checkHost, FILES } from '../../support/check-harness.js';
import { INSTALL_TIMEOUT_MS, needDebianPackages } from './debian.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const RULES_DIR = path.join(REPO, 'deploy/prometheus');
const KERNEL = path.join(REPO, 'test/fixtures/proc-bonding');
const PROM = '/var/lib/node_exporter/textfile/bondify.prom';

const promtool = (args: string[], input?: string) =>
  execa('promtool', args, { cwd: RULES_DIR, reject: false, all: true, ...(input === undefined ? {} : { input }) });

beforeAll(() => needDebianPackages(), INSTALL_TIMEOUT_MS);

describe('the alert rules', () => {
  it('are valid rules by promtool check rules', async () => {
    const r = await promtool(['check', 'rules', 'bondify.rules.yml']);
    expect([r.exitCode, r.all]).toEqual([0, expect.stringContaining('SUCCESS: 9 rules found')]);
  });

  it('fire and stay quiet as their unit tests say (promtool test rules)', async () => {
    const r = await promtool(['test', 'rules', 'bondify.rules.test.yml']);
    expect([r.exitCode, r.all]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('each have a unit test that shows it firing and one that shows it quiet', () => {
    const rules = readFileSync(path.join(RULES_DIR, 'bondify.rules.yml'), 'utf8');
    const tests = readFileSync(path.join(RULES_DIR, 'bondify.rules.test.yml'), 'utf8');
    const names = [...rules.matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]);
    expect(names).toHaveLength(9);
    for (const name of names) {
      const evals = tests.split(/\n\s+- eval_time: /).filter((e) => e.includes(`alertname: ${name}\n`));
      expect([name, evals.some((e) => e.includes('exp_alerts: []'))]).toEqual([name, true]);
      expect([name, evals.some((e) => e.includes('- exp_labels:'))]).toEqual([name, true]);
      expect([name, /severity: (critical|warning)/.test(rules.split(`alert: ${name}\n`)[1] ?? '')]).toEqual([name, true]);
    }
  });

  it('promtool test rules fails when a rule no longer matches its tests (the test can fail)', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bondify-rules-'));
    copyFileSync(path.join(RULES_DIR, 'bondify.rules.test.yml'), path.join(dir, 'bondify.rules.test.yml'));
    const rules = readFileSync(path.join(RULES_DIR, 'bondify.rules.yml'), 'utf8');
    writeFileSync(
      path.join(dir, 'bondify.rules.yml'),
      rules.replace('increase(bondify_failovers_total[30m]) >= 4', 'increase(bondify_failovers_total[30m]) >= 3'),
    );
    const r = await execa('promtool', ['test', 'rules', 'bondify.rules.test.yml'], { cwd: dir, reject: false, all: true });
    expect(r.exitCode).toBe(1);
    expect(r.all).toContain('BondifyFailoverFlapping');
  });
});

// One textfile per situation: [name, the bonding file (null: no bond), the check status bondify_check_status says].
const SITUATIONS: Array<[string, string | null, number | null]> = [
  ['OK, both slaves up', path.join(FILES, 'ok.txt'), 0],
  ['WARNING, running on the backup', path.join(FILES, 'eth0-down.txt'), 1],
  ['CRITICAL, no bond', null, 2],
  ['UNKNOWN, a file that is not a bonding status', path.join(FILES, 'README.md'), 3],
  ...readdirSync(FILES)
    .filter((f) => f.endsWith('.txt'))
    .map((f): [string, string, null] => [`check file ${f}`, path.join(FILES, f), null]),
  ...readdirSync(KERNEL)
    .filter((f) => f.endsWith('.txt'))
    .map((f): [string, string, null] => [`kernel capture ${f}`, path.join(KERNEL, f), null]),
];

describe('check --prom output passes promtool check metrics', () => {
  it('covers OK, WARNING, CRITICAL and UNKNOWN', () => {
    expect(SITUATIONS.map((s) => s[2]).filter((s) => s !== null)).toEqual([0, 1, 2, 3]);
  });

  it.each(SITUATIONS)('%s', async (_name, file, status) => {
    const host = checkHost();
    const toAbsolute = (f: string | null) => (f === null ? null : path.relative(FILES, f));
    // The first run has no memory (no failover count yet); the second counts against the first.
    for (const run of [1, 2]) {
      await check(host, toAbsolute(file), { prom: PROM });
      const text = readFileSync(path.join(host.root, PROM), 'utf8');
      if (status !== null) expect(text).toContain(`bondify_check_status{bond="bond0"} ${status}\n`);
      const r = await promtool(['check', 'metrics'], text);
      expect([run, r.exitCode, r.all]).toEqual([run, 0, '']);
    }
  });

  it('promtool check metrics rejects what it should (the check can fail)', async () => {
    const r = await promtool(['check', 'metrics'], '# HELP x_failures A counter.\n# TYPE x_failures counter\nx_failures{bond="bond0"} 1\n');
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain('should have "_total" suffix');
  });
});
