// Host side of the lab: run one guest-side scenario in a fresh guest and return its results and transcript.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLab } from './setup.mjs';
import { acquireLabLock } from './lib/lock.mjs';
import { bootGuest, scenarioWiredPair } from './lib/qemu.mjs';
import { CACHE, LAB_DIR } from './lib/paths.mjs';
import { checkFlavour, scenarioFlavour } from './lib/flavour.mjs';
import { labHostState, plantStaleHostState } from './lib/host-state.mjs';
import { checkStandard, scenarioStandard } from './lib/standard.mjs';

/** A scenario name (scripts/lab/scenarios/<name>.mjs) or a path to a .mjs file. */
export function scenarioPath(nameOrPath) {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.mjs')) return path.resolve(nameOrPath);
  return path.join(LAB_DIR, 'scenarios', `${nameOrPath}.mjs`);
}

const tail = (text, n = 60) => text.split('\n').slice(-n).join('\n');

/**
 * Boot a guest, run the scenario, power off. Resolves { results, transcript, console, exitCode, error, durationMs }
 * where exitCode is the scenario's own. Rejects (with the reason and the console's tail) when the guest could not
 * start, hung past timeoutMs, or never ran the scenario.
 */
export async function runScenario(
  nameOrPath,
  { args = [], timeoutMs = 420_000, waitStandard = true, log, onConsole, flavour, hostState, standard } = {},
) {
  const scenario = scenarioPath(nameOrPath);
  if (!fs.existsSync(scenario)) throw new Error(`lab: no scenario ${scenario}`);
  // The guest userland: the option, else what the scenario file declares (lib/flavour.mjs), else the host's.
  const userland = flavour === undefined ? scenarioFlavour(scenario) : checkFlavour(flavour);
  // The starting network files (lib/standard.mjs): the option, else the scenario's line, else the reference ones.
  const start = standard === undefined ? scenarioStandard(scenario) : checkStandard(standard);
  const say = log ?? ((m) => process.stderr.write(`[lab] ${m}\n`));
  const release = await acquireLabLock({ log: say });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bondify-lab-'));
  try {
    const lab = await ensureLab({ log: say, flavour: userland });
    fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ scenario, args, waitStandard, standard: start }));
    // topology.sh reads it before networkd starts (before node could parse run.json).
    fs.writeFileSync(path.join(dir, 'standard'), `${start}\n`);
    if ((hostState ?? labHostState(scenario)) === 'stale') plantStaleHostState(dir);
    const guest = await bootGuest({ ...lab, resultsDir: dir, wiredPair: scenarioWiredPair(scenario) }, { timeoutMs, onConsole });
    const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : null);
    const transcript = read('transcript.log') ?? '';
    const exit = read('exit.json');
    if (guest.timedOut || exit === null) {
      const why = guest.timedOut
        ? `the guest did not finish within ${Math.round(timeoutMs / 1000)} s and was killed`
        : `the guest stopped (qemu exit ${guest.exitCode}) without finishing the scenario`;
      throw new Error(
        `lab: ${path.basename(scenario)}: ${why}.\n--- scenario transcript (tail) ---\n${tail(transcript, 30)}\n--- console (tail) ---\n${tail(guest.console)}`,
      );
    }
    const { code, error } = JSON.parse(exit);
    const results = JSON.parse(read('results.json') ?? '{}');
    // Where the lab's minutes go (CI must stay within its budget): one line per boot, on stderr and in the cache.
    const line = `${path.basename(scenario)}: guest ${(guest.durationMs / 1000).toFixed(0)} s (exit ${code})`;
    say(line);
    fs.mkdirSync(CACHE, { recursive: true });
    fs.appendFileSync(path.join(CACHE, 'boot-times.log'), `${new Date().toISOString()} ${line}\n`);
    return { results, transcript, console: guest.console, exitCode: code, error, durationMs: guest.durationMs };
  } finally {
    release();
    if (process.env.BONDIFY_LAB_KEEP) say(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
