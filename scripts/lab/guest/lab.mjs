// Guest-side scenario API: logging, commands, bondify, results, waiting; faults, state and ping from sibling modules.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { faults } from './faults.mjs';
import { state } from './state.mjs';
import { startPing } from './ping.mjs';
import { dhcp } from './dhcp.mjs';

export const RESULTS_DIR = '/lab/results';
export const CHECKOUT = fs.readFileSync('/lab/checkout', 'utf8').trim();
export const BONDIFY = path.join(CHECKOUT, 'dist', 'cli', 'main.js');
const t0 = Date.now();

export function createLab({ transcript }) {
  const results = {};
  const lab = {
    checkout: CHECKOUT,
    /** Timestamped line to the console and the transcript. */
    log(...parts) {
      const line = `[${((Date.now() - t0) / 1000).toFixed(3).padStart(8)}] ${parts.join(' ')}`;
      process.stdout.write(`${line}\n`);
      transcript.write(`${line}\n`);
    },
    /** Raw text to the transcript (command output), indented. */
    out(text) {
      const body = String(text).replace(/\n$/, '');
      if (body === '') return;
      const shown = body
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');
      process.stdout.write(`${shown}\n`);
      transcript.write(`${shown}\n`);
    },
    /** Run argv; never throws unless check:true and the exit code is not 0. */
    async run(argv, { check = false, quiet = false, timeoutMs = 60_000, input, env } = {}) {
      if (!quiet) lab.log(`$ ${argv.join(' ')}`);
      const [file, ...args] = argv;
      const r = await execa(file, args, { reject: false, timeout: timeoutMs, input, env, all: true });
      const res = { code: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), all: String(r.all ?? '') };
      if (!quiet) {
        lab.out(res.all);
        if (res.code !== 0) lab.log(`  (exit ${res.code}${r.timedOut ? ', timed out' : ''})`);
      }
      if (check && res.code !== 0) throw new Error(`\`${argv.join(' ')}\` exited ${res.code}: ${res.stderr.trim()}`);
      return res;
    },
    /** `bondify <args>` from the checkout's dist/. `missing` is true when the command does not exist yet (exit 64). */
    async bondify(args, opts = {}) {
      const r = await lab.run(['node', BONDIFY, ...args], { timeoutMs: 120_000, ...opts });
      return { ...r, missing: r.code === 64 && /unknown command/.test(r.stderr) };
    },
    /** Store a result for the host-side test (JSON, rewritten on every call so a crash keeps what was recorded). */
    record(key, value) {
      results[key] = value;
      const file = path.join(RESULTS_DIR, 'results.json');
      fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
      fs.renameSync(`${file}.tmp`, file);
      return value;
    },
    results,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    /** Poll fn until it returns a truthy value; throw after timeoutMs naming what was awaited. */
    async waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 100 } = {}) {
      const start = Date.now();
      for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await lab.sleep(intervalMs);
      }
    },
    readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null),
    startPing: (opts) => startPing(lab, opts),
  };
  lab.state = state(lab);
  lab.fault = faults(lab);
  lab.dhcp = dhcp(lab);
  return lab;
}
