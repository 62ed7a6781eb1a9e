// The config root trusts cannot be raced: (1) through the built CLI, while an unprivileged user (nobody) flips a
// symlink on the way to root's config between a root-owned file and their own, no plan or apply ever uses the
// user's value — every run is refused (78) because the chain passes through something that user can change;
// (2) the open-then-verify logic itself, deterministically: every folder and link on the way is checked, and the
// descriptor read is proven to be the file that was checked (a file swapped between the check and the open is
// refused). Prints "config trust races: N tried, N refused cleanly".
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTree, populate, standardRoot, tempDir } from '../../support/fixtures.js';
import { cli, MAIN } from '../../support/cli.js';
import { tally } from './figures.js';
import { openTrusted, openVerified, resolveTrusted } from '../../../src/system/trust.js';
import { readTrustedText } from '../../../src/system/read-files.js';
import { REFERENCE_INI } from '../../../src/config/index.js';

const NOBODY = 65534;
const EVIL = '10.66.6.6';
const EVIL_INI = REFERENCE_INI.replace(/^address = .*$/m, `address = ${EVIL}/24`);
const { made, tried, held } = tally('config trust races', 'refused cleanly');

function dir(prefix: string): string {
  const d = tempDir(prefix);
  fs.chmodSync(d, 0o755); // nobody must reach the folder it owns inside
  made.push(d);
  return d;
}

/** A process of nobody's that swaps `link` between `a` and `b` (atomically, by rename) until it is killed. */
function flipper(link: string, a: string, b: string): ResultPromise {
  const code = `const fs = require('fs'); const [link, a, b] = process.argv.slice(1); const end = Date.now() + 120000;
    for (let i = 0; Date.now() < end; i++) { const t = link + '.t' + (i % 2); try { fs.rmSync(t, { force: true }); fs.symlinkSync(i % 2 ? b : a, t); fs.renameSync(t, link); } catch {} }`;
  return execa('node', ['-e', code, link, a, b], { uid: NOBODY, gid: NOBODY, reject: false });
}

/** [what, lay out the chain under `base`: returns the config path root names, the link nobody flips, its two targets] */
const CHAINS: Array<[string, (base: string) => { config: string; link: string; ok: string; evil: string }]> = [
  [
    "a link in a folder nobody owns, between root's file and theirs",
    (base) => {
      populate(base, { '/cfg/ok.ini': REFERENCE_INI });
      fs.mkdirSync(path.join(base, 'u'));
      fs.chownSync(path.join(base, 'u'), NOBODY, NOBODY);
      const evil = path.join(base, 'u/evil.ini');
      fs.writeFileSync(evil, EVIL_INI);
      fs.chownSync(evil, NOBODY, NOBODY);
      const link = path.join(base, 'u/l.ini');
      fs.symlinkSync(path.join(base, 'cfg/ok.ini'), link);
      fs.lchownSync(link, NOBODY, NOBODY);
      fs.symlinkSync(link, path.join(base, 'cfg/chain.ini'));
      return { config: path.join(base, 'cfg/chain.ini'), link, ok: path.join(base, 'cfg/ok.ini'), evil };
    },
  ],
  [
    "nobody's link in a sticky world-writable folder, between root's file and theirs",
    (base) => {
      populate(base, { '/cfg/ok.ini': REFERENCE_INI });
      fs.mkdirSync(path.join(base, 'sticky'), { mode: 0o1777 });
      fs.chmodSync(path.join(base, 'sticky'), 0o1777);
      const evil = path.join(base, 'sticky/evil.ini');
      fs.writeFileSync(evil, EVIL_INI);
      fs.chownSync(evil, NOBODY, NOBODY);
      const link = path.join(base, 'sticky/l.ini');
      fs.symlinkSync(path.join(base, 'cfg/ok.ini'), link);
      fs.lchownSync(link, NOBODY, NOBODY);
      fs.symlinkSync(link, path.join(base, 'cfg/chain.ini'));
      return { config: path.join(base, 'cfg/chain.ini'), link, ok: path.join(base, 'cfg/ok.ini'), evil };
    },
  ],
];

describe("a symlink another user flips on the way to root's config: the evil value is never used", () => {
  it.for(CHAINS)('%s', { timeout: 180_000 }, async ([, layout]) => {
    const base = dir('race');
    const { config, link, ok, evil } = layout(base);
    const root = standardRoot('race-root');
    made.push(root);
    const before = hashTree(root);
    const flip = flipper(link, ok, evil);
    try {
      // Both targets must really be in play, or the race is not being run.
      const seen = new Set<string>();
      for (const end = Date.now() + 10_000; Date.now() < end && seen.size < 2;) {
        seen.add(fs.readlinkSync(link));
        await new Promise((res) => setTimeout(res, 1));
      }
      expect([...seen].sort()).toEqual([evil, ok].sort());
      const runs = [
        ...Array.from({ length: 12 }, () => ['plan', '--root', root, '--config', config]),
        ...Array.from({ length: 2 }, () => ['apply', '--yes', '--root', root, '--config', config]),
      ];
      for (const argv of runs) {
        tried();
        const r = await cli(argv);
        expect(r.stdout + r.stderr).not.toContain(EVIL);
        expect(r.exitCode, r.stderr).toBe(78);
        expect(r.stderr).toMatch(/refusing a config file that other users can change: .*(owned by uid 65534|symlink owned by uid 65534)/);
        expect(hashTree(root)).toBe(before);
        held();
      }
    } finally {
      flip.kill('SIGKILL');
      await flip;
    }
  });

  it("the same chain through root's own link and folders is accepted (the refusal above is about nobody)", async () => {
    const base = dir('race-ok');
    populate(base, { '/cfg/ok.ini': REFERENCE_INI });
    fs.symlinkSync(path.join(base, 'cfg/ok.ini'), path.join(base, 'cfg/l.ini'));
    fs.symlinkSync('l.ini', path.join(base, 'cfg/chain.ini'));
    const r = await cli(['plan', '--root', standardRoot('race-ok-root'), '--config', path.join(base, 'cfg/chain.ini')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('192.168.1.252');
  });

  it('a user who is not root is not held to it: nobody plans through their own links', async () => {
    const base = dir('race-user');
    fs.mkdirSync(path.join(base, 'u'));
    fs.writeFileSync(path.join(base, 'u/mine.ini'), REFERENCE_INI);
    fs.symlinkSync('mine.ini', path.join(base, 'u/l.ini'));
    await execa('chown', ['-hR', `${NOBODY}:${NOBODY}`, path.join(base, 'u')]);
    const root = standardRoot('race-user-root');
    made.push(root);
    fs.chmodSync(root, 0o755);
    const r = await execa('node', [MAIN, 'plan', '--root', root, '--config', path.join(base, 'u/l.ini')], {
      reject: false,
      uid: NOBODY,
      gid: NOBODY,
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
  });
});

describe('open-then-verify (resolveTrusted, openVerified)', () => {
  const layout = () => {
    const base = dir('verify');
    populate(base, { '/cfg/ok.ini': 'ok\n', '/cfg/other.ini': 'other\n' });
    return base;
  };

  it("follows root's links (relative, absolute, with ..) to the real file", () => {
    const base = layout();
    fs.mkdirSync(path.join(base, 'cfg/sub'));
    fs.symlinkSync('../ok.ini', path.join(base, 'cfg/sub/rel.ini'));
    fs.symlinkSync(path.join(base, 'cfg/sub/rel.ini'), path.join(base, 'abs.ini'));
    const w = resolveTrusted(path.join(base, 'abs.ini'));
    expect(w.ok && w.real).toBe(fs.realpathSync(path.join(base, 'cfg/ok.ini')));
    const r = readTrustedText(path.join(base, 'abs.ini'));
    expect(r.ok && r.text).toBe('ok\n');
  });

  it.each([
    [
      'a folder in between owned by uid 1000',
      (b: string) => {
        fs.chownSync(path.join(b, 'cfg'), 1000, 1000);
        return path.join(b, 'cfg/ok.ini');
      },
      /cfg is owned by uid 1000/,
    ],
    [
      'a link in the middle owned by uid 1000',
      (b: string) => {
        fs.symlinkSync(path.join(b, 'cfg/ok.ini'), path.join(b, 'mid.ini'));
        fs.lchownSync(path.join(b, 'mid.ini'), 1000, 1000);
        fs.symlinkSync(path.join(b, 'mid.ini'), path.join(b, 'first.ini'));
        return path.join(b, 'first.ini');
      },
      /mid\.ini is a symlink owned by uid 1000/,
    ],
    [
      'a link into a group-writable folder',
      (b: string) => {
        fs.mkdirSync(path.join(b, 'g'), { mode: 0o775 });
        fs.chmodSync(path.join(b, 'g'), 0o775);
        fs.chownSync(path.join(b, 'g'), 0, 1000);
        fs.writeFileSync(path.join(b, 'g/x.ini'), 'x\n');
        fs.symlinkSync(path.join(b, 'g/x.ini'), path.join(b, 'cfg/to-g.ini'));
        return path.join(b, 'cfg/to-g.ini');
      },
      /g is writable by group 1000/,
    ],
    [
      'a world-writable file at the end',
      (b: string) => {
        fs.chmodSync(path.join(b, 'cfg/ok.ini'), 0o666);
        return path.join(b, 'cfg/ok.ini');
      },
      /ok\.ini is writable by every user/,
    ],
    [
      'a symlink loop',
      (b: string) => {
        fs.symlinkSync('loop-b', path.join(b, 'cfg/loop-a'));
        fs.symlinkSync('loop-a', path.join(b, 'cfg/loop-b'));
        return path.join(b, 'cfg/loop-a');
      },
      /too many symlinks/,
    ],
  ] as const)('refuses %s', (_, arrange, why) => {
    const w = resolveTrusted(arrange(layout()));
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.message).toMatch(why);
    tried();
    held();
  });

  it('a file swapped after the check is refused, not read', () => {
    const base = layout();
    const file = path.join(base, 'cfg/ok.ini');
    const w = resolveTrusted(file);
    if (!w.ok) throw new Error(w.message);
    fs.renameSync(path.join(base, 'cfg/other.ini'), file); // another inode now has the checked name
    const o = openVerified(w);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.message).toMatch(/replaced while it was being checked/);
    tried();
    held();
  });

  it('a file turned into a symlink after the check is refused, not followed', () => {
    const base = layout();
    const file = path.join(base, 'cfg/ok.ini');
    const w = resolveTrusted(file);
    if (!w.ok) throw new Error(w.message);
    fs.rmSync(file);
    fs.symlinkSync(path.join(base, 'cfg/other.ini'), file);
    const o = openVerified(w);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.message).toMatch(/replaced by a symlink/);
    tried();
    held();
  });

  it('a file made world-writable between the check and the open is refused on the opened descriptor', () => {
    const base = layout();
    const file = path.join(base, 'cfg/ok.ini');
    const w = resolveTrusted(file);
    if (!w.ok) throw new Error(w.message);
    fs.chmodSync(file, 0o666);
    const o = openVerified(w);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.message).toMatch(/writable by every user/);
    tried();
    held();
  });

  it('a FIFO is opened without blocking and refused by the reader', async () => {
    const base = layout();
    await execa('mkfifo', [path.join(base, 'cfg/fifo.ini')]);
    const o = openTrusted(path.join(base, 'cfg/fifo.ini'));
    expect(o.ok).toBe(true);
    if (o.ok) fs.closeSync(o.fd);
    const r = readTrustedText(path.join(base, 'cfg/fifo.ini'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('is a FIFO, not a regular file');
  });
});
