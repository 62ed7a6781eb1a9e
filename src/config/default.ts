// The built-in default: the reference guide's scenario, written as a bondify.ini so it goes through the same
// validation as a user's file (and can be printed as a starting point).
export const DEFAULT_CONFIG_PATH = '/etc/bondify/bondify.ini';
export const BUILTIN_SOURCE = '(built-in reference scenario)';

export const REFERENCE_INI = `; bondify.ini — the reference scenario: eth0 (primary) + wlan0 (backup) on 192.168.1.0/24
[bond]
name = bond0
slaves = eth0, wlan0
primary = eth0
miimon = 100ms
updelay = 200ms
downdelay = 0ms
primary_reselect = always
fail_over_mac = active
gratuitous_arp = 3

[network]
address = 192.168.1.252/24
gateway = 192.168.1.1
dns = 192.168.1.1, 8.8.8.8

; Each link's own settings under the standard method (one .network per link), restored by 'rollback --to standard'.
[slave.eth0]
address = 192.168.1.252/24
gateway = 192.168.1.1
dns = 192.168.1.1, 8.8.8.8
wireless = no

[slave.wlan0]
address = 192.168.1.25/24
gateway = 192.168.1.1
dns = 192.168.1.1
wireless = yes
`;

/** The reference scenario's [bond] lines as written there (`key = value`), for init to start from the same values. */
export function referenceBondLines(): string[] {
  const bond = REFERENCE_INI.split('\n[bond]\n')[1]?.split('\n\n')[0] ?? '';
  return bond.split('\n').filter((l) => l.includes(' = '));
}
