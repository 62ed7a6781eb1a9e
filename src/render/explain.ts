// `plan --explain`: why each bond value is what it is, in terms of what happens on the device.
import type { BondModel } from '../model/bond.js';
import { ms } from './fields.js';
import { explainAddressing } from './explain-addressing.js';

const RESELECT = {
  always: 'traffic returns to it as soon as it is up again (wired is faster and steadier than wifi)',
  better: 'traffic returns to it only if it is faster than the active slave',
  failure: 'traffic returns to it only when the active slave fails (fewer switches, but may stay on wifi)',
} as const;

const CHOICE =
  'Both at once is not possible: the kernel runs one link monitor per bond (setting arp_interval switches MII off, bonding.rst), so bondify refuses both; `check --ping` is the independent end-to-end probe beside either.';

function arpLines(m: BondModel): string[] {
  const missed = m.arpMissedMax ?? 2;
  const n = m.arpIpTargets.length;
  const perSec = Math.round(((n * 1000) / m.arpIntervalMs) * 10) / 10;
  return [
    `Monitor: ARP (path). ARPIntervalSec=${ms(m.arpIntervalMs)}, ARPIPTargets=${m.arpIpTargets.join(' ')}: every ${ms(m.arpIntervalMs)} the active slave ARPs ${n === 1 ? 'this address' : 'these addresses'}; when ${missed} interval(s) pass without an answer it is failed even though its carrier is up (a dead switch uplink, a router port that stopped forwarding, a cable the driver still reports as plugged). Pick ARP when such failures matter more than the probe traffic.`,
    `Cost of ARP: ${n} ARP request${n === 1 ? '' : 's'} (and as many replies) every ${ms(m.arpIntervalMs)} on the active link, about ${perSec}/s; detection takes ${missed} × ${ms(m.arpIntervalMs)} = ${ms(missed * m.arpIntervalMs)} (ARPMissedMax=${missed}${m.arpMissedMax === null ? ', the kernel default' : ''}), slower than MII for a pulled cable; a target that stops answering (rebooting router) fails the link too, so list a host that is up whenever the path is.`,
    `MIIMonitorSec, UpDelaySec, DownDelaySec: not written; they belong to the MII monitor, which the kernel switches off under ARP monitoring. ${CHOICE}`,
    ...(m.arpValidate ? [`ARPValidate=${m.arpValidate}: ${VALIDATE[m.arpValidate]}`] : []),
    ...(m.arpAllTargets
      ? [
          `ARPAllTargets=${m.arpAllTargets}: a validated slave counts as up when ${m.arpAllTargets === 'all' ? 'every target' : 'any one target'} answers.`,
        ]
      : []),
  ];
}

const VALIDATE: Record<string, string> = {
  none: 'any frame a slave receives counts as life, so broadcasts from other hosts can keep a slave with a dead uplink "up".',
  active:
    "the active slave counts only ARP replies from the targets, so only a working path keeps it up; a backup (the wifi) counts any frame it hears, so it stays up without the access point having to relay the active slave's ARP broadcasts.",
  backup: "backups must hear the active slave's ARP requests relayed by the network; the active slave counts any frame.",
  all: "the active slave counts only replies from the targets, and backups must hear the active slave's ARP requests relayed by the network (a wifi backup depends on the access point relaying them).",
  filter: 'only ARP frames count as life, from any host.',
  filter_active: "only ARP frames count; the active slave's must be replies from the targets.",
  filter_backup: "only ARP frames count; backups must hear the active slave's ARP requests.",
};

function monitorLines(m: BondModel): string[] {
  if (m.miimonMs === 0) return arpLines(m);
  const up =
    m.updelayMs === 2 * m.miimonMs
      ? `= 2 × miimon, so a flapping ${m.primary} must stay up for two checks before traffic moves back`
      : `: a recovered link must stay up ${ms(m.updelayMs)} before it carries traffic`;
  return [
    `Monitor: MII (carrier). MIIMonitorSec=${ms(m.miimonMs)}: the bond checks each slave's carrier every ${ms(m.miimonMs)}, so a pulled cable is noticed within about ${ms(m.miimonMs)}. It sends nothing on the network, but it cannot see a dead path while the carrier stays up (switch uplink down, a port that stops forwarding): then the device is unreachable and the bond stays on ${m.primary}. Pick ARP monitoring (miimon = 0, arp_interval = 100ms, arp_validate = active; the targets default to the gateway) when that matters more than its probe traffic. ${CHOICE} Written with a unit: a bare number means seconds to networkd.`,
    `UpDelaySec=${ms(m.updelayMs)} ${up}.`,
    `DownDelaySec=${ms(m.downdelayMs)}: ${m.downdelayMs === 0 ? 'fail over at the first check that finds the link down' : `a link must stay down ${ms(m.downdelayMs)} before the bond gives up on it`}.`,
  ];
}

export function explainBond(m: BondModel): string {
  const wifi = m.slaves.filter((s) => s.wireless).map((s) => s.name);
  const others = m.slaves.filter((s) => s.name !== m.primary).map((s) => s.name);
  const lines = [
    `Mode=active-backup: one slave (${m.primary}) carries all traffic and ${others.join(', ')} wait${others.length === 1 ? 's' : ''}; it needs no switch support and works with wifi, unlike the load-balancing modes.`,
    `PrimarySlave=yes on ${m.primary}, PrimaryReselectPolicy=${m.primaryReselect}: ${RESELECT[m.primaryReselect]}.`,
    ...monitorLines(m),
    m.failOverMac === 'active'
      ? `FailOverMACPolicy=active: ${wifi.length > 0 ? `${wifi.join(', ')} is wireless and stays associated under its own MAC; ` : ''}the bond takes the MAC of whichever slave is active instead of forcing one MAC on all of them.`
      : `FailOverMACPolicy=${m.failOverMac}: no wireless slave, so the slaves can share the bond's MAC${m.failOverMac === 'follow' ? ' (moved to the active slave at failover)' : ''}.`,
    `GratuitousARP=${m.gratuitousArp}: after a failover the bond announces itself ${m.gratuitousArp} time(s), so the gateway learns the ${m.failOverMac === 'active' ? 'moved MAC' : 'new port'} at once instead of when its ARP cache expires.`,
    ...explainAddressing(m),
    `ConfigureWithoutCarrier=yes, IgnoreCarrierLoss=yes on ${m.name}: the address and route stay while no slave has carrier, so nothing must be re-added when one returns${m.network.ipv4 === 'dhcp' ? ' (a DHCP lease included: networkd keeps it rather than dropping it at carrier loss)' : ''}.`,
    `RequiredForOnline=no on ${m.slaves.map((s) => s.name).join(', ')}: boot waits for ${m.name}, not for an unplugged ${m.primary}.`,
    `options bonding max_bonds=0: otherwise loading the bonding module creates a balance-rr bond0 that networkd would reuse.`,
  ];
  return lines.map((l) => `- ${l}`).join('\n') + '\n';
}
