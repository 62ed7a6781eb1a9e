// Fuzzes the built /proc/net/bonding parser or config validator (dist/, `npm run build` first) inside a worker
// thread, so the test that starts it can terminate a run that hangs: a synchronous endless loop cannot be
// interrupted from inside. Posts one result per property: runs done, the first failure, the slowest call.
import fc from 'fast-check';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { makeArbitraries } from './fuzz-inputs.mjs';

// The shared dist/, or the private build `npm run reliability` makes (see cli.ts).
const dist = (p) =>
  process.env.BONDIFY_DIST ? pathToFileURL(`${process.env.BONDIFY_DIST}/${p}`).href : new URL(`../../../dist/${p}`, import.meta.url).href;
const { BondifyError } = await import(dist('errors.js'));
const { parseProcBonding } = await import(dist('observe/proc-parser.js'));
const { toStatusJson } = await import(dist('observe/types.js'));
const { formatStatus } = await import(dist('observe/status-report.js'));
const { plain } = await import(dist('observe/paint.js'));
const { validateConfig } = await import(dist('config/validate.js'));
const { renderBond, renderStandard } = await import(dist('render/index.js'));

const { target, seed, numRuns, timeLimitMs } = workerData;
const arbs = makeArbitraries(fc, target);

// Where generated files may go, and what every generated line may look like (no injected lines or sections).
const ALLOWED =
  /^\/etc\/(systemd\/network\/[A-Za-z0-9_.-]+\.(network|netdev)|modprobe\.d\/bondify\.conf|udev\/rules\.d\/90-bondify-power-save\.rules)$/;
// systemd's names may hold digits after the first letter ([DHCPv4], IPv6AcceptRA=).
const LINE = /^(#[^\n]*|\[[A-Za-z][A-Za-z0-9]*\]|[A-Za-z][A-Za-z0-9]*=[^\n]*|options bonding [^\n]*|)$/;

/** An expected refusal: a BondifyError of the right kind that names the file and says how to fix it. */
function checkRefusal(e, kind) {
  if (!(e instanceof BondifyError)) throw new Error(`not a BondifyError: ${e instanceof Error ? e.stack : String(e)}`);
  if (e.kind !== kind) throw new Error(`kind ${e.kind}, expected ${kind}: ${e.message}`);
  if (!e.details.file || !e.details.fix) throw new Error(`refusal without file or fix: ${e.message}`);
}

function checkRendered(files) {
  for (const f of files) {
    if (!ALLOWED.test(f.path) || f.path.split('/').includes('..')) throw new Error(`generated path outside the allowed dirs: ${f.path}`);
    if ((f.mode & 0o022) !== 0) throw new Error(`generated ${f.path} is group/world writable: ${f.mode.toString(8)}`);
    for (const line of f.content.split('\n'))
      if (!LINE.test(line)) throw new Error(`suspicious line in ${f.path}: ${JSON.stringify(line)}`);
  }
}

const PROBES = [() => null, () => true, () => false, (n) => n.startsWith('w')];

function once(text, extra) {
  if (target === 'parser') {
    try {
      const s = parseProcBonding(text, { bond: 'bond0', file: 'fuzz' });
      JSON.stringify(toStatusJson(s));
      formatStatus(s, plain);
      return 'accepted';
    } catch (e) {
      checkRefusal(e, 'data');
      return 'refused';
    }
  }
  let v;
  try {
    v = validateConfig(text, 'fuzz.ini', PROBES[extra % PROBES.length]);
  } catch (e) {
    checkRefusal(e, 'config');
    return 'refused';
  }
  checkRendered(renderBond(v.model));
  checkRendered(renderStandard(v.model));
  return 'accepted';
}

for (const [name, arb] of Object.entries(arbs)) {
  let slowestMs = 0;
  const seen = { accepted: 0, refused: 0 };
  const property = fc.property(arb, fc.nat(), (text, extra) => {
    const t0 = performance.now();
    seen[once(text, extra)]++;
    slowestMs = Math.max(slowestMs, performance.now() - t0);
  });
  const r = fc.check(property, { seed, numRuns, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false });
  parentPort.postMessage({
    name,
    runs: r.numRuns,
    accepted: seen.accepted,
    refused: seen.refused,
    slowestMs,
    failed: r.failed,
    error: r.failed ? String(r.errorInstance instanceof Error ? r.errorInstance.message : r.errorInstance) : null,
    counterexample: r.failed ? JSON.stringify(r.counterexample?.[0]).slice(0, 2000) : null,
  });
}
parentPort.postMessage({ done: true });
