// Live reliability on the real kernel (one QEMU guest, test/lab/reliability-live.mjs): SIGKILL at the live steps
// of apply and rollback (reload, link creation and deletion, verification), then the next run must bring a
// healthy network back; and faults during apply (networkd stopped, networkctl failing, disk full, read-only
// network folder, AP gone, gateway gone) must each end with a clear error and a working network.
// Prints "live crash points: …" and "live faults: …".
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, runScenario } from './harness.js';
import { recordFigure } from '../slow/reliability/figures.js';

interface Point {
  name: string;
  next: string;
  killed: boolean;
  code: number | null;
  state: 'old' | 'new' | 'mixed';
  journal: boolean;
  partial: string[];
  recoverCode: number;
  converged: boolean;
  healthy: boolean;
}
interface Fault {
  name: string;
  code: number;
  out: string;
  state: 'old' | 'new' | 'mixed';
  journal: boolean;
  partial: string[];
  working: boolean;
}

const SCENARIO = fileURLToPath(new URL('./reliability-live.mjs', import.meta.url));
let r: Record<string, unknown> = {};
let explained = '';
beforeAll(async () => {
  const run = await runScenario(SCENARIO, { timeoutMs: 1_800_000 });
  explained = explain(run);
  expect(run.exitCode, explained).toBe(0);
  r = run.results;
}, 1_900_000);

const points = () => (r['points'] as Point[] | undefined) ?? [];
const faults = () =>
  Object.entries(r)
    .filter(([k]) => k.startsWith('fault '))
    .map(([, v]) => v as Fault);
const consistent = (p: Point) => p.partial.length === 0 && (p.state !== 'mixed' || p.journal);
const clean = (f: Fault) =>
  f.working && f.partial.length === 0 && (f.code === 0 ? f.state === 'new' : f.state === 'old' && !f.journal && /bondify: |✗/.test(f.out));

afterAll(() => {
  const killed = points().filter((p) => p.killed);
  recordFigure({
    name: 'live crash points',
    tried: killed.length,
    counts: { consistent: killed.filter(consistent).length, recovered: killed.filter((p) => p.converged && p.healthy).length },
    note: `of ${points().length} planned; ${killed.filter((p) => p.state === 'mixed').length} mixed-but-journaled`,
  });
  recordFigure({
    name: 'live faults',
    tried: faults().length,
    counts: { 'clear error and a working network': faults().filter(clean).length },
  });
});

describe('lab: live crash points', () => {
  it('the reference apply and rollback work', () => {
    expect(r['reference'], explained).toEqual({ apply: 0, rollback: 0, newDiffers: true, backToOld: true, standard: true });
  });

  it('most planned points were hit (the kill landed before the run ended)', () => {
    expect(points().length).toBe(8);
    expect(points().filter((p) => p.killed).length, JSON.stringify(points(), null, 1)).toBeGreaterThanOrEqual(6);
  });

  it('after each kill: whole files, a complete set or a journaled one; the next run converges to a healthy network', () => {
    for (const p of points().filter((x) => x.killed)) {
      const why = `${JSON.stringify(p)}\n${explained}`;
      expect(p.partial, p.name).toEqual([]);
      expect(consistent(p), `${p.name}: ${p.state}, journal ${p.journal}`).toBe(true);
      expect(p.recoverCode, `${p.name}: ${p.next} after the kill\n${why}`).toBe(0);
      expect(p.converged, `${p.name}: files after ${p.next}\n${why}`).toBe(true);
      expect(p.healthy, `${p.name}: network after ${p.next}\n${why}`).toBe(true);
    }
  });
});

describe('lab: faults during apply', () => {
  it('each fault gives a clear error (or, where the bond works anyway, a clean apply) and leaves a working network', () => {
    expect(faults().map((f) => f.name)).toEqual([
      'networkd not running',
      'networkctl failing',
      'disk full (/var/lib/bondify on an 8 KiB tmpfs)',
      'read-only network folder',
      'AP gone',
      'gateway gone',
    ]);
    for (const f of faults())
      expect(clean(f), `${f.name}: exit ${f.code}, files ${f.state}, journal ${f.journal}, working ${f.working}\n${f.out}`).toBe(true);
  });

  it("gateway gone: the revert's verification says what the kernel knows of each link (up, the gateway's neighbour entry unanswered)", () => {
    const f = faults().find((x) => x.name === 'gateway gone');
    expect(f?.out).toMatch(
      /gateway 192\.168\.1\.1: desired answers through (eth0|wlan0), current no answer \((eth0|wlan0) up; neighbour 192\.168\.1\.1 (FAILED|INCOMPLETE)/,
    );
  });

  it.each([
    ['networkd not running'],
    ['networkctl failing'],
    ['disk full (/var/lib/bondify on an 8 KiB tmpfs)'],
    ['read-only network folder'],
    ['gateway gone'],
  ])('%s: refused or reverted, the previous files kept', (name) => {
    const f = faults().find((x) => x.name === name);
    expect(f?.code, f?.out).not.toBe(0);
    expect(f?.state).toBe('old');
  });
});
