// Hostile networkd trees: every way a .network file can be written (or spread over folders and drop-ins) so that
// networkd uses it for eth0 must be found by apply's preflight, and every way of switching one off must be seen as
// off. Prints "hidden conflicts: N tried, N judged as networkd would".
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conflictChecks } from '../../../src/networkd/preflight.js';
import { put } from '../../support/fixtures.js';
import { model, standardDevice } from '../../support/scenario.js';
import { recordFigure } from './figures.js';

const ETC = '/etc/systemd/network';
const RUN = '/run/systemd/network';
const LOCAL = '/usr/local/lib/systemd/network';
const USR = '/usr/lib/systemd/network';
const NULL = '->/dev/null';

/** A tree: path → text, or NULL for a mask link. The file under test is always named 05-x.network. */
type Tree = Record<string, string>;

const CONFIGURES_ETH0: Array<[string, Tree]> = [
  ['Name= continued on the next line', { [`${ETC}/05-x.network`]: '[Match]\nName=eth1 \\\neth0\n' }],
  ['a continuation across a comment block', { [`${ETC}/05-x.network`]: '[Match]\nName=eth1 \\\n# eth0 is ours\n; really\n  eth0\n' }],
  ['a continuation over CRLF lines', { [`${ETC}/05-x.network`]: '[Match]\r\nName=eth1 \\\r\n eth0\r\n' }],
  ['a double-quoted name', { [`${ETC}/05-x.network`]: '[Match]\nName="eth0"\n' }],
  ['a single-quoted glob', { [`${ETC}/05-x.network`]: "[Match]\nName='e*'\n" }],
  ['tabs around = and between names', { [`${ETC}/05-x.network`]: '[Match]\nName\t=\teth9\teth0\n' }],
  ['a second Name= line', { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\nName=eth0\n' }],
  ['a second [Match] section', { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n[Network]\nDHCP=yes\n[Match]\nName=eth0\n' }],
  ['a negation of another link only', { [`${ETC}/05-x.network`]: '[Match]\nName=!wlan*\n' }],
  ['a bracket glob', { [`${ETC}/05-x.network`]: '[Match]\nName=e?h[0-9]\n' }],
  ['Type=ether alone', { [`${ETC}/05-x.network`]: '[Match]\nType=ether\n' }],
  [
    'a drop-in in /etc adding the name',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n', [`${ETC}/05-x.network.d/a.conf`]: '[Match]\nName=eth0\n' },
  ],
  [
    'a drop-in in /run replacing the name',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n', [`${RUN}/05-x.network.d/a.conf`]: '[Match]\nName=\nName=eth*\n' },
  ],
  [
    'a drop-in in /usr/lib, continued',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n', [`${USR}/05-x.network.d/a.conf`]: '[Match]\nName=wlan9 \\\n eth0\n' },
  ],
  [
    'a drop-in overriding a same-named one that reset the name',
    {
      [`${ETC}/05-x.network`]: '[Match]\nName=eth0\n',
      [`${USR}/05-x.network.d/a.conf`]: '[Match]\nName=\nName=eth9\n',
      [`${ETC}/05-x.network.d/a.conf`]: '[Network]\nDHCP=yes\n',
    },
  ],
  ['a main file in /run', { [`${RUN}/05-x.network`]: '[Match]\nName=eth0\n' }],
  ['a main file in /usr/local/lib', { [`${LOCAL}/05-x.network`]: '[Match]\nName=eth0\n' }],
  [
    'a /run file hiding a harmless /usr/lib one',
    { [`${RUN}/05-x.network`]: '[Match]\nName=eth0\n', [`${USR}/05-x.network`]: '[Match]\nName=eth9\n' },
  ],
  [
    'an /etc file hiding a matching /usr/lib one',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth0\n', [`${USR}/05-x.network`]: '[Match]\nName=eth0\n' },
  ],
  [
    'a mask of the drop-in that would have reset the name',
    {
      [`${ETC}/05-x.network`]: '[Match]\nName=eth0\n',
      [`${USR}/05-x.network.d/a.conf`]: '[Match]\nName=\n',
      [`${ETC}/05-x.network.d/a.conf`]: NULL,
    },
  ],
];

const LEAVES_ETH0: Array<[string, Tree]> = [
  ['masked by a link to /dev/null in /etc', { [`${USR}/05-x.network`]: '[Match]\nName=eth0\n', [`${ETC}/05-x.network`]: NULL }],
  ['masked by a link to /dev/null in /run', { [`${USR}/05-x.network`]: '[Match]\nName=eth0\n', [`${RUN}/05-x.network`]: NULL }],
  ['masked by an empty file', { [`${USR}/05-x.network`]: '[Match]\nName=eth0\n', [`${ETC}/05-x.network`]: '' }],
  [
    'hidden by a harmless same-named file',
    { [`${USR}/05-x.network`]: '[Match]\nName=eth0\n', [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n' },
  ],
  [
    'the name reset by a drop-in',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth0\n', [`${RUN}/05-x.network.d/a.conf`]: '[Match]\nName=\nName=eth9\n' },
  ],
  ['negated on a later line', { [`${ETC}/05-x.network`]: '[Match]\nName=e*\nName=!eth0\n' }],
  ['negated within a list', { [`${ETC}/05-x.network`]: '[Match]\nName=!eth9 eth0\n' }],
  ['commented out', { [`${ETC}/05-x.network`]: '[Match]\n# Name=eth0\nName=eth9\n' }],
  ['an escaped backslash that does not continue', { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\\\\\n[Network]\nAddress=10.0.0.1/8\n' }],
  ['a wireless-only Type=', { [`${ETC}/05-x.network`]: '[Match]\nName=e*\nType=wlan\n' }],
  [
    'a drop-in folder for another name',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n', [`${ETC}/05-y.network.d/a.conf`]: '[Match]\nName=eth0\n' },
  ],
  [
    'a drop-in without .conf',
    { [`${ETC}/05-x.network`]: '[Match]\nName=eth9\n', [`${ETC}/05-x.network.d/a.conf.bak`]: '[Match]\nName=eth0\n' },
  ],
];

let tried = 0;
let right = 0;
afterAll(() => recordFigure({ name: 'hidden conflicts', tried, counts: { 'judged as networkd would': right } }));

function judge(tree: Tree) {
  const net = standardDevice();
  fs.rmSync(path.join(net.root, ETC, 'eth0.network')); // only the file under test may configure eth0
  for (const [p, text] of Object.entries(tree)) {
    if (text !== NULL) put(net.root, p, text);
    else {
      fs.mkdirSync(path.dirname(path.join(net.root, p)), { recursive: true });
      fs.symlinkSync('/dev/null', path.join(net.root, p));
    }
  }
  const r = conflictChecks(net.host(), model());
  return r.checks.filter((c) => c.title.includes('05-x.network') && /configures eth0|eth0:/.test(c.title));
}

describe('hidden conflicts', () => {
  it.each(CONFIGURES_ETH0)('found: %s', (_, tree) => {
    tried++;
    expect(judge(tree)).toHaveLength(1);
    right++;
  });
  it.each(LEAVES_ETH0)('left alone: %s', (_, tree) => {
    tried++;
    expect(judge(tree)).toEqual([]);
    right++;
  });
});
