// `bondify drill`: prove the backup carries traffic, on the live bond, and return to the primary.
import path from 'node:path';
import type { Io } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { DRILL_EXIT } from '../exit.js';
import { BondifyError, isBondifyError } from '../../errors.js';
import { nodeHost } from '../../system/node-host.js';
import { checkBondName } from '../../observe/read-state.js';
import { drillJson, formatDrill, formatRefusal, SLOW_MS } from '../../observe/drill-report.js';
import { runDrill, SILENCE_LIMIT_S } from '../../usecases/drill.js';

const HELP = `usage: bondify drill [--bond NAME] [--hold SECONDS] [--gateway ADDRESS] [--slow-ms MS] [--json] [--prom PATH]

Makes the backup slave of a live active-backup bond active for a few seconds, measures what it carries, and puts
the primary back. Run as root on a healthy bond; it costs a few seconds on the backup.

  preflight   the bond is on its primary, the backup is up with carrier and, for wifi, associated; otherwise
              nothing changes (exit 2 for an unhealthy bond, 3 when it cannot tell)
  guard       a transient systemd timer (bondify-drill-guard) armed before the switch puts the primary back with
              'ip link set dev BOND type bond active_slave PRIMARY' if the drill dies (SIGKILL, a lost session)
  switch      the kernel's active_slave; the gateway is pinged through the bond every 10 ms; no answer within
              ${SILENCE_LIMIT_S} s and the primary goes back at once, with the likely causes from the configuration

  --bond NAME         the bond (default bond0)
  --hold SECONDS      how long to stay on the backup once it answers (default 5, 1-60)
  --gateway ADDRESS   what to ping (default: the bond's default route)
  --slow-ms MS        a failover or failback silence above this passes slowly (default ${SLOW_MS}: TCP's first
                      retransmission waits 1 s, so a longer silence is felt by connections)
  --json              print the result as JSON
  --prom PATH         write node_exporter textfile metrics (bondify_drill_*) to PATH (atomically)

exit: 0 passed, 1 passed slowly, 2 the backup carried nothing (or the bond is not healthy), 3 could not run
`;

function intFlag(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new BondifyError('usage', `drill: --${name} ${JSON.stringify(v)} is not a whole number from ${min} to ${max}`, { value: v });
  return n;
}

export async function run(args: string[], io: Io): Promise<number> {
  let json = false;
  try {
    const { values } = parseCommandArgs('drill', args, {
      bond: { type: 'string' },
      hold: { type: 'string' },
      gateway: { type: 'string' },
      'slow-ms': { type: 'string' },
      json: { type: 'boolean' },
      prom: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    json = values.json === true;
    const bond = checkBondName(values.bond ?? 'bond0');
    const o = await runDrill(
      nodeHost(),
      {
        bond,
        holdS: intFlag('hold', values.hold, 5, 1, 60),
        gateway: values.gateway,
        slowMs: intFlag('slow-ms', values['slow-ms'], SLOW_MS, 1, 60_000),
        prom: values.prom === undefined ? undefined : path.resolve(values.prom),
      },
      (l) => {
        if (!json) io.err(l + '\n');
      },
    );
    if (o.facts === null)
      io.out(json ? JSON.stringify({ result: o.result, bond, refusal: o.refusal }, null, 2) + '\n' : formatRefusal(o.result, o.refusal));
    else io.out(json ? JSON.stringify(drillJson(o.facts), null, 2) + '\n' : formatDrill(o.facts));
    return DRILL_EXIT[o.result];
  } catch (e) {
    // Anything that stops the drill from judging is UNKNOWN (3), as for check.
    if (!isBondifyError(e)) throw e;
    const msg = `${e.details.file ? `${e.details.file}: ` : ''}${e.message}`;
    io.out(json ? JSON.stringify({ result: 'unknown', error: msg }, null, 2) + '\n' : `drill could not run: ${msg}\n`);
    return DRILL_EXIT.unknown;
  }
}
