// computePlan against a temp root: create / update (content or mode) / unchanged / remove of stale own files /
// move-aside of other files that configure a slave, unrelated files never listed, symlinks refused, nothing written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_INI, validateConfig } from '../../../src/config/index.js';
import { renderBond } from '../../../src/render/index.js';
import { computePlan as planOf } from '../../../src/usecases/plan.js';
import { nodeHost } from '../../../src/system/node-host.js';
import { hashTree, populate, tempDir } from '../../support/fixtures.js';

const model = validateConfig(REFERENCE_INI, 'ref').model;
const files = renderBond(model);
const computePlan = (host: ReturnType<typeof nodeHost>, f: typeof files) => planOf(host, model, f).entries;
const asMap = (fs_: typeof files) => Object.fromEntries(fs_.map((f) => [f.path, f.content]));
const root = () => tempDir('plan');

describe('computePlan', () => {
  it('creates everything on an empty root', () => {
    const plan = computePlan(nodeHost({ root: root() }), files);
    expect(plan.map((e) => [e.path, e.action, e.current])).toEqual(files.map((f) => [f.path, 'create', null]));
  });

  it('is all unchanged when the same files are already there with the same mode', () => {
    const r = root();
    populate(r, asMap(files));
    expect(computePlan(nodeHost({ root: r }), files).map((e) => e.action)).toEqual(files.map(() => 'unchanged'));
  });

  it('updates a changed file (keeping what is there as current) and a file whose mode differs', () => {
    const r = root();
    populate(r, asMap(files));
    const netdev = '/etc/systemd/network/10-bondify-bond0.netdev';
    fs.writeFileSync(path.join(r, netdev), 'old\n');
    fs.chmodSync(path.join(r, '/etc/modprobe.d/bondify.conf'), 0o600);
    const plan = computePlan(nodeHost({ root: r }), files);
    expect(plan.find((e) => e.path === netdev)).toMatchObject({ action: 'update', current: 'old\n' });
    expect(plan.find((e) => e.path === '/etc/modprobe.d/bondify.conf')).toMatchObject({
      action: 'update',
      currentMode: 0o600,
      mode: 0o644,
    });
    expect(plan.filter((e) => e.action === 'unchanged')).toHaveLength(files.length - 2);
  });

  it("removes stale 10-bondify-* files, moves aside what configures a slave, never lists anyone else's files", () => {
    const r = root();
    populate(r, {
      '/etc/systemd/network/10-bondify-eth9.network': '[Match]\nName=eth9\n',
      '/etc/systemd/network/10-bondify-bond1.netdev': '[NetDev]\nName=bond1\n',
      '/etc/systemd/network/eth0.network': '[Match]\nName=eth0\n',
      '/etc/systemd/network/99-default.network': '[Match]\nName=*\n',
      '/etc/systemd/network/10-bondify-notes.txt': 'not a unit\n',
      '/etc/systemd/network/eth9.network': '[Match]\nName=eth9\n',
    });
    const before = hashTree(r);
    const plan = computePlan(nodeHost({ root: r }), files);
    expect(plan.filter((e) => e.action === 'remove').map((e) => [e.path, e.content, e.current])).toEqual([
      ['/etc/systemd/network/10-bondify-bond1.netdev', '', '[NetDev]\nName=bond1\n'],
      ['/etc/systemd/network/10-bondify-eth9.network', '', '[Match]\nName=eth9\n'],
      ['/etc/systemd/network/10-bondify-notes.txt', '', 'not a unit\n'], // the prefix is bondify's: apply removes it too
    ]);
    expect(plan.filter((e) => e.action === 'move-aside').map((e) => [e.path, e.content, e.why])).toEqual([
      ['/etc/systemd/network/99-default.network', '', 'it also configures eth0, wlan0, bond0'],
      ['/etc/systemd/network/eth0.network', '', 'it also configures eth0'],
    ]);
    expect(plan.map((e) => e.path)).not.toContain('/etc/systemd/network/eth9.network');
    expect(hashTree(r)).toBe(before);
  });

  it('refuses a symlink where a file would go (apply would never write through it)', () => {
    const r = root();
    populate(r, { '/etc/passwd-copy': 'x\n' });
    fs.mkdirSync(path.join(r, 'etc/systemd/network'), { recursive: true });
    fs.symlinkSync(path.join(r, 'etc/passwd-copy'), path.join(r, 'etc/systemd/network/10-bondify-bond0.netdev'));
    expect(() => computePlan(nodeHost({ root: r }), files)).toThrow(
      expect.objectContaining({ kind: 'io', message: expect.stringContaining('symlink') }),
    );
  });
});
