// `bondify check --heal`: judge (the plain check, unchanged), heal, and when heal acted judge again, so the status
// line shows the state after healing. Imported only with --heal: it pulls in zod and the apply code.
import type { Host } from '../system/host.js';
import { heal, type HealOptions, type HealResult } from './heal.js';
import { runCheck, type CheckOptions } from './check.js';
import { checkJson, formatCheck, pluginText, type CheckOutcome } from '../observe/check-report.js';
import type { Health } from '../observe/health.js';

export interface HealedCheck {
  outcome: CheckOutcome;
  heal: HealResult;
}

const RANK = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 } as const;

/** At least `level`: an operator sees a heal (or a refused one) once, even when the bond is fine again. */
function atLeast(h: Health, level: keyof typeof RANK, why: string | null): Health {
  const problems = why === null ? h.problems : [...h.problems, { level: level as Exclude<keyof typeof RANK, 'OK'>, message: why }];
  return { ...h, problems, status: RANK[h.status] >= RANK[level] ? h.status : level };
}

async function log(host: Host, priority: string, text: string, notes: string[]): Promise<void> {
  try {
    const r = await host.exec(['logger', '-t', 'bondify', '-p', priority, '--', text], { timeoutMs: 5000 });
    if (r.exitCode !== 0) notes.push(`logger failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
  } catch (e) {
    notes.push(`cannot log the heal: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `opts.bondingFile` must be unset (the caller refuses it: healing a saved file makes no sense). */
export async function runCheckHeal(host: Host, opts: CheckOptions, h: Omit<HealOptions, 'config'>): Promise<HealedCheck> {
  const judged = await runCheck(host, opts);
  const result = await heal(host, { ...h, ...(opts.config !== undefined ? { config: opts.config } : {}) });
  if (result.healed === null && result.failed === null) {
    // A healthy bond needs no word about healing; anything else says why heal left it alone.
    const notes = judged.health.status === 'OK' && result.refused === null ? [] : result.notes;
    const health = result.refused === null ? judged.health : atLeast(judged.health, 'UNKNOWN', `not healing: ${result.refused}`);
    return { outcome: { ...judged, health }, heal: { ...result, notes } };
  }
  const after = await runCheck(host, opts);
  const notes = [...after.notes];
  const bond = after.bond;
  if (result.healed !== null) await log(host, 'daemon.warning', `${bond}: healed: ${result.healed}`, notes);
  if (result.failed !== null) await log(host, 'daemon.err', `${bond}: ${result.failed}`, notes);
  const health = atLeast(after.health, 'WARNING', null);
  return { outcome: { ...after, health, notes }, heal: result };
}

export function formatHealed(r: HealedCheck): string {
  const lines: string[] = [];
  // The same escaping as the check lines above them: names from the kernel, no '|' to start fake perfdata.
  if (r.heal.healed !== null) lines.push(`healed: ${pluginText(r.heal.healed)}`);
  if (r.heal.failed !== null)
    lines.push(
      ...r.heal.failed
        .split('\n')
        .map((l, i) => (i === 0 ? `heal failed: ${pluginText(l.replace(/^heal failed: /, ''))}` : `  ${pluginText(l)}`)),
    );
  for (const n of r.heal.notes) lines.push(`heal: ${pluginText(n)}`);
  return formatCheck(r.outcome) + (lines.length > 0 ? lines.join('\n') + '\n' : '');
}

export function healedJson(r: HealedCheck): unknown {
  const base = checkJson(r.outcome) as Record<string, unknown>;
  return {
    ...base,
    healed: r.heal.healed,
    heal: { failed: r.heal.failed, refused: r.heal.refused, notes: r.heal.notes, transcript: r.heal.transcript },
  };
}
