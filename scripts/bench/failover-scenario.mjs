// Guest side of `npm run bench:failover`: two faults — eth0's cable pulled, and a dead path with the cable in —
// repeated under the standard method, then bondify's MII bond, then bondify's ARP bond (both applied with bondify
// itself), in one boot.
import fs from 'node:fs';
import { measureOnce, streamServer } from './failover-measure.mjs';
import { arpIni, referenceIni } from '../lab/guest/dead-path.mjs';

const FAULTS = ['cable', 'path'];

async function settle(lab, bond) {
  const ok = bond
    ? async () => lab.state.activeSlave() === 'eth0' && (await lab.state.ping('192.168.1.1', { dev: 'bond0' }))
    : () => lab.state.standardReady();
  await lab.waitFor(bond ? 'the bond on eth0' : 'the standard method', ok, { timeoutMs: 60_000, intervalMs: 250 });
  await lab.sleep(1000);
}

/** Every fault `repeats` times under one method; recorded as results[method][fault]. */
async function series(lab, method, bond, repeats) {
  const runs = Object.fromEntries(FAULTS.map((f) => [f, []]));
  for (const fault of FAULTS) {
    for (let k = 1; k <= repeats; k++) {
      await settle(lab, bond);
      lab.log(`--- ${method}, ${fault}: run ${k}/${repeats}`);
      const m = await measureOnce(lab, { bond, fault });
      lab.log(`${method} ${fault} run ${k}: ${JSON.stringify(m)}`);
      runs[fault].push(m);
      lab.record(method, runs);
    }
  }
  return runs;
}

async function applyBond(lab, name, ini) {
  lab.log(`--- bondify apply: ${name}`);
  fs.mkdirSync('/etc/bondify', { recursive: true });
  fs.writeFileSync('/etc/bondify/bondify.ini', ini);
  const apply = await lab.bondify(['apply', '--yes']);
  lab.record(`${name}Apply`, { code: apply.code, config: ini });
  return apply.code === 0 && lab.state.exists('bond0');
}

export default async function failoverBench(lab, args) {
  const repeats = Number(args[0] ?? 3);
  const server = await streamServer(5001);
  lab.record('meta', { repeats, kernel: (await lab.run(['uname', '-r'], { quiet: true })).stdout.trim() });
  try {
    await series(lab, 'standard', false, repeats);
    const reference = await referenceIni(lab);
    if (!(await applyBond(lab, 'mii', reference))) return 1;
    await series(lab, 'mii', true, repeats);
    if (!(await applyBond(lab, 'arp', arpIni(reference)))) return 1;
    await series(lab, 'arp', true, repeats);
    return 0;
  } finally {
    server.close();
  }
}
