// Wifi power save through iw (nl80211 is the only place the kernel tells it): `iw dev <if> get power_save` prints
// "Power save: on|off". Without iw, or for a link iw does not know, the state is unknown — never a failure.
import type { Host } from './host.js';
import { tryRun, type Report } from './process.js';

export type PowerSaveState = 'on' | 'off' | 'unknown';

export function parsePowerSave(stdout: string): PowerSaveState {
  const m = /^\s*Power save:\s*(on|off)\s*$/im.exec(stdout);
  return m?.[1] === 'on' ? 'on' : m?.[1] === 'off' ? 'off' : 'unknown';
}

export async function readPowerSave(host: Host, ifname: string): Promise<PowerSaveState> {
  const r = await tryRun(host, ['iw', 'dev', ifname, 'get', 'power_save'], 5000);
  return r.exitCode === 0 ? parsePowerSave(r.stdout) : 'unknown';
}

/** Sets it now (the udev rule covers the link's next appearance); a failure is reported, not thrown. */
export async function setPowerSave(host: Host, ifname: string, value: 'on' | 'off', report: Report): Promise<boolean> {
  const argv = ['iw', 'dev', ifname, 'set', 'power_save', value];
  report(`  $ ${argv.join(' ')}`);
  const r = await tryRun(host, argv, 5000);
  if (r.exitCode !== 0)
    report(
      `  ! power save of ${ifname} not set now (${(r.stderr.trim() || `exit ${r.exitCode}`).split('\n')[0]}); the udev rule sets it when the link next appears`,
    );
  return r.exitCode === 0;
}

/**
 * Makes the live state what is wanted: reads it and sets it only when it differs. The udev rule acts when a link
 * appears, so a link already there keeps a state set by hand (iw dev X set power_save on) through any later apply
 * unless told. An unknown state (no iw, no such link) is set only when `unknownToo` (the rule just changed).
 */
export async function ensurePowerSave(host: Host, ifname: string, want: 'on' | 'off', report: Report, unknownToo: boolean): Promise<void> {
  const have = await readPowerSave(host, ifname);
  if (have === want || (have === 'unknown' && !unknownToo)) return;
  if (have !== 'unknown') report(`  wifi power save of ${ifname} is ${have}, the config wants ${want}`);
  await setPowerSave(host, ifname, want, report);
}

/** What `iw dev <if> link` says of the association: the drill's preflight and its wifi figures. */
export interface WifiLink {
  associated: boolean;
  ssid: string | null;
  signalDbm: number | null;
  txBitrateMbps: number | null;
}

export function parseIwLink(stdout: string): WifiLink {
  const num = (re: RegExp) => {
    const m = re.exec(stdout);
    return m ? Number(m[1]) : null;
  };
  return {
    associated: /^Connected to /m.test(stdout),
    ssid: /^\s*SSID: (.*)$/m.exec(stdout)?.[1]?.trim() ?? null,
    signalDbm: num(/^\s*signal: (-?\d+) dBm/m),
    txBitrateMbps: num(/^\s*tx bitrate: (\d+(?:\.\d+)?) MBit\/s/m),
  };
}

/** null: iw is missing or does not know the link (the drill then cannot tell whether the wifi is associated). */
export async function readWifiLink(host: Host, ifname: string): Promise<WifiLink | null> {
  const r = await tryRun(host, ['iw', 'dev', ifname, 'link'], 5000);
  return r.exitCode === 0 ? parseIwLink(r.stdout) : null;
}
