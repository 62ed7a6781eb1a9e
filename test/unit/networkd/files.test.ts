// networkd's search path as bondify reads it: precedence between folders, masks, drop-ins, and nothing followed
// through a symlink. Each case is a tree of files and what networkd would use from it, written out by hand.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNetworkdFiles } from '../../../src/networkd/files.js';
import { words } from '../../../src/networkd/unit-file.js';
import { put, tempRoot } from '../../support/fixtures.js';

const ETC = '/etc/systemd/network';
const RUN = '/run/systemd/network';
const LOCAL = '/usr/local/lib/systemd/network';
const USR = '/usr/lib/systemd/network';

function tree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = tempRoot();
  for (const [p, text] of Object.entries(files)) put(root, p, text);
  for (const [p, to] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.symlinkSync(to, path.join(root, p));
  }
  return root;
}

const network = (n: string) => n.endsWith('.network');
/** name → [path used, its drop-ins, its effective Name= list] */
const seen = (root: string) =>
  Object.fromEntries(readNetworkdFiles(root, network).files.map((f) => [f.name, [f.path, f.dropins, words(f.unit, 'Match', 'Name')]]));

describe('networkd search path', () => {
  it('a name in an earlier folder hides the same name later: /etc, then /run, then /usr/local/lib, then /usr/lib', () => {
    const root = tree({
      [`${USR}/a.network`]: '[Match]\nName=usr\n',
      [`${LOCAL}/a.network`]: '[Match]\nName=local\n',
      [`${USR}/b.network`]: '[Match]\nName=usr\n',
      [`${RUN}/b.network`]: '[Match]\nName=run\n',
      [`${ETC}/b.network`]: '[Match]\nName=etc\n',
      [`${USR}/c.network`]: '[Match]\nName=usr\n',
      [`${RUN}/c.network`]: '[Match]\nName=run\n',
    });
    expect(seen(root)).toEqual({
      'a.network': [`${LOCAL}/a.network`, [], ['local']],
      'b.network': [`${ETC}/b.network`, [], ['etc']],
      'c.network': [`${RUN}/c.network`, [], ['run']],
    });
    expect(readNetworkdFiles(root, network).files.find((f) => f.name === 'b.network')?.hides).toEqual([
      `${RUN}/b.network`,
      `${USR}/b.network`,
    ]);
  });

  it('files are sorted by name across folders (bytes, not locale), other extensions ignored', () => {
    const root = tree({
      [`${USR}/10-z.network`]: '[Match]\nName=a\n',
      [`${ETC}/20-a.network`]: '[Match]\nName=b\n',
      [`${RUN}/10-B.network`]: '[Match]\nName=c\n',
      [`${ETC}/99-default.link`]: '[Match]\n',
      [`${ETC}/x.netdev`]: '[NetDev]\nName=bond0\n',
    });
    expect(readNetworkdFiles(root, network).files.map((f) => f.path)).toEqual([
      `${RUN}/10-B.network`,
      `${USR}/10-z.network`,
      `${ETC}/20-a.network`,
    ]);
  });

  it('a symlink to /dev/null or an empty file masks the name in every later folder; the link is never followed', () => {
    const root = tree(
      { [`${USR}/eth.network`]: '[Match]\nName=eth0\n', [`${USR}/wl.network`]: '[Match]\nName=wlan0\n', [`${ETC}/wl.network`]: '' },
      { [`${ETC}/eth.network`]: '/dev/null' },
    );
    const r = readNetworkdFiles(root, network);
    expect(r.files).toEqual([]);
    expect(r.masked).toEqual([`${ETC}/eth.network`, `${ETC}/wl.network`]);
    expect(r.skipped).toEqual([]);
  });

  it('a symlink elsewhere is not followed (not even inside the root) and is reported; it still hides later copies', () => {
    const root = tree(
      { '/srv/eth.network': '[Match]\nName=eth0\n', [`${USR}/eth.network`]: '[Match]\nName=eth0\n' },
      { [`${ETC}/eth.network`]: '/srv/eth.network' },
    );
    const r = readNetworkdFiles(root, network);
    expect(r.files).toEqual([]);
    expect(r.skipped.map((s) => s.path)).toEqual([`${ETC}/eth.network`]);
    expect(r.skipped[0]?.why).toMatch(/symlink.*\/srv\/eth.network.*does not follow/);
  });

  it("a folder in the search path that is a symlink is not listed (except merged /usr's /lib)", () => {
    const root = tree(
      { '/elsewhere/eth.network': '[Match]\nName=eth0\n', [`${USR}/u.network`]: '[Match]\nName=u\n' },
      { '/run/systemd/network': '/elsewhere', '/lib': 'usr/lib' },
    );
    const r = readNetworkdFiles(root, network);
    expect(r.files.map((f) => f.path)).toEqual([`${USR}/u.network`]);
    expect(r.skipped.map((s) => s.path)).toEqual([RUN]);
  });

  it('drop-ins from every folder apply in name order; a same-named one in an earlier folder replaces a later one', () => {
    const root = tree({
      [`${USR}/eth.network`]: '[Match]\nName=eth9\n',
      [`${USR}/eth.network.d/10-a.conf`]: '[Match]\nName=usr-a\n',
      [`${ETC}/eth.network.d/10-a.conf`]: '[Match]\nName=etc-a\n',
      [`${RUN}/eth.network.d/05-b.conf`]: '[Match]\nName=run-b\n',
      [`${ETC}/eth.network.d/20-c.conf`]: '[Match]\nName=\nName=etc-c \\\n  eth0\n',
      [`${ETC}/eth.network.d/30-d.txt`]: '[Match]\nName=ignored\n',
    });
    expect(seen(root)).toEqual({
      'eth.network': [
        `${USR}/eth.network`,
        [`${RUN}/eth.network.d/05-b.conf`, `${ETC}/eth.network.d/10-a.conf`, `${ETC}/eth.network.d/20-c.conf`],
        ['etc-c', 'eth0'],
      ],
    });
  });

  it('a drop-in masked by a /dev/null link in an earlier folder is not applied; a symlinked drop-in folder is reported', () => {
    const root = tree(
      {
        [`${ETC}/eth.network`]: '[Match]\nName=eth0\n',
        [`${USR}/eth.network.d/50-x.conf`]: '[Match]\nName=\nName=eth5\n',
        '/srv/d/60-y.conf': '[Match]\nName=eth6\n',
      },
      { [`${ETC}/eth.network.d/50-x.conf`]: '/dev/null', [`${RUN}/eth.network.d`]: '/srv/d' },
    );
    const r = readNetworkdFiles(root, network);
    expect(seen(root)).toEqual({ 'eth.network': [`${ETC}/eth.network`, [], ['eth0']] });
    expect(r.skipped.map((s) => s.path)).toEqual([`${RUN}/eth.network.d`]);
  });

  it('a file over the read bound is refused (data), naming it, its size and the bound: what it configures is unknown', () => {
    const root = tree({ [`${ETC}/big.network`]: `[Match]\nName=eth0\n${'#'.repeat(5 * 1024 * 1024)}\n` });
    expect(() => readNetworkdFiles(root, network)).toThrow(
      expect.objectContaining({ kind: 'data', message: expect.stringMatching(/big\.network.*bytes.*4 MiB/) }),
    );
  });
});
