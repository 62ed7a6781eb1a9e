// `bondify status [--bond NAME] [--bonding-file PATH] [--json]`: the kernel's view of the bond.
import type { Io } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { errorJson } from '../report-error.js';
import { isBondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { bondNameFromFile, readBondState } from '../../observe/read-state.js';
import { toStatusJson } from '../../observe/types.js';
import { formatStatus } from '../../observe/status-report.js';
import { addressRows, formatAddresses, type AddressRow, type ConfiguredAddressing } from '../../observe/address-origin.js';
import { readAddressFacts } from '../../observe/addresses.js';
import { loadPaint } from '../../observe/paint.js';
import { kernelPathExists } from '../../system/fs.js';
import { readPowerSave, type PowerSaveState } from '../../system/wifi.js';
import { forTerminal } from '../../terminal-text.js';
import type { Host } from '../../system/host.js';

/** Each wireless slave's power save (cfg80211 links have phy80211 in sysfs). */
export async function wifiPowerSave(host: Host, slaves: string[]): Promise<Record<string, PowerSaveState>> {
  const out: Record<string, PowerSaveState> = {};
  for (const s of slaves) if (kernelPathExists(host.kernelRoot, `/sys/class/net/${s}/phy80211`)) out[s] = await readPowerSave(host, s);
  return out;
}

const HELP = `usage: bondify status [--bond NAME] [--bonding-file PATH] [--json]

Shows the kernel's view of the bond: mode, primary, active slave, and each slave's MII status,
speed, duplex, link failure count and permanent MAC; live, also the bond's addresses with their origin
(static, DHCP with the lease's time left, SLAAC, DHCPv6; from ip -j addr) and each wireless slave's power
save (iw dev <if> get power_save; "unknown" without iw).

  --bond NAME           the bond to show (default: bond0)
  --bonding-file PATH   read a saved copy of /proc/net/bonding/<bond> instead of the live kernel
  --json                print the state as JSON (null where the kernel does not say)

exit: 0 shown, 64 usage, 65 the file is unreadable or not a bonding status file, 66 --bonding-file does not
exist, 69 no such bond
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('status', args, {
    bond: { type: 'string' },
    'bonding-file': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const file = values['bonding-file'];
  const bond = values.bond ?? (file !== undefined ? bondNameFromFile(file) : null) ?? 'bond0';
  const host = nodeHost();
  let state;
  try {
    state = readBondState(host, { bond, bondingFile: file });
  } catch (e) {
    // Asked for JSON, a script gets the error as JSON on stdout too; the message and exit code are main's.
    if (values.json && isBondifyError(e)) io.out(JSON.stringify({ bond, ...errorJson(e) }, null, 2) + '\n');
    throw e;
  }
  // The links are this host's only when the bond is: a saved file says nothing about them.
  const wifi =
    file === undefined
      ? await wifiPowerSave(
          host,
          state.slaves.map((x) => x.name),
        )
      : {};
  // The bond's addresses and their origin (static, DHCP, SLAAC): this host's too, so not for a saved file.
  const addresses = file === undefined ? await bondAddresses(host, bond) : null;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          ...toStatusJson(state),
          ...(addresses !== null ? { addresses } : {}),
          ...(Object.keys(wifi).length > 0 ? { wifiPowerSave: wifi } : {}),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const shown = Object.entries(wifi).map(([n, v]) => `${forTerminal(n)} ${v}`);
    io.out(
      formatStatus(state, await loadPaint(io.color)) +
        (addresses !== null ? formatAddresses(addresses) : '') +
        (shown.length > 0 ? `  wifi power save: ${shown.join(', ')}\n` : ''),
    );
  }
  return 0;
}

/** The config's addressing for the bond, to tell a SLAAC address with an infinite lifetime from a static one; null
 * when there is no readable, valid config for this bond (status then goes by the lifetimes alone). */
async function configuredAddressing(host: Host, bond: string): Promise<ConfiguredAddressing | null> {
  try {
    const { loadConfig } = await import('../../config/load.js');
    const m = loadConfig(host, undefined, { allowDefault: false }).model;
    if (m.name !== bond) return null;
    return { statics: m.network.addresses.map((a) => a.split('/')[0] ?? a), ipv4: m.network.ipv4, ipv6: m.network.ipv6 };
  } catch {
    return null;
  }
}

/** `ip -j addr show dev <bond>` as rows; null when ip cannot say (not installed, the link gone). */
async function bondAddresses(host: Host, bond: string): Promise<AddressRow[] | null> {
  try {
    const r = await host.exec(['ip', '-j', 'addr', 'show', 'dev', bond], { timeoutMs: 5000 });
    return r.exitCode === 0 ? addressRows(r.stdout, readAddressFacts(host, bond).lease, await configuredAddressing(host, bond)) : null;
  } catch {
    return null;
  }
}
