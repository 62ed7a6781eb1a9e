// `plan --explain`: why each bond value is what it is, in terms of what happens on the device.
import type { BondModel } from '../model/bond.js';
import { ms } from './fields.js';

const RESELECT = {
  always: 'traffic returns to it as soon as it is up again (wired is faster and steadier than wifi)',
  better: 'traffic returns to it only if it is faster than the active slave',
  failure: 'traffic returns to it only when the active slave fails (fewer switches, but may stay on wifi)',
} as const;

function monitorLines(m: BondModel): string[] {
  if (m.miimonMs === 0) {
    return [
      `ARPIntervalSec=${ms(m.arpIntervalMs)}, ARPIPTargets=${m.arpIpTargets.join(' ')}: every ${ms(m.arpIntervalMs)} the bond ARPs these addresses; a slave whose probes go unanswered is failed even if it still has carrier (catches a dead AP or switch upstream).`,
      `MIIMonitorSec, UpDelaySec, DownDelaySec: not written; they belong to the MII monitor, which the kernel switches off under ARP monitoring.`,
      ...(m.arpValidate ? [`ARPValidate=${m.arpValidate}: which slaves must see valid ARP replies to count as up.`] : []),
    ];
  }
  const up = m.updelayMs === 2 * m.miimonMs ? `= 2 × miimon, so a flapping ${m.primary} must stay up for two checks before traffic moves back` : `: a recovered link must stay up ${ms(m.updelayMs)} before it carries traffic`;
  return [
    `MIIMonitorSec=${ms(m.miimonMs)}: the bond checks each slave's carrier every ${ms(m.miimonMs)}, so a pulled cable is noticed within about ${ms(m.miimonMs)}. Written with a unit: a bare number means seconds to networkd.`,
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
    `Address=${m.network.addresses.join(', ')} on ${m.name}: the device keeps one address whichever link is up${m.network.gateway ? `; Gateway=${m.network.gateway} gives one default route through ${m.name}` : ''} (the standard method had one route per link, and switching between them was slow).`,
    `ConfigureWithoutCarrier=yes, IgnoreCarrierLoss=yes on ${m.name}: the address and route stay while no slave has carrier, so nothing must be re-added when one returns.`,
    `RequiredForOnline=no on ${m.slaves.map((s) => s.name).join(', ')}: boot waits for ${m.name}, not for an unplugged ${m.primary}.`,
    `options bonding max_bonds=0: otherwise loading the bonding module creates a balance-rr bond0 that networkd would reuse.`,
  ];
  return lines.map((l) => `- ${l}`).join('\n') + '\n';
}
