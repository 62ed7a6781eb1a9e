// apply's preflight judges other networkd files as networkd reads them: continuation lines, quoting, negation,
// drop-ins, masks and the search path's precedence. Each case is a tree of files and the verdict, by hand.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/usecases/apply.js';
import { listBackups } from '../../../src/store/backup.js';
import { conflictChecks } from '../../../src/networkd/preflight.js';
import { standardExpectations } from '../../../src/usecases/verify-standard.js';
import { get, put } from '../../support/fixtures.js';
import { files, model, options, recorder, standardDevice } from '../../support/scenario.js';

const ETC = '/etc/systemd/network';
const RUN = '/run/systemd/network';
const USR = '/usr/lib/systemd/network';

function device(tree: Record<string, string>, links: Record<string, string> = {}) {
  const net = standardDevice();
  for (const [p, text] of Object.entries(tree)) put(net.root, p, text);
  for (const [p, to] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(net.root, p)), { recursive: true });
    fs.symlinkSync(to, path.join(net.root, p));
  }
  return net;
}

/** The verdicts on everything but the standard method's own two files. */
function verdicts(net: ReturnType<typeof device>) {
  const r = conflictChecks(net.host(), model());
  return {
    checks: r.checks
      .filter((c) => !/\/(eth0|wlan0)\.network (also|configures)/.test(c.title))
      .map((c) => `${c.status} ${c.title}${c.fix ? ` | ${c.fix}` : ''}`),
    moveAside: r.moveAside.map((c) => c.path),
  };
}

describe('conflicting .network files, read as networkd reads them', () => {
  it('a Name= continued on the next line is a conflict, and is moved aside', () => {
    const net = device({ [`${ETC}/50-lan.network`]: '[Match]\nName=eth1 \\\n     eth0\n\n[Network]\nDHCP=yes\n' });
    expect(verdicts(net)).toEqual({
      checks: [`ok ${ETC}/50-lan.network also configures eth0: it will be moved aside into the backup`],
      moveAside: [`${ETC}/50-lan.network`, `${ETC}/eth0.network`, `${ETC}/wlan0.network`],
    });
  });

  it('quoted names and a comment inside the continuation are read too', () => {
    const net = device({ [`${ETC}/50-lan.network`]: '[Match]\nName="eth9" \\\n# the wifi\n  \'wlan0\'\n' });
    expect(verdicts(net).checks).toEqual([`ok ${ETC}/50-lan.network also configures wlan0: it will be moved aside into the backup`]);
  });

  it('a drop-in that adds the slave to Name= makes the file a conflict, and the check names the drop-in', () => {
    const net = device({
      [`${ETC}/50-lan.network`]: '[Match]\nName=eth1\n',
      [`${ETC}/50-lan.network.d/more.conf`]: '[Match]\nName=eth0\n',
    });
    expect(verdicts(net).checks).toEqual([
      `ok ${ETC}/50-lan.network (with ${ETC}/50-lan.network.d/more.conf) also configures eth0: it will be moved aside into the backup`,
    ]);
  });

  it('a drop-in in another folder (/run) counts as well', () => {
    const net = device({
      [`${ETC}/50-lan.network`]: '[Match]\nName=eth1\n',
      [`${RUN}/50-lan.network.d/more.conf`]: '[Match]\nName=wlan*\n',
    });
    expect(verdicts(net).checks).toEqual([
      `ok ${ETC}/50-lan.network (with ${RUN}/50-lan.network.d/more.conf) also configures wlan0: it will be moved aside into the backup`,
    ]);
  });

  it('a drop-in that resets Name= takes the slave out: the file is left alone', () => {
    const net = device({ [`${ETC}/eth0.network.d/elsewhere.conf`]: '[Match]\nName=\nName=eth5\n' });
    const r = conflictChecks(net.host(), model());
    expect(r.moveAside.map((c) => c.path)).toEqual([`${ETC}/wlan0.network`]);
  });

  it('a package file made to match by a drop-in in /etc, sorting first, is refused with a mask as the fix', () => {
    const net = device({ [`${USR}/05-pkg.network`]: '[Match]\nName=eth9\n', [`${ETC}/05-pkg.network.d/x.conf`]: '[Match]\nName=eth0\n' });
    expect(verdicts(net).checks).toEqual([
      `fail ${USR}/05-pkg.network (with ${ETC}/05-pkg.network.d/x.conf) configures eth0 and sorts before bondify's files, so networkd would use it | mask it: ln -s /dev/null ${ETC}/05-pkg.network`,
    ]);
  });

  it("a file in /run wins over the same name in /usr/lib, and a winner there is refused (it is not bondify's to move)", () => {
    const net = device({ [`${USR}/05-x.network`]: '[Match]\nName=eth9\n', [`${RUN}/05-x.network`]: '[Match]\nName=eth0\n' });
    expect(verdicts(net).checks).toEqual([
      `fail ${RUN}/05-x.network configures eth0 and sorts before bondify's files, so networkd would use it | mask it: ln -s /dev/null ${ETC}/05-x.network`,
    ]);
  });

  it('a mask in /etc (a link to /dev/null, or an empty file) hides the package file: no conflict, nothing moved', () => {
    const net = device(
      { [`${USR}/05-a.network`]: '[Match]\nName=eth0\n', [`${USR}/05-b.network`]: '[Match]\nName=wlan0\n', [`${ETC}/05-b.network`]: '' },
      { [`${ETC}/05-a.network`]: '/dev/null' },
    );
    expect(verdicts(net)).toEqual({ checks: [], moveAside: [`${ETC}/eth0.network`, `${ETC}/wlan0.network`] });
  });

  it('a file in /etc that hides a package file matching the slave too is not moved aside (that would bring the package file back)', () => {
    const net = device({ [`${USR}/eth0.network`]: '[Match]\nName=eth0\n[Network]\nDHCP=yes\n' });
    const r = conflictChecks(net.host(), model());
    expect(r.moveAside.map((c) => c.path)).toEqual([`${ETC}/wlan0.network`]);
    const c = r.checks.find((x) => x.status === 'fail');
    expect(c?.title).toBe(
      `${ETC}/eth0.network configures eth0, and moving it aside would bring ${USR}/eth0.network into use, which configures eth0 too`,
    );
    expect(c?.fix).toBe(`mask the name instead: move ${ETC}/eth0.network elsewhere, then ln -s /dev/null ${ETC}/eth0.network`);
  });

  it('a negative pattern on a later line wins over a glob: Name=eth* with Name=!eth0 does not configure eth0', () => {
    const net = device({ [`${ETC}/90-wired.network`]: '[Match]\nName=eth* wlan*\nName=!eth0\n' });
    expect(verdicts(net).checks).toEqual([`ok ${ETC}/90-wired.network also configures wlan0: it will be moved aside into the backup`]);
  });

  it('Type= is matched as networkd types links: ether for eth0, wlan for wlan0, bond for the bond', () => {
    const net = device({ [`${USR}/99-wired.network`]: '[Match]\nType=ether\n', [`${USR}/05-bonds.network`]: '[Match]\nType=bond\n' });
    expect(verdicts(net).checks).toEqual([
      `fail ${USR}/05-bonds.network configures bond0 and sorts before bondify's files, so networkd would use it | mask it: ln -s /dev/null ${ETC}/05-bonds.network`,
      `ok ${USR}/99-wired.network matches eth0 but sorts after bondify's files, so it is not used for them`,
    ]);
  });

  it('offline (--root), the fixes name the paths inside the root', () => {
    const net = device({
      [`${RUN}/05-x.network`]: '[Match]\nName=eth0\n',
      [`${USR}/eth0.network`]: '[Match]\nName=eth0\n',
      [`${RUN}/10-bondify-eth0.network.d/x.conf`]: '[Link]\nMTUBytes=1400\n',
    });
    net.live = false;
    const fixes = conflictChecks(net.host(), model())
      .checks.filter((c) => c.status !== 'ok')
      .map((c) => c.fix);
    expect(fixes).toEqual([
      `mask it: ln -s /dev/null ${net.root}${ETC}/05-x.network`,
      `mask the name instead: move ${net.root}${ETC}/eth0.network elsewhere, then ln -s /dev/null ${net.root}${ETC}/eth0.network`,
      `remove it unless it is meant for bondify's file (bondify does not manage it): rm ${net.root}${RUN}/10-bondify-eth0.network.d/x.conf`,
    ]);
  });

  it('a drop-in folder that is a symlink is not followed: a warning says to check it by hand', () => {
    const net = device(
      { '/srv/d/x.conf': '[Match]\nName=eth0\n', [`${ETC}/50-lan.network`]: '[Match]\nName=eth1\n' },
      { [`${ETC}/50-lan.network.d`]: '/srv/d' },
    );
    expect(verdicts(net).checks).toEqual([
      `warn ${ETC}/50-lan.network.d was not read: a symlink (to /srv/d); bondify does not follow it | check by hand that it does not configure eth0, wlan0`,
    ]);
  });

  it("a drop-in for one of bondify's own files (any folder) is a warning: networkd would apply it on top", () => {
    const net = device({
      [`${RUN}/10-bondify-eth0.network.d/x.conf`]: '[Match]\nName=eth9\n',
      [`${ETC}/10-bondify-bond0.netdev.d/y.conf`]: '[Bond]\nMode=balance-rr\n',
      [`${ETC}/10-bondify-wlan0.network.d/masked.conf`]: '',
    });
    expect(verdicts(net).checks).toEqual([
      `warn ${ETC}/10-bondify-bond0.netdev.d/y.conf is a drop-in for bondify's own file: networkd applies it on top of what bondify writes | remove it unless it is meant for bondify's file (bondify does not manage it): rm ${ETC}/10-bondify-bond0.netdev.d/y.conf`,
      `warn ${RUN}/10-bondify-eth0.network.d/x.conf is a drop-in for bondify's own file: networkd applies it on top of what bondify writes | remove it unless it is meant for bondify's file (bondify does not manage it): rm ${RUN}/10-bondify-eth0.network.d/x.conf`,
    ]);
  });

  it('apply moves a continued-line conflict aside into the backup, byte for byte', async () => {
    const text = '[Match]\nName=eth1 \\\n     eth0\n';
    const net = device({ [`${ETC}/50-lan.network`]: text });
    const res = await apply(net.host(), model(), files(), options(), recorder().report);
    expect(res.outcome).toBe('applied');
    expect(get(net.root, `${ETC}/50-lan.network`)).toBeNull();
    const [b] = listBackups(net.root);
    expect(b?.entries.filter((e) => e.existed).map((e) => e.path)).toContain(`${ETC}/50-lan.network`);
  });
});

describe('rollback --to standard expects what networkd makes of the restored files', () => {
  it('a drop-in that replaces the address is what the link is expected to carry', () => {
    const net = device({ [`${ETC}/eth0.network.d/addr.conf`]: '[Network]\nAddress=\nAddress=192.168.1.99/24\n' });
    const eth0 = standardExpectations(net.root, model()).find((l) => l.name === 'eth0');
    expect(eth0).toMatchObject({ file: `${ETC}/eth0.network`, addresses: ['192.168.1.99/24'], gateway: '192.168.1.1' });
  });
});
