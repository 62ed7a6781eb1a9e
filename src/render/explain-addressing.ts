// `plan --explain` on addressing: what each choice (static, ipv4 = dhcp, ipv6 = ra|off|not set) writes and what
// it does across a failover. Facts of networkd's and the kernel's defaults only; what the lab measures is added beside.
import type { BondModel } from '../model/bond.js';

function ipv4Line(m: BondModel): string | null {
  const n = m.name;
  const v4 = m.network.addresses.filter((a) => !a.includes(':'));
  if (m.network.ipv4 === 'static')
    return `Address=${v4.join(', ')} on ${n} (ipv4 = static): the address belongs to ${n}, not to a slave, so it stays the same whichever link carries traffic; after a failover GratuitousARP tells the gateway where it now lives.`;
  if (m.network.ipv4 === 'dhcp')
    return `DHCP=ipv4 on ${n} (ipv4 = dhcp): networkd's DHCPv4 client runs on ${n}, not on a slave, so a failover does not start a new lease: the address stays until the lease must be renewed. The client sends from ${n}'s current MAC${m.failOverMac === 'active' ? ` (with FailOverMACPolicy=active, the active slave's: the wifi's while on ${m.slaves.find((s) => s.wireless)?.name ?? 'the backup'})` : ''} and names itself by a client identifier (networkd's default ClientIdentifier=duid); a server that keys the lease or a reservation on the MAC can answer a renewal on the backup with another address. The gateway comes from the server (a gateway in [network] is refused).`;
  return `ipv4 = off: ${n} gets no IPv4 address.`;
}

function ipv6Line(m: BondModel): string {
  const n = m.name;
  const v6 = m.network.addresses.filter((a) => a.includes(':'));
  const slaac = `SLAAC addresses are made from ${n}'s MAC by default (networkd's [IPv6AcceptRA] Token=eui64, as is the link-local address), so when a failover changes the MAC (FailOverMACPolicy=active) the next RA adds an address with another host part, and the old one stays until its lifetime ends`;
  if (m.network.ipv6 === 'ra')
    return `IPv6AcceptRA=yes on ${n} (ipv6 = ra)${v6.length > 0 ? `, beside Address=${v6.join(', ')}` : ''}: ${n} takes prefixes, a default route and, when the RA's M/O flags ask for it, DHCPv6 from the router. ${slaac}.`;
  if (m.network.ipv6 === 'off')
    return `IPv6AcceptRA=no, LinkLocalAddressing=no on ${n} (ipv6 = off): no IPv6 at all, not even a link-local address.`;
  if (m.network.ipv6 === 'static')
    return `Address=${v6.join(', ')} on ${n} (ipv6 = static): stays whichever link is active; IPv6AcceptRA= is not written, so networkd's default applies (RAs are accepted unless the host forwards), and a router's RA can add SLAAC addresses beside it.`;
  return `ipv6 not set: no IPv6 key is written, so networkd's default applies: ${n} accepts RAs unless the host forwards (${slaac}); set ipv6 = ra, static or off to choose.`;
}

/** dhcp_identity: what bondify adds so the dynamic addresses survive the MAC change (docs/dhcp-identity.md). */
function identityLine(m: BondModel): string | null {
  const dynamic = m.network.ipv4 === 'dhcp' || m.network.ipv6 === 'ra';
  if (!dynamic) return null;
  if (m.dhcpIdentity === 'networkd')
    return `dhcp_identity = networkd: networkd's defaults; on a bond the DHCP IAID is made from the MAC, so at failover (networkd 252 restarts the DHCP client on the MAC change) the client identifier changes and the lab's pool router gave another address.`;
  const primary = m.primary;
  const iaid =
    m.dhcpIaid !== null
      ? `[DHCPv4] IAID=${m.dhcpIaid} (dhcp_iaid: ${primary}'s own, so the router sees the client it gave ${primary}'s address to)`
      : `[DHCPv4] IAID= fixed (from the bond's name)`;
  if (m.dhcpIdentity === 'ethernet-mac') {
    const parts = [
      m.macAddress !== null &&
        `MACAddress=${m.macAddress} with FailOverMACPolicy=none: the bond keeps ${primary}'s permanent MAC on every slave, the wifi too (it associates under it), so a router that reserves the address for ${primary}'s MAC keeps giving it through a failover (lab, reservation router: the address kept, 3 pings of 736 lost)`,
      m.network.ipv4 === 'dhcp' && `${iaid}, KeepConfiguration=dhcp and SendRelease=no`,
      m.network.ipv6 === 'ra' && `stable-privacy and Token=prefixstable as with stable`,
    ].filter(Boolean);
    return `dhcp_identity = ethernet-mac: ${parts.join('; ')}.`;
  }
  const parts = [
    m.network.ipv4 === 'dhcp' &&
      `${iaid}, so the client identifier (DUID + IAID) stays the same when the MAC changes, and KeepConfiguration=dhcp with SendRelease=no keeps the leased address while networkd restarts the client on the MAC change (lab, pool router: the address kept, 1 ping of 765 lost); a router that reserves the address for ${primary}'s MAC still refuses it under the wifi's MAC: dhcp_identity = ethernet-mac is for that router`,
    m.network.ipv6 === 'ra' &&
      `IPv6LinkLocalAddressGenerationMode=stable-privacy and [IPv6AcceptRA] Token=prefixstable: addresses from a hash of the prefix, not the MAC; the address made on eth0 stays valid on the wifi`,
  ].filter(Boolean);
  return `dhcp_identity = stable: ${parts.join('; ')}.`;
}

/** The addressing lines of plan --explain, in the order networkd applies them. */
export function explainAddressing(m: BondModel): string[] {
  const n = m.name;
  const gateway = m.network.gateway
    ? `Gateway=${m.network.gateway} gives one default route through ${n} (the standard method had one route per link, and switching between them was slow).`
    : null;
  const dns =
    m.network.dns.length > 0
      ? `DNS=${m.network.dns.join(', ')}${m.network.ipv4 === 'dhcp' || m.network.ipv6 === 'ra' ? ': added to the servers DHCP or the RAs send' : ''}.`
      : null;
  return [ipv4Line(m), ipv6Line(m), identityLine(m), gateway, dns].filter((l): l is string => l !== null);
}
