// Which enslaved links apply takes out of the bond after a reload: only those the config dropped and whose bondify
// slave file this change removes.
import { describe, expect, it } from 'vitest';
import { droppedSlaves } from '../../../src/networkd/control.js';
import type { Change } from '../../../src/model/planned-file.js';

const NET = '/etc/systemd/network';
const change = (path: string, action: Change['action']): Change => ({ path, action, mode: 0o644, content: '', current: '' });

describe('droppedSlaves', () => {
  it.each<[string, string[], string[], Change[], string[]]>([
    [
      'wlan0 dropped, its file removed',
      ['eth0', 'wlan0'],
      ['eth0', 'eth1'],
      [change(`${NET}/10-bondify-wlan0.network`, 'remove')],
      ['wlan0'],
    ],
    ['still configured', ['eth0', 'wlan0'], ['eth0', 'wlan0'], [change(`${NET}/10-bondify-wlan0.network`, 'remove')], []],
    ["enslaved by someone else's file (none of bondify's removed)", ['eth0', 'usb0'], ['eth0', 'wlan0'], [], []],
    ['its file only updated', ['eth0', 'wlan0'], ['eth0'], [change(`${NET}/10-bondify-wlan0.network`, 'update')], []],
    ['a file of the same name outside networkd', ['eth0', 'wlan0'], ['eth0'], [change(`/etc/10-bondify-wlan0.network`, 'remove')], []],
    [
      'two dropped, in the kernel order',
      ['wlan0', 'eth0', 'eth2'],
      ['eth0'],
      [change(`${NET}/10-bondify-eth2.network`, 'remove'), change(`${NET}/10-bondify-wlan0.network`, 'remove')],
      ['wlan0', 'eth2'],
    ],
  ])('%s', (_what, enslaved, configured, changes, want) => {
    expect(droppedSlaves(enslaved, configured, changes)).toEqual(want);
  });
});
