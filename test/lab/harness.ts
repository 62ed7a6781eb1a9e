// Typed entry to the lab harness (scripts/lab/harness.mjs) for lab tests: boot a guest, run a scenario, get results.
// @ts-expect-error the harness is plain JavaScript run directly by node (npm run lab), typed here
import * as impl from '../../scripts/lab/harness.mjs';
import { beforeAll, expect } from 'vitest';

export interface ScenarioRun<R = Record<string, unknown>> {
  /** Everything the scenario passed to lab.record(key, value). */
  results: R;
  /** The scenario's own log: commands, their output, timestamps. */
  transcript: string;
  /** The guest's whole serial console (kernel + systemd + scenario). */
  console: string;
  /** The scenario's exit: 0, its returned number, or 1 when it threw (then `error` holds the stack). */
  exitCode: number;
  error: string | null;
  durationMs: number;
}

export interface RunOptions {
  /** Passed to the scenario's default export as its second argument. */
  args?: string[];
  /** Kill the guest after this long (default 420 s); the run then rejects with the console's tail. */
  timeoutMs?: number;
  /** Wait for the standard method to be up before the scenario starts (default true). */
  waitStandard?: boolean;
  /** 'stale': plant a host's stale bondify state under the guest's root (default: what the scenario declares). */
  hostState?: 'host' | 'stale';
  log?: (message: string) => void;
  onConsole?: (text: string) => void;
}

/** A scenario name under scripts/lab/scenarios/ or a path to a guest-side .mjs file. */
export function runScenario<R = Record<string, unknown>>(scenario: string, options: RunOptions = {}): Promise<ScenarioRun<R>> {
  return (impl as { runScenario: typeof runScenario }).runScenario(scenario, options) as Promise<ScenarioRun<R>>;
}

/** Assertion-friendly failure text: the scenario's error and the transcript's tail. */
export function explain(run: ScenarioRun<unknown>): string {
  return `scenario exit ${run.exitCode}${run.error ? `\n${run.error}` : ''}\n--- transcript tail ---\n${run.transcript.split('\n').slice(-40).join('\n')}`;
}

/** For a describe block: boots the scenario once before its tests (failing them with the reason when the scenario
 * fails) and returns a getter for what it recorded. */
export function scenarioResults(scenario: string, options: RunOptions = {}): <T>(key: string) => T {
  let r: Record<string, unknown> = {};
  beforeAll(async () => {
    const res = await runScenario(scenario, options);
    expect(res.exitCode, explain(res)).toBe(0);
    r = res.results;
  });
  return <T>(key: string) => r[key] as T;
}
