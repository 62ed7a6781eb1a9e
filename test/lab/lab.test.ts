// The lab project's one test file. Each suite boots its own guest(s) under TCG, and two guests on 2 cores only
// slow each other, so the suites run one after another here, and the lab runs alone after the slow project (its
// own group in test/vitest.config.ts: beside the slow suites a guest ran more than 2× slower, long enough to stretch
// wifi past the deadlines the lab proves). The suites are imported inside a describe each, so a suite's top-level
// beforeAll/afterAll belong to it alone, and `-t <suite file>` runs one suite (vitest runs no hook of a suite it
// filters out):
//   npx vitest run --config test/vitest.config.ts --project lab -t check.lab.ts
import { describe } from 'vitest';

describe('selftest.lab.ts', async () => {
  await import('./selftest.lab.js');
});
describe('apply.lab.ts', async () => {
  await import('./apply.lab.js');
});
describe('check.lab.ts', async () => {
  await import('./check.lab.js');
});
describe('networkd257.lab.ts', async () => {
  await import('./networkd257.lab.js');
});
describe('reliability.lab.ts', async () => {
  await import('./reliability.lab.js');
});
describe('dhcp.lab.ts', async () => {
  await import('./dhcp.lab.js');
});
