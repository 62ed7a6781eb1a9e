// Which standard method a guest starts from. "reference" = the reference guide's static files (guest/standard-method/);
// "arch-dhcp" = the stock Arch Linux ARM files (eth.network and en.network with DHCP=yes, a wlan0.network with
// DHCP=yes as its wiki writes it; guest/standard-arch-dhcp/) with the router serving DHCPv4 and router
// advertisements (guest/dhcp-server.sh). A scenario asks with the line `export const labStandard = 'arch-dhcp';`
// (read as text on the host, like labFlavour); the harness passes it to the guest in results/standard.
import fs from 'node:fs';

export const STANDARDS = ['reference', 'arch-dhcp'];

export function scenarioStandard(file) {
  const m = /^export const labStandard = '([\w-]+)';/m.exec(fs.readFileSync(file, 'utf8'));
  return checkStandard(m?.[1] ?? 'reference', file);
}

export function checkStandard(name, where = 'the lab') {
  if (!STANDARDS.includes(name)) throw new Error(`lab: ${where} asks for standard ${JSON.stringify(name)}; known: ${STANDARDS.join(', ')}`);
  return name;
}
