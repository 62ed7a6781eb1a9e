// `bondify plan [--config PATH] [--root DIR] [--json] [--explain]`: every change apply would make (the one plan
// value apply itself carries out), each file as a diff against what is under --root. Reads only; writes nothing.
import type { Io } from '../io.js';
import { parseCommandArgs, rootFlag } from '../args.js';
import { nodeHost } from '../../system/node-host.js';
import { loadConfig, loadConfigStdin } from '../../config/index.js';
import { explainBond, formatPlan, planJson, renderBond } from '../../render/index.js';
import { computePlan, planRefusal } from '../../usecases/plan.js';

const HELP = `usage: bondify plan [--config PATH] [--root DIR] [--json] [--explain]

Shows every change 'bondify apply' would make, each file with a unified diff against what is there
now: create, update or unchanged (bondify's files), remove (stale 10-bondify-* files), or move-aside
(another .network that configures a slave: it goes into the backup, and 'bondify rollback' puts it
back). apply carries out exactly this plan. Writes nothing.

  --config PATH   bondify.ini to use (default: /etc/bondify/bondify.ini under --root; without one,
                  the built-in reference scenario eth0 + wlan0 on 192.168.1.0/24, and plan says so);
                  '-' reads it from stdin (a config not written anywhere yet, e.g. from Ansible)
  --root DIR      compare against an offline root such as a mounted SD card (default: /)
  --json          print [{ "path", "mode", "content", "action" }] instead (paths as on the target;
                  remove and move-aside add "backup": true, move-aside "why")
  --explain       also print why each bond value was chosen

exit: 0 planned, 64 bad flags, 66 --config does not exist or stdin is a directory, 74 a target file cannot
be read, 78 invalid config (also one over 64 KiB)
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('plan', args, {
    config: { type: 'string' },
    root: { type: 'string' },
    json: { type: 'boolean' },
    explain: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const host = nodeHost({ root: rootFlag('plan', values.root) });
  // plan writes nothing, so a config on stdin needs none of the ownership checks a file that apply acts on gets.
  const loaded = values.config === '-' ? loadConfigStdin(host) : loadConfig(host, values.config, { allowDefault: true });
  const plan = computePlan(host, loaded.model, renderBond(loaded.model));
  for (const w of loaded.warnings) io.err(`bondify: warning: ${w}\n`);
  const refusal = planRefusal(plan);
  if (refusal) io.err(`bondify: warning: apply would refuse this: ${refusal.title}${refusal.fix ? `\n  fix: ${refusal.fix}` : ''}\n`);
  if (values.json) {
    // With --explain the array becomes { files, explain }: the reasons, one string per value, travel with the files.
    const files = planJson(plan.entries);
    const explain = values.explain
      ? explainBond(loaded.model)
          .trimEnd()
          .split('\n')
          .map((l) => l.replace(/^- /, ''))
      : null;
    io.out(JSON.stringify(explain ? { files, explain } : files, null, 2) + '\n');
    return 0;
  }
  const from = loaded.builtin ? 'the built-in reference scenario (no config file found)' : loaded.source;
  io.out(`bondify plan for ${loaded.model.name} from ${from}, against ${host.root}\n\n`);
  io.out(formatPlan(plan.entries, io.color));
  if (values.explain) io.out(`\nWhy these values:\n${explainBond(loaded.model)}`);
  return 0;
}
