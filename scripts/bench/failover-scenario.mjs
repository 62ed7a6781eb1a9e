// Guest side of `npm run bench:failover`: the same failover event, repeated, under the standard method and then
// under bondify's bond (applied with bondify itself), in one boot.
import { measureOnce, streamServer } from './failover-measure.mjs';

async function settle(lab, bond) {
  const ok = bond
    ? async () => lab.state.activeSlave() === 'eth0' && (await lab.state.ping('192.168.1.1', { dev: 'bond0' }))
    : () => lab.state.standardReady();
  await lab.waitFor(bond ? 'the bond on eth0' : 'the standard method', ok, { timeoutMs: 60_000, intervalMs: 250 });
  await lab.sleep(1000);
}

async function series(lab, name, bond, repeats) {
  const runs = [];
  for (let k = 1; k <= repeats; k++) {
    await settle(lab, bond);
    lab.log(`--- ${name}: run ${k}/${repeats}`);
    const m = await measureOnce(lab, { bond });
    lab.log(`${name} run ${k}: ${JSON.stringify(m)}`);
    runs.push(m);
    lab.record(name, runs);
  }
  return runs;
}

export default async function failoverBench(lab, args) {
  const repeats = Number(args[0] ?? 3);
  const server = await streamServer(5001);
  lab.record('meta', { repeats, kernel: (await lab.run(['uname', '-r'], { quiet: true })).stdout.trim() });
  await series(lab, 'standard', false, repeats);

  lab.log('--- bondify init + apply');
  const init = await lab.bondify(['init', '--force']);
  const apply = await lab.bondify(['apply', '--yes']);
  lab.record('apply', { init: init.code, apply: apply.code, missing: init.missing || apply.missing });
  if (apply.code !== 0 || !lab.state.exists('bond0')) {
    lab.log('bond not in place: bond measurements skipped');
    server.close();
    return 1;
  }
  lab.record('bondConfig', lab.readFile('/etc/bondify/bondify.ini'));
  await series(lab, 'bond', true, repeats);
  server.close();
  return 0;
}
