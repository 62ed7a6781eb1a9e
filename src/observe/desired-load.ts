// Reads what the config wants for `bondify check`. Validating bondify.ini needs zod (slow to load on a small
// board, and check runs every minute), so the result is cached in check's state file under a key of the config's
// text, and the config layer is imported only when the file changed.
import path from 'node:path';
import { isBondifyError } from '../errors.js';
import type { Host } from '../system/host.js';
import { readPathText, readTrustedText } from '../system/read-files.js';
import { underRoot } from '../system/paths.js';
import { DEFAULT_CONFIG_PATH } from '../config/default.js';
import { desiredFromModel, type Desired } from './desired.js';
import { READ_SETTINGS } from '../model/bond-settings.js';
import type { CheckMemory } from './check-memory.js';

export interface DesiredResult {
  desired: Desired | null;
  /** The config exists but cannot be read or is invalid (→ UNKNOWN). */
  error: string | null;
  note: string | null;
  /** What to remember for the next run. */
  cache: CheckMemory['config'];
}

/**
 * Change detection, not security (the cache sits in root's 0700 state folder): two FNV-1a passes and the length.
 * Not a sha256: the first use of the crypto library in a process is a noticeable part of the every-minute check.
 */
export function contentKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `${text.length}-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

// A cache holds every setting of the table it was written with: one from an older bondify (a setting missing, or
// "off" spelled null) is validated again instead of judged.
function isDesired(v: unknown): v is Desired {
  const d = v as Partial<Desired> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.bond === 'string' &&
    typeof d.primary === 'string' &&
    Array.isArray(d.slaves) &&
    READ_SETTINGS.every((r) => r.field in d)
  );
}

/** `file`: --config as typed, or undefined for /etc/bondify/bondify.ini under host.root. */
export async function loadDesired(host: Host, file: string | undefined, cached: CheckMemory['config']): Promise<DesiredResult> {
  const real = file !== undefined ? path.resolve(file) : underRoot(host.root, DEFAULT_CONFIG_PATH);
  const shown = file ?? DEFAULT_CONFIG_PATH;
  // As root the same trusted read loadConfig does: a cached model must never stand for a file root would refuse.
  const r = host.isRoot() ? readTrustedText(real) : readPathText(real);
  if (!r.ok) {
    if (file === undefined && r.code === 'ENOENT') {
      return { desired: null, error: null, note: `no ${DEFAULT_CONFIG_PATH}: the bond is not compared with a config`, cache: undefined };
    }
    return { desired: null, error: `${shown}: ${r.message}`, note: null, cache: undefined };
  }
  const key = contentKey(r.text);
  if (cached?.key === key && isDesired(cached.desired)) {
    return { desired: cached.desired, error: null, note: null, cache: cached };
  }
  try {
    const { loadConfig } = await import('../config/load.js');
    const desired = desiredFromModel(loadConfig(host, file, { allowDefault: false }).model);
    return { desired, error: null, note: null, cache: { key, desired } };
  } catch (e) {
    if (!isBondifyError(e)) throw e;
    const where = [e.details.file, e.details.section && `[${e.details.section}]`, e.details.key].filter(Boolean).join(' ');
    return { desired: null, error: `${where ? `${where}: ` : ''}${e.message}`, note: null, cache: undefined };
  }
}
