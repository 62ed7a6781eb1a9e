// The bond contract: one list of steps (apply → verify → failover → failback → rollback) with what each step must
// show, run by two drivers — the fake host in the unit tests (fake-driver.ts) and a real guest in the lab
// (lab-driver.mjs, inside scripts/lab/scenarios/apply-core.mjs) — so the fake cannot drift from the real kernel and
// networkd unnoticed. Plain JavaScript: the lab guest imports it straight from the checkout.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A driver runs the steps on one host.
 * @typedef {object} Driver
 * @property {(args: string[]) => Promise<{ code: number, stdout: string, out: string }>} bondify  the CLI, as a user runs it
 * @property {(name: 'eth0Down' | 'eth0Up') => Promise<void>} fault  a physical fault, from the router's side
 * @property {(want: Settle) => Promise<boolean>} settle  waits (bounded) until the kernel shows `want`; false if it never did
 * @property {() => Promise<Record<string, string | null>>} files  sha256 (with mode) of every watched file, null when absent
 */

/**
 * What the kernel must show before a step's observations are taken: a bond whose active slave is this one with
 * every named slave's MII up, or no bond at all. Physical faults take time on real hardware; the fake is instant.
 * @typedef {{ active: string, up: string[] } | { bond: 'absent' }} Settle
 */

/** The files the contract watches: the standard method (restored byte for byte) and bondify's own. */
export const WATCHED = [
  '/etc/systemd/network/eth0.network',
  '/etc/systemd/network/wlan0.network',
  '/etc/systemd/network/10-bondify-bond0.netdev',
  '/etc/systemd/network/10-bondify-bond0.network',
  '/etc/systemd/network/10-bondify-eth0.network',
  '/etc/systemd/network/10-bondify-wlan0.network',
  '/etc/modprobe.d/bondify.conf',
  // wlan0 is wireless: its power save (off by default) comes with a udev rule, installed and taken away like the rest.
  '/etc/udev/rules.d/90-bondify-power-save.rules',
];
const STANDARD = WATCHED.slice(0, 2);
const BONDIFY = WATCHED.slice(2);

/** Every watched file under root as "sha256 mode", null when absent: what both drivers' `files()` return. */
export function fingerprints(root) {
  return Object.fromEntries(
    WATCHED.map((p) => {
      const f = path.join(root, p);
      if (!fs.existsSync(f)) return [p, null];
      return [p, `${crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')} ${(fs.lstatSync(f).mode & 0o7777).toString(8)}`];
    }),
  );
}

const CHECK = ['check', '--json', '--ping'];
const STATUS = ['status', '--json'];

// The slaves as the lab's links report them: eth0 a veth (10000 Mbps, full duplex), wlan0 a wifi radio, which tells
// the bonding driver no speed or duplex ("Unknown").
const eth0 = (miiStatus, linkFailures) => ({ miiStatus, speedMbps: 10000, duplex: 'full', linkFailures });
const wlan0 = { miiStatus: 'up', speedMbps: null, duplex: null };

// eth0's link failures count from what the new bond shows right after apply: networkd takes a link down to enslave
// it, and whether the bond's monitor sees that (0 or 1 on the real kernel) is timing. RISE(n) is that count plus n;
// FAILURES(n) stands for it in a message. judge() fills both in from the apply step's status.
const RISE = (n) => ({ $rise: n });
const FAILURES = (n) => `{failures+${n}}`;

// The bond as `status --json` shows it with both links up and eth0 (the primary) carrying traffic.
const onEth0 = (eth0Failures) => ({
  bond: 'bond0',
  mode: 'active-backup',
  failOverMac: 'active',
  primary: 'eth0',
  primaryReselect: 'always',
  activeSlave: 'eth0',
  miiStatus: 'up',
  miimonMs: 100,
  updelayMs: 200,
  downdelayMs: 0,
  slaves: { eth0: eth0('up', eth0Failures), wlan0 },
});

/**
 * The steps, in order. `run` is a bondify argv or a fault; `settle` is awaited after it; `expect` names what the
 * step's observations must contain (a deep subset: objects by key, `slaves` keyed by name, arrays exactly):
 * `code` (exit of `run`), `check` (`check --json --ping`, its exit as `check.code`), `status` (`status --json`, its
 * exit as `status.code`), `files` ('standard' = as before the first step; 'bondify' = standard files gone, bondify's
 * present; or a map of path → null/'present').
 */
export const STEPS = [
  {
    name: 'before: the standard method, no bond',
    expect: { status: { code: 69 }, files: { [BONDIFY[0]]: null } },
  },
  {
    name: 'apply --yes: bond up in active-backup, eth0 active and primary, both slaves up, check OK',
    run: ['apply', '--yes'],
    settle: { active: 'eth0', up: ['eth0', 'wlan0'] },
    expect: {
      code: 0,
      status: { code: 0, ...onEth0(RISE(0)) },
      check: { code: 0, status: 'OK', bond: 'bond0', problems: [], events: [], failoversTotal: 0, notes: [], state: onEth0(RISE(0)) },
      files: 'bondify',
    },
  },
  {
    name: 'eth0 loses its carrier: wlan0 takes over, eth0 MII down, check WARNING',
    fault: 'eth0Down',
    settle: { active: 'wlan0', up: ['wlan0'] },
    expect: {
      status: { code: 0, ...onEth0(RISE(1)), activeSlave: 'wlan0', slaves: { eth0: eth0('down', RISE(1)), wlan0 } },
      check: {
        code: 1,
        status: 'WARNING',
        summary: 'bond0 active-backup: eth0 down (primary), wlan0 active',
        problems: [
          { level: 'WARNING', message: 'running on backup slave wlan0, not the primary eth0' },
          { level: 'WARNING', message: 'slave eth0 is down' },
          { level: 'WARNING', message: `slave eth0 link failures rose ${FAILURES(0)} → ${FAILURES(1)} since the previous check` },
        ],
        events: [{ kind: 'failover', message: 'bond0: failover to wlan0 from eth0 (primary eth0)' }],
        failoversTotal: 1,
        // The failover goes to syslog through logger, which must have worked (a failed logger shows up here).
        notes: [],
      },
    },
  },
  {
    name: 'eth0 back: eth0 active again, both slaves up, check OK',
    fault: 'eth0Up',
    settle: { active: 'eth0', up: ['eth0', 'wlan0'] },
    expect: {
      status: { code: 0, ...onEth0(RISE(1)) },
      check: {
        code: 0,
        status: 'OK',
        summary: 'bond0 active-backup: eth0 active (primary), wlan0 up',
        problems: [],
        events: [{ kind: 'failback', message: 'bond0: failback to primary eth0 from wlan0' }],
        failoversTotal: 2,
        notes: [],
      },
    },
  },
  {
    name: "rollback: the standard files back byte for byte, bondify's gone, no bond0",
    run: ['rollback'],
    settle: { bond: 'absent' },
    expect: { code: 0, status: { code: 69 }, files: 'standard' },
  },
];

const parse = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return { unparsed: text };
  }
};

/** Runs every step on a driver and returns what it saw, step by step (plain JSON, for a lab result file). */
export async function runContract(driver) {
  const observed = [];
  const before = await driver.files();
  for (const step of STEPS) {
    const o = { name: step.name };
    if (step.run) {
      const r = await driver.bondify(step.run);
      Object.assign(o, { code: r.code, out: r.out });
    }
    if (step.fault) await driver.fault(step.fault);
    if (step.settle) o.settled = await driver.settle(step.settle);
    if (step.expect.status) {
      const s = await driver.bondify(STATUS);
      o.status = { code: s.code, ...parse(s.stdout) };
    }
    if (step.expect.check) {
      const c = await driver.bondify(CHECK);
      o.check = { code: c.code, ...parse(c.stdout) };
    }
    if (step.expect.files) o.files = await driver.files();
    observed.push(o);
  }
  return { before, steps: observed };
}

/** `slaves` arrays keyed by name: networkd enslaves in whichever order it configures the links. */
const keyed = (v) =>
  Array.isArray(v) && v.every((s) => s && typeof s === 'object' && typeof s.name === 'string')
    ? Object.fromEntries(v.map((s) => [s.name, s]))
    : v;

/** Where `actual` does not contain `want`: a list of "path: want X, got Y". */
function subset(want, actual, at, out) {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    const a = keyed(actual);
    if (a === null || typeof a !== 'object') return void out.push(`${at}: want an object, got ${JSON.stringify(actual)}`);
    if (at.endsWith('.slaves') && Object.keys(a).sort().join() !== Object.keys(want).sort().join()) {
      out.push(`${at}: want slaves ${Object.keys(want).sort().join(', ')}, got ${Object.keys(a).sort().join(', ')}`);
    }
    for (const [k, v] of Object.entries(want)) subset(v, a[k], `${at}.${k}`, out);
    return;
  }
  // check's summary lists the slaves in the kernel's order, which is the order networkd enslaved them in: timing
  // on the real kernel. The contract holds what each slave is said to be, in any order.
  if (at.endsWith('.check.summary') && typeof want === 'string' && typeof actual === 'string') {
    const parts = (t) =>
      [
        t.slice(0, t.indexOf(': ') + 2),
        ...t
          .slice(t.indexOf(': ') + 2)
          .split(', ')
          .sort(),
      ].join('|');
    if (parts(want) !== parts(actual)) out.push(`${at}: want ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (JSON.stringify(want) !== JSON.stringify(actual)) out.push(`${at}: want ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`);
}

/** The files a step must show, from its `files` expectation and the fingerprints taken before the first step. */
function wantedFiles(spec, before) {
  if (spec === 'standard') return Object.fromEntries(WATCHED.map((p) => [p, before[p] ?? null]));
  if (spec === 'bondify') return Object.fromEntries([...STANDARD.map((p) => [p, null]), ...BONDIFY.map((p) => [p, 'present'])]);
  return spec;
}

/** The expectation with RISE(n) and FAILURES(n) made numbers: eth0's count after apply (`base`) plus n. */
function resolve(want, base) {
  if (typeof want === 'string') return want.replace(/\{failures\+(\d+)\}/g, (_, n) => String(base + Number(n)));
  if (Array.isArray(want)) return want.map((w) => resolve(w, base));
  if (want !== null && typeof want === 'object') {
    if ('$rise' in want) return base + want.$rise;
    return Object.fromEntries(Object.entries(want).map(([k, v]) => [k, resolve(v, base)]));
  }
  return want;
}

/** Every way the observations break the contract, one line each ("step: path: want, got"); [] when kept. */
export function judge(observations) {
  const out = [];
  const { before, steps } = observations;
  // eth0's count right after apply, read from the apply step's status; the bond starts with 0 or 1 (see RISE).
  const afterApply = keyed(steps?.[1]?.status?.slaves)?.eth0?.linkFailures;
  const base = afterApply === 0 || afterApply === 1 ? afterApply : 0;
  for (const p of STANDARD) if (!before?.[p]) out.push(`before: ${p} must exist (the standard method)`);
  STEPS.forEach((step, i) => {
    const o = steps?.[i];
    if (!o) return void out.push(`${step.name}: not run`);
    const misses = [];
    if (step.settle && o.settled !== true) misses.push(`settle: the kernel never showed ${JSON.stringify(step.settle)}`);
    const { files, ...rest } = resolve(step.expect, base);
    subset(rest, o, 'step', misses);
    if (files) {
      for (const [p, want] of Object.entries(wantedFiles(files, before))) {
        const got = o.files?.[p] ?? null;
        const ok = want === 'present' ? got !== null : got === want;
        if (!ok)
          misses.push(
            `${p}: want ${want === null ? 'absent' : want === 'present' ? 'present' : `as before (${want})`}, got ${got ?? 'absent'}`,
          );
      }
    }
    for (const m of misses) out.push(`${step.name}: ${m.replace(/^step\./, '')}`);
  });
  return out;
}

/** Whether a status --json (parsed) shows what `want` asks for. Drivers that poll the CLI use it to settle. */
export function shows(status, want) {
  if ('bond' in want) return status === null;
  if (status === null || status.activeSlave !== want.active) return false;
  const mii = Object.fromEntries((status.slaves ?? []).map((s) => [s.name, s.miiStatus]));
  return want.up.every((n) => mii[n] === 'up');
}
