// The tsc build (dist/) carries the templates compiled in: it plans from a folder with no netdev-templates/ beside
// it, byte for byte as it does in the checkout. Slow project: it runs what `npm run build` made.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

it('the tsc build plans from a folder with no netdev-templates/ beside it, as it does in the checkout', async () => {
  const pkg = tempDir('no-templates');
  fs.cpSync(path.join(REPO, 'dist'), path.join(pkg, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(pkg, 'package.json'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(pkg, 'node_modules'));
  const root = tempDir('no-templates-root');
  const run = (main: string) => execa('node', [main, 'plan', '--json', '--root', root], { reject: false, env: { NO_COLOR: '1' } });
  const [moved, home] = await Promise.all([run(path.join(pkg, 'dist/cli/main.js')), run(path.join(REPO, 'dist/cli/main.js'))]);
  expect(fs.existsSync(path.join(pkg, 'netdev-templates'))).toBe(false);
  expect(moved.exitCode, moved.stderr).toBe(0);
  expect(moved.stdout).toBe(home.stdout);
  expect(JSON.parse(moved.stdout)).toHaveLength(6);
});
