// The udev rule that turns a wireless slave's power save off (or on) every time its link appears.
//
// Why a udev rule and not a unit bound to the link: udev runs the rule on each "add" of the network device — at
// boot, and whenever the driver or the bus brings the link back (a brcmfmac/SDIO reset, a USB dongle replugged,
// a module reload), which is when a driver starts again from its default (brcmfmac: power save on). A unit would
// need an enable symlink in the device unit's .wants/ (which the transaction does not back up) and a name escaped
// from the interface's; the rule is one plain file that apply writes, backs up and rollback takes away like the
// .network files. A wifi reconnect does not re-add the link, and needs nothing: cfg80211 keeps the setting per
// interface across associations (measured in the lab, README "Wifi power save").
import type { BondModel, SlaveModel } from '../model/bond.js';
import { POWER_SAVE_RULE, type PlannedFile } from '../model/planned-file.js';
import { BondifyError } from '../errors.js';

/** iw as udev runs it: RUN needs an absolute path, and /sbin/iw is iw on Debian (usr-merged or not), Arch and Fedora. */
export const IW_PATH = '/sbin/iw';

// udev runs RUN+= as root: one more guard on what goes between quotes, independent of config validation.
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
const SAFE_MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function ruleLines(s: SlaveModel): string[] {
  if (
    !SAFE_NAME.test(s.name) ||
    (s.permanentMac !== null && !SAFE_MAC.test(s.permanentMac)) ||
    (s.powerSave !== 'on' && s.powerSave !== 'off')
  ) {
    throw new BondifyError('software', `internal: refusing to write ${JSON.stringify(s.name)} into a udev rule`);
  }
  const set = `RUN+="${IW_PATH} dev $name set power_save ${s.powerSave}"`;
  // $name is the link's final name (after 80-net-setup-link's NAME=); KERNEL is the name the kernel gave it, so a
  // link that udev renames is matched by NAME==. With a permanent MAC, the address identifies it whatever its name.
  if (s.permanentMac !== null) return [`ACTION=="add", SUBSYSTEM=="net", ATTR{address}=="${s.permanentMac}", ${set}`];
  return [`ACTION=="add", SUBSYSTEM=="net", KERNEL=="${s.name}", ${set}`, `ACTION=="add", SUBSYSTEM=="net", NAME=="${s.name}", ${set}`];
}

/** The rule file, or nothing when no wireless slave has power_save on or off. */
export function renderPowerSave(model: BondModel): PlannedFile[] {
  const set = model.slaves.filter((s) => s.wireless && s.powerSave !== 'keep');
  if (set.length === 0) return [];
  const lines = [
    "# Managed by bondify: edit bondify.ini ([slave.<if>] power_save) and run 'bondify apply'; changes made here are replaced.",
    '# Sets wifi power save each time the link appears (boot, driver reset, replug); a reconnect keeps the setting.',
    ...set.flatMap((s) => [`# ${s.name}: power save ${s.powerSave}`, ...ruleLines(s)]),
  ];
  return [{ path: POWER_SAVE_RULE, mode: 0o644, content: lines.join('\n') + '\n' }];
}
