// GENERATED from netdev-templates/*.json by scripts/build/templates.mjs (npm run build): edit the templates, not this
// file. The type annotation is the check that a template names only fields render fills (template-shapes.ts).
import type { Templates } from './template-shapes.js';

export const TEMPLATES: Templates = {
  "bond.netdev": {
    "about": "The bond device (systemd.netdev(5), [NetDev] and [Bond]). Keys are spelled exactly as networkd spells them; time values carry a unit because a bare number means seconds to networkd.",
    "path": "/etc/systemd/network/10-bondify-{bond}.netdev",
    "mode": "0644",
    "header": ["Managed by bondify: edit bondify.ini and run 'bondify apply'; changes made here are replaced."],
    "sections": [
      {
        "name": "NetDev",
        "keys": [
          { "key": "Name", "field": "bond.name" },
          { "key": "Kind", "value": "bond" },
          {
            "key": "MACAddress",
            "field": "bond.macAddress",
            "why": "dhcp_identity = ethernet-mac only: the bond keeps the primary's permanent MAC whichever slave is active (FailOverMACPolicy=none), the MAC a router's reservation knows; otherwise it follows the active slave",
          },
        ],
      },
      {
        "name": "Bond",
        "keys": [
          { "key": "Mode", "field": "bond.mode" },
          {
            "entries": "bond.settings",
            "why": "one line per row of src/model/bond-settings.ts, in its order, written by networkdEntries there (each row says why and when its key is written)",
          },
        ],
      },
    ],
  },
  "bond.network": {
    "about": "The bond's addresses, route and DNS (systemd.network(5)). The device keeps one address whichever slave carries it.",
    "path": "/etc/systemd/network/10-bondify-{bond}.network",
    "mode": "0644",
    "header": ["Managed by bondify: edit bondify.ini and run 'bondify apply'; changes made here are replaced."],
    "sections": [
      { "name": "Match", "keys": [{ "key": "Name", "field": "bond.name" }] },
      {
        "name": "Network",
        "keys": [
          { "key": "Address", "field": "network.addresses" },
          { "key": "Gateway", "field": "network.gateway" },
          { "key": "DNS", "field": "network.dns" },
          {
            "entries": "network.addressing",
            "why": "how the bond gets its addresses (ipv4 = dhcp, ipv6 = ra|off), from render/addressing.ts; nothing for a static config",
          },
          {
            "key": "ConfigureWithoutCarrier",
            "value": "yes",
            "why": "keep the address and default route while no slave has carrier (eth0 unplugged, wlan0 still associating), instead of networkd removing and re-adding them",
          },
          {
            "key": "IgnoreCarrierLoss",
            "value": "yes",
            "why": "systemd.network(5): without it the static configuration is dropped on carrier loss; implied by ConfigureWithoutCarrier=yes since v246, written out for clarity",
          },
        ],
      },
      { "name": "DHCPv4", "keys": [{ "entries": "network.addressing" }] },
      { "name": "DHCPv6", "keys": [{ "entries": "network.addressing" }] },
      { "name": "IPv6AcceptRA", "keys": [{ "entries": "network.addressing" }] },
    ],
  },
  "modprobe.conf": {
    "about": "Loaded with the bonding module: max_bonds=0 stops the kernel from creating a balance-rr bond0 of its own, which networkd would then reuse with the wrong mode (bonding.rst, max_bonds).",
    "path": "/etc/modprobe.d/bondify.conf",
    "mode": "0644",
    "lines": [
      "# Managed by bondify: without this the bonding module creates its own bond0 in balance-rr mode.",
      "options bonding max_bonds=0",
    ],
  },
  "slave.network": {
    "about": "One file per slave: enslave it to the bond and nothing else (systemd.network(5) Bond=, PrimarySlave=). wpa_supplicant, not networkd, associates a wifi slave.",
    "path": "/etc/systemd/network/10-bondify-{slave}.network",
    "mode": "0644",
    "forEach": "slave",
    "header": ["Managed by bondify: edit bondify.ini and run 'bondify apply'; changes made here are replaced."],
    "sections": [
      {
        "name": "Match",
        "keys": [
          {
            "key": "Name",
            "field": "slave.matchName",
            "why": "by name when the config gives no permanent MAC",
          },
          {
            "key": "PermanentMACAddress",
            "field": "slave.permanentMac",
            "why": "by the link's permanent MAC when the config gives one (systemd 245 and later): the link stays a slave after a rename (eth0 → end0); a link without one (a veth, a device whose driver sets none) never matches it",
          },
        ],
      },
      {
        "name": "Link",
        "keys": [
          {
            "key": "RequiredForOnline",
            "value": "no",
            "why": "the bond is what must be online; an unplugged eth0 must not hold up boot (systemd-networkd-wait-online)",
          },
        ],
      },
      {
        "name": "Network",
        "keys": [
          { "key": "Bond", "field": "bond.name" },
          {
            "key": "PrimarySlave",
            "field": "slave.primaryFlag",
            "why": "yes on the primary only; networkd sets the bond's primary option from it",
          },
        ],
      },
    ],
  },
  "standard.network": {
    "about": "The standard method of the reference guide: each link with its own address and a default route. Rendered for rollback; byte-identical to the guide for the reference scenario, so no header comment.",
    "path": "/etc/systemd/network/{slave}.network",
    "mode": "0644",
    "forEach": "slaveWithStandard",
    "header": [],
    "sections": [
      { "name": "Match", "keys": [{ "key": "Name", "field": "slave.name" }] },
      {
        "name": "Network",
        "keys": [
          {
            "entries": "slave.addressing",
            "why": "DHCP= always (no, ipv4, or yes as the distributions write it), then IPv6AcceptRA= for ipv6 = ra|off, from render/addressing.ts",
          },
          { "key": "DNS", "field": "slave.dns" },
          { "key": "Address", "field": "slave.addresses" },
          { "key": "Gateway", "field": "slave.gateway" },
        ],
      },
    ],
  },
};
