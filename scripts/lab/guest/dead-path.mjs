// A dead path with the cable in (the router's port for eth0 stops forwarding, eth0 keeps carrier), measured under
// the standard method, the MII bond and the ARP bond: shared by the check lab test and `npm run bench:failover`.
import { measureOnce } from '../../bench/failover-measure.mjs';

/**
 * ARP monitoring in the lab: arp_interval only, so the target (the gateway) and arp_validate (active) are bondify's
 * defaults.
 * arp_missed_max is not written: networkd 252 (this lab's default guest) ignores ARPMissedMax=, so the kernel's 2 holds.
 */
export const ARP_INTERVAL_MS = 100;
export const ARP_MISSED_MAX = 2;

/** The reference bondify.ini switched from MII to ARP monitoring. */
export function arpIni(reference) {
  return reference
    .replace('miimon = 100ms', `miimon = 0\narp_interval = ${ARP_INTERVAL_MS}ms`)
    .replace(/^updelay = .*\n/m, '')
    .replace(/^downdelay = .*\n/m, '');
}

/** The reference bondify.ini as the checkout's dist/ prints it. */
export async function referenceIni(lab) {
  return (
    await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
      quiet: true,
    })
  ).stdout;
}

/** `bondify check` (exit code and lines) and `check --ping`, run while a fault is in place. */
export function checksDuring(lab) {
  return async () => {
    const plain = await lab.bondify(['check']);
    const ping = await lab.bondify(['check', '--ping']);
    return {
      check: { code: plain.code, lines: plain.stdout.trimEnd().split('\n') },
      checkPing: { code: ping.code, lines: ping.stdout.trimEnd().split('\n') },
    };
  };
}

/** One dead-path event: the fault held (at least 4 s, longer while `during` runs), undone, watched 3 s. */
export async function deadPath(lab, { bond, during = null }) {
  lab.log(`--- dead path on eth0 (carrier up), ${bond ? 'bond' : 'standard method'}`);
  const m = await measureOnce(lab, { bond, fault: 'path', during });
  lab.log(`dead path: ${JSON.stringify({ ...m, during: undefined })}`);
  return m;
}
