// Crash consistency of the transaction on an offline root, with real kills and no hooks in the product:
// `strace -e inject=<syscall>:signal=SIGKILL:when=N` kills bondify at its N-th rename / unlink / fsync. After each
// kill no file is partial, the files would bring both links up on a reboot, and the next run converges: apply
// finishes to the new set, rollback to the original.
// Every rename and unlink is a crash point; fsync every 5th unless BONDIFY_CRASH_FULL=1 (all of them, minutes).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI } from '../../../src/config/index.js';
import { TEMP_MARK } from '../../../src/system/fs.js';
import { ETH0, WLAN0, snapshot, tempRoot } from '../../support/fixtures.js';
import { bootable } from '../../support/sets.js';

const MAIN = path.resolve('dist/cli/main.js');
const FULL = process.env.BONDIFY_CRASH_FULL === '1';
const NET = '/etc/systemd/network';

function device(): string {
  const root = tempRoot();
  fs.mkdirSync(path.join(root, 'etc/systemd/network'), { recursive: true });
  fs.mkdirSync(path.join(root, 'etc/bondify'));
  fs.writeFileSync(path.join(root, NET, 'eth0.network'), ETH0);
  fs.writeFileSync(path.join(root, NET, 'wlan0.network'), WLAN0);
  fs.writeFileSync(path.join(root, 'etc/bondify/bondify.ini'), REFERENCE_INI);
  return root;
}

const bondify = (root: string, args: string[], inject?: string) => {
  const argv = ['node', MAIN, ...args, '--root', root];
  const r = inject
    ? spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', '-e', `inject=${inject}:signal=SIGKILL`, ...argv])
    : spawnSync(argv[0] as string, argv.slice(1));
  return { status: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}` };
};

const inNetDirs = (k: string) => k.startsWith('/etc/systemd/network/') || k.startsWith('/etc/modprobe.d/');
/** The files networkd and modprobe read (a killed write's hidden temp file is neither), path → content. */
const netFiles = (root: string) =>
  Object.fromEntries(
    Object.entries(snapshot(root))
      .filter(([k]) => inNetDirs(k) && !k.includes(TEMP_MARK))
      .map(([k, v]) => [k, v.slice(v.indexOf(' ') + 1)]),
  );
const temps = (root: string) => Object.keys(snapshot(root)).filter((k) => inNetDirs(k) && k.includes(TEMP_MARK));

describe('crash points (strace fault injection)', () => {
  it('every kill during apply and rollback leaves whole files and a next run that converges', () => {
    expect(spawnSync('strace', ['-V']).status, 'strace is needed: apt-get install strace').toBe(0);
    expect(fs.existsSync(MAIN), 'run npm run build first').toBe(true);
    const ref = device();
    const original = netFiles(ref);
    expect(bondify(ref, ['apply', '--yes']).status).toBe(0);
    const applied = netFiles(ref);
    const allowed = new Map<string, Set<string>>();
    for (const set of [original, applied]) for (const [k, v] of Object.entries(set)) allowed.set(k, (allowed.get(k) ?? new Set()).add(v));

    const tally = { tried: 0, consistent: 0, recovered: 0 };
    for (const phase of ['apply', 'rollback'] as const) {
      for (const call of ['rename', 'unlink', 'fsync']) {
        for (let n = 1; n < 100; n++) {
          if (call === 'fsync' && !FULL && n % 5 !== 1) continue;
          const root = device();
          if (phase === 'rollback') bondify(root, ['apply', '--yes']);
          const r = bondify(root, phase === 'apply' ? ['apply', '--yes'] : ['rollback'], `${call}:when=${n}`);
          if (r.signal !== 'SIGKILL') {
            expect(r.status, r.out).toBe(0); // ran past its last such call: this syscall is done
            break;
          }
          tally.tried++;
          const now = netFiles(root);
          const whole = Object.entries(now).every(([k, v]) => allowed.get(k)?.has(v) === true);
          if (whole) tally.consistent++;
          expect(whole, `${phase} killed at ${call} #${n}: ${JSON.stringify(now)}`).toBe(true);
          expect(
            bootable(root),
            `${phase} killed at ${call} #${n}: a reboot now would not bring both links up: ${Object.keys(now).join(' ')}`,
          ).toBe(true);
          const next = bondify(root, phase === 'apply' ? ['apply', '--yes'] : ['rollback']);
          const converged = next.status === 0 && JSON.stringify(netFiles(root)) === JSON.stringify(phase === 'apply' ? applied : original);
          expect(converged, `${phase} after a kill at ${call} #${n}: ${next.out}`).toBe(true);
          expect(temps(root)).toEqual([]);
          if (phase === 'apply' && (FULL || n % 2 === 1)) {
            const back = bondify(root, ['rollback']);
            expect(JSON.stringify(netFiles(root)), back.out).toBe(JSON.stringify(original));
          }
          if (converged) tally.recovered++;
        }
      }
    }
    console.log(`crash points: ${tally.tried} tried, ${tally.consistent} consistent, ${tally.recovered} recovered`);
    expect(tally.tried).toBeGreaterThan(FULL ? 60 : 25);
    expect(tally.recovered).toBe(tally.tried);
  }, 300_000);
});
