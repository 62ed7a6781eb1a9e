// A backup's manifest: its shape (a zod schema over every field, the recorded bond included), and the checks that
// every path it names is one bondify may restore, before any restore writes a byte. The manifest is root's own file
// (0600 in a 0700 folder), but a restore writes as root wherever it says, so a tampered or corrupted one must not be
// able to name /etc/shadow, climb out with `..`, or hand rollback a bond bondify.ini would refuse.
import path from 'node:path';
import { z } from 'zod';
import { BondifyError } from '../errors.js';
import type { BondModel } from '../model/bond.js';
import { MODPROBE_FILE, NETWORK_DIR, POWER_SAVE_RULE } from '../model/planned-file.js';
import { readText } from '../system/fs.js';
import { STATE_DIR } from '../system/paths.js';
import { fieldName, modelProblems } from './recorded-model.js';

export const BACKUP_DIR = `${STATE_DIR}/backups`;

export interface ManifestEntry {
  path: string;
  existed: boolean;
  /** Why the transaction touches it: it creates, changes, moves aside or removes the file. */
  reason: 'create' | 'update' | 'move-aside' | 'remove';
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  sha256?: string;
  /** Where the bytes are kept, relative to the backup folder. */
  blob?: string;
}

export interface Manifest {
  version: 1;
  id: string;
  createdAt: string;
  command: 'apply' | 'rollback';
  /** True when bondify's own files were already present: undoing this backup does not reach the pre-bondify state. */
  bondifyPresent: boolean;
  entries: ManifestEntry[];
  /** Folders of the touched paths that did not exist yet (bondify creates them): a restore removes them if empty. */
  absentDirs?: string[];
  /** The bond the transaction set up (apply): rollback knows the links and gateway even without the config. */
  model?: BondModel;
}

/** The folders whose files a backup may hold: the network units, the module options and the udev rules (one level,
 * no deeper). */
export const RESTORABLE_DIRS = [NETWORK_DIR, path.posix.dirname(MODPROBE_FILE), path.posix.dirname(POWER_SAVE_RULE)];
// udev runs a rule's RUN+= as root: of that folder a backup may hold bondify's own rule and nothing else.
const UDEV_DIR = path.posix.dirname(POWER_SAVE_RULE);
// Under the state folder only what is not the machinery itself: never the backups, the lock or the journal.
const STATE_NEVER = [BACKUP_DIR, `${STATE_DIR}/lock`, `${STATE_DIR}/lock.break`, `${STATE_DIR}/journal.json`];
// Symlinks: one folder level only, so a path cannot pass through a link of its own; the folders themselves and the
// target are lstat-checked by the restore's first pass (refused, exit 74, before anything is written).

export const ID = /^[0-9A-Za-z-]+$/;
const SAFE_NAME = /^[^/\0\n]+$/;

/** Why a target path may not be restored, or null when it may. */
export function unrestorable(p: unknown): string | null {
  if (typeof p !== 'string' || !path.posix.isAbsolute(p)) return 'not an absolute path';
  if (p.split('/').some((c) => c === '..' || c === '.') || path.posix.normalize(p) !== p || p.includes('\0'))
    return 'not a normalized path (`..`, `.`, `//` or NUL)';
  const dir = path.posix.dirname(p);
  const name = path.posix.basename(p);
  if (dir === UDEV_DIR && p !== POWER_SAVE_RULE) return `not bondify's own udev rule (${POWER_SAVE_RULE})`;
  if (RESTORABLE_DIRS.includes(dir)) return SAFE_NAME.test(name) && !name.startsWith('.') ? null : 'not a plain file name';
  if (dir === STATE_DIR)
    return STATE_NEVER.includes(p) ? "bondify's own machinery, never restored" : SAFE_NAME.test(name) ? null : 'not a plain file name';
  return `not a file directly in ${[...RESTORABLE_DIRS, STATE_DIR].join(', ')}`;
}

const shown = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v));
const int = (max: number, what: string) =>
  z
    .number({ error: (i) => `${shown(i.input)} is not ${what}` })
    .int({ error: (i) => `${shown(i.input)} is not ${what}` })
    .min(0, { error: (i) => `${shown(i.input)} is not ${what}` })
    .max(max, { error: (i) => `${shown(i.input)} is not ${what}` });
const REASONS = ['create', 'update', 'move-aside', 'remove'] as const;
/** What bondify records about a file that existed: all of it, or the entry is refused. */
const KEPT = ['mode', 'uid', 'gid', 'size', 'sha256', 'blob'] as const;

const entrySchema = z
  .strictObject({
    path: z.unknown(),
    existed: z.boolean({ error: (i) => `${shown(i.input)} is not true or false` }),
    reason: z.enum(REASONS, { error: (i) => `${shown(i.input)} is not one of ${REASONS.join(', ')}` }),
    mode: int(0o7777, 'a file mode (0..07777)').optional(),
    uid: int(0xfffffffe, 'a user id').optional(),
    gid: int(0xfffffffe, 'a group id').optional(),
    size: int(Number.MAX_SAFE_INTEGER, 'a size in bytes').optional(),
    sha256: z
      .string({ error: (i) => `${shown(i.input)} is not a sha256` })
      .regex(/^[0-9a-f]{64}$/, { error: (i) => `${shown(i.input)} is not a sha256` })
      .optional(),
    blob: z.string({ error: (i) => `${shown(i.input)} is not a path in the backup` }).optional(),
  })
  .superRefine((e, ctx) => {
    const bad = unrestorable(e.path);
    if (bad) ctx.addIssue({ code: 'custom', path: ['path'], message: `${JSON.stringify(e.path)} is ${bad}` });
    if (e.existed !== true) return;
    for (const k of KEPT)
      if (e[k] === undefined)
        ctx.addIssue({ code: 'custom', path: [k], message: 'missing: the file existed, so the backup must say this about it' });
    if (!bad && e.blob !== undefined && e.blob !== `files${String(e.path)}`)
      ctx.addIssue({
        code: 'custom',
        path: ['blob'],
        message: `its bytes must be kept at files${String(e.path)}, the manifest says ${JSON.stringify(e.blob)}`,
      });
  })
  .superRefine((e, ctx) => {
    if (e.existed !== false) return;
    for (const k of KEPT) if (e[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'set, but the file did not exist' });
  });

/** Every field bondify writes, typed and bounded; unknown fields are refused too. */
const manifestSchema = z.strictObject({
  version: z.literal(1, { error: (i) => `${shown(i.input)} is not a manifest version this bondify knows (1)` }),
  id: z.string({ error: (i) => `${shown(i.input)} is not a backup id` }),
  createdAt: z.iso.datetime({ error: (i) => `${shown(i.input)} is not an ISO time` }),
  command: z.enum(['apply', 'rollback'], { error: (i) => `${shown(i.input)} is not apply or rollback` }),
  bondifyPresent: z.boolean({ error: (i) => `${shown(i.input)} is not true or false` }),
  entries: z.array(entrySchema, { error: (i) => `${shown(i.input) === 'missing' ? 'missing' : 'not a list'}` }).max(1000),
  absentDirs: z
    .array(
      z.enum(RESTORABLE_DIRS as [string, ...string[]], {
        error: (i) => `names ${shown(i.input)}, not one of ${RESTORABLE_DIRS.join(', ')}`,
      }),
    )
    .max(RESTORABLE_DIRS.length)
    .optional(),
  model: z.unknown().optional(),
});

/** Every problem of a parsed manifest (empty when it is sound), each naming its field. */
function manifestProblems(m: unknown, id: string): string[] {
  const r = manifestSchema.safeParse(m);
  const problems = r.success
    ? []
    : r.error.issues.map((i) => `${fieldName('', i.path).replace(/^\./, '') || '(the manifest)'}: ${i.message}`);
  const rec = (m !== null && typeof m === 'object' ? m : {}) as Record<string, unknown>;
  if (rec['id'] !== id || !ID.test(id)) problems.push(`id: ${shown(rec['id'])} is not its folder's name ${JSON.stringify(id)}`);
  if (Array.isArray(rec['entries'])) {
    const paths = rec['entries'].map((e: unknown) => (e !== null && typeof e === 'object' ? (e as { path?: unknown }).path : undefined));
    const twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice !== undefined) problems.push(`entries: ${JSON.stringify(twice)} is listed twice`);
  }
  if (rec['model'] !== undefined) problems.push(...modelProblems(rec['model']));
  return problems;
}

/** Refuses (data, exit 65) a manifest that is not shaped as bondify writes it, names a path bondify must not
 * restore, or records a bond bondify.ini could not say. Returns it typed once it passes. */
export function checkManifest(m: unknown, id = (m as Manifest | null)?.id ?? ''): Manifest {
  const problems = manifestProblems(m, id);
  if (problems.length > 0) {
    throw new BondifyError(
      'data',
      `backup ${JSON.stringify(id)} has a manifest bondify will not use:${problems
        .slice(0, 8)
        .map((p) => `\n    ${p}`)
        .join('')}`,
      {
        file: `${BACKUP_DIR}/${id}/manifest.json`,
        fix: `nothing was written; if the manifest was edited by hand, put it back as bondify wrote it, or move ${BACKUP_DIR}/${id} away and restore its files/ by hand`,
      },
    );
  }
  return m as Manifest;
}

export function readManifest(root: string, id: string): Manifest | null {
  if (!ID.test(id))
    throw new BondifyError('usage', `not a backup id: ${JSON.stringify(id)}`, { fix: "run 'bondify backups' to list them" });
  const text = readText(root, `${BACKUP_DIR}/${id}/manifest.json`);
  if (text === null) return null;
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new BondifyError('data', `backup ${id} has an unreadable manifest: ${(e as Error).message}`, {
      file: `${BACKUP_DIR}/${id}/manifest.json`,
      cause: e,
      fix: 'restore the files by hand from the files/ folder next to it',
    });
  }
  return checkManifest(m, id);
}
