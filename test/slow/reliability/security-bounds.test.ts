// Files bondify did not write may be anything: through the built CLI, a sparse 2 GB file wherever bondify reads
// (a .network under --root, a backup's manifest.json, init --from, --config, --bonding-file) is refused with its
// name, its size and the bound — never "Cannot create a string longer than…" — and a FIFO wherever bondify reads
// or writes (--state, --config, --bonding-file, --prom, the default config under --root) is refused at once,
// never waited on. Nothing is written. Prints "oversized and special files: N tried, N refused cleanly".
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { tempDir } from '../../support/fixtures.js';
import { cli, configuredRoots } from '../../support/cli.js';
import { tally } from './figures.js';

const FIXTURE = path.resolve('test/fixtures/proc-bonding/lab-6.1-active-backup-both-up.txt');
const HUGE = 2 * 1024 * 1024 * 1024;
const root = configuredRoots();
const { made, tried, held } = tally('oversized and special files', 'refused cleanly');

const sparse = (file: string): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, HUGE);
};
const fifo = async (file: string): Promise<void> => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await execa('mkfifo', [file]);
};
const scratch = (): string => {
  const d = tempDir('bounds');
  made.push(d);
  return d;
};

/** Every file under `dir` with its size (a sparse file is not read), to prove a refused run wrote nothing. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const p = path.join(rel, name);
      const st = fs.lstatSync(path.join(dir, p));
      out.push(`${p} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk('');
  return out;
}

// [what, arrange (root, scratch) → argv, exit code, the parts the message must contain]
type Case = [string, (r: string, s: string) => Promise<string[]>, number, Array<string | RegExp>];

const OVERSIZED: Case[] = [
  [
    'apply: a 2 GB .network in the network folder',
    async (r) => {
      sparse(path.join(r, 'etc/systemd/network/99-huge.network'));
      return ['apply', '--yes', '--root', r];
    },
    65,
    ['/etc/systemd/network/99-huge.network', `${HUGE} bytes`, '4 MiB'],
  ],
  [
    'backups: a 2 GB manifest.json',
    async (r) => {
      const ok = await cli(['apply', '--yes', '--root', r]);
      if (ok.exitCode !== 0) throw new Error(ok.stderr);
      const b = path.join(r, 'var/lib/bondify/backups');
      sparse(path.join(b, fs.readdirSync(b)[0] as string, 'manifest.json'));
      return ['backups', '--root', r];
    },
    65,
    [/backups\/[^/]+\/manifest\.json/, `${HUGE} bytes`, '4 MiB'],
  ],
  [
    'rollback: a 2 GB manifest.json',
    async (r) => {
      const ok = await cli(['apply', '--yes', '--root', r]);
      if (ok.exitCode !== 0) throw new Error(ok.stderr);
      const b = path.join(r, 'var/lib/bondify/backups');
      sparse(path.join(b, fs.readdirSync(b)[0] as string, 'manifest.json'));
      return ['rollback', '--root', r];
    },
    65,
    [/manifest\.json/, `${HUGE} bytes`, '4 MiB'],
  ],
  [
    'init --from: a 2 GB .network',
    async (r, s) => {
      fs.cpSync(path.join(r, 'etc/systemd/network'), path.join(s, 'from'), { recursive: true });
      sparse(path.join(s, 'from/30-huge.network'));
      return ['init', '--from', path.join(s, 'from'), '--write', '-'];
    },
    65,
    ['30-huge.network', `${HUGE} bytes`, '4 MiB'],
  ],
  [
    'plan --config: a 2 GB config',
    async (r, s) => {
      sparse(path.join(s, 'big.ini'));
      return ['plan', '--root', r, '--config', path.join(s, 'big.ini')];
    },
    78,
    ['big.ini', `${HUGE} bytes`, '4 MiB'],
  ],
  [
    'status --bonding-file: a 2 GB capture',
    async (_, s) => {
      sparse(path.join(s, 'bond0'));
      return ['status', '--bonding-file', path.join(s, 'bond0')];
    },
    65,
    ['bond0', `${HUGE} bytes`, '4 MiB'],
  ],
];

const SPECIAL: Case[] = [
  [
    'check --state: a FIFO',
    async (_, s) => {
      await fifo(path.join(s, 'state'));
      return ['check', '--bonding-file', FIXTURE, '--state', path.join(s, 'state'), '--config', path.join(s, 'none.ini')];
    },
    -1,
    ['previous run not read: is a FIFO, not a regular file', /state not saved.*not a regular file/],
  ],
  [
    'check --prom: a FIFO',
    async (_, s) => {
      await fifo(path.join(s, 'metrics.prom'));
      return ['check', '--bonding-file', FIXTURE, '--state', path.join(s, 'state.json'), '--prom', path.join(s, 'metrics.prom')];
    },
    -1,
    [/metrics not written.*not a regular file/],
  ],
  [
    'check --config: a FIFO',
    async (_, s) => {
      await fifo(path.join(s, 'bondify.ini'));
      return ['check', '--bonding-file', FIXTURE, '--state', path.join(s, 'state.json'), '--config', path.join(s, 'bondify.ini')];
    },
    -1,
    ['is a FIFO, not a regular file'],
  ],
  [
    'plan --config: a FIFO',
    async (r, s) => {
      await fifo(path.join(s, 'bondify.ini'));
      return ['plan', '--root', r, '--config', path.join(s, 'bondify.ini')];
    },
    78,
    ['bondify.ini', 'is a FIFO, not a regular file'],
  ],
  [
    'plan: a FIFO as the default config under --root',
    async (r) => {
      fs.rmSync(path.join(r, 'etc/bondify/bondify.ini'));
      await fifo(path.join(r, 'etc/bondify/bondify.ini'));
      return ['plan', '--root', r];
    },
    78,
    ['bondify.ini', 'is a FIFO, not a regular file'],
  ],
  [
    'status --bonding-file: a FIFO',
    async (_, s) => {
      await fifo(path.join(s, 'bond0'));
      return ['status', '--bonding-file', path.join(s, 'bond0')];
    },
    65,
    ['bond0', 'is a FIFO, not a regular file'],
  ],
  [
    'check --bonding-file: a FIFO',
    async (_, s) => {
      await fifo(path.join(s, 'bond0'));
      return ['check', '--bonding-file', path.join(s, 'bond0'), '--state', path.join(s, 'state.json')];
    },
    3,
    ['is a FIFO, not a regular file'],
  ],
  [
    'status --bonding-file: /dev/zero',
    async () => ['status', '--bonding-file', '/dev/zero'],
    65,
    ['/dev/zero', 'is a device, not a regular file'],
  ],
];

describe('oversized files bondify did not write: refused with the file, its size and the bound', () => {
  it.concurrent.for([...OVERSIZED, ...SPECIAL])('%s', async ([, arrange, code, parts], { expect }) => {
    tried();
    const r = root('bounds');
    const s = scratch();
    const argv = await arrange(r, s);
    const before = listing(path.join(r, 'etc'));
    const run = await cli(argv, { timeoutMs: 15_000 });
    const said = run.stdout + run.stderr;
    expect(run.timedOut, 'a FIFO must be refused, not waited on').toBe(false);
    if (code >= 0) expect(run.exitCode, said).toBe(code);
    for (const p of parts) expect(said).toMatch(typeof p === 'string' ? new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : p);
    expect(said).not.toContain('internal error');
    expect(said).not.toContain('Cannot create a string');
    expect(listing(path.join(r, 'etc'))).toEqual(before);
    held();
  });
});
