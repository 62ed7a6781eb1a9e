// Loads the file shapes from netdev-templates/*.json (data, not code) and checks them with zod once.
import { z } from 'zod';
import { readPackageFile } from '../system/read-files.js';
import { BondifyError } from '../errors.js';

const keySpec = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
    value: z.string().optional(),
    field: z.string().optional(),
    join: z.string().optional(),
    why: z.string().optional(),
  })
  .strict()
  .refine((k) => (k.value === undefined) !== (k.field === undefined), 'a key has exactly one of value or field');

const unitTemplate = z
  .object({
    about: z.string(),
    path: z.string().startsWith('/'),
    mode: z.string().regex(/^0[0-7]{3}$/),
    forEach: z.enum(['slave', 'slaveWithStandard']).optional(),
    header: z.array(z.string()),
    sections: z.array(z.object({ name: z.string(), keys: z.array(keySpec) }).strict()),
  })
  .strict();

const linesTemplate = z
  .object({ about: z.string(), path: z.string().startsWith('/'), mode: z.string().regex(/^0[0-7]{3}$/), lines: z.array(z.string()) })
  .strict();

export type UnitTemplate = z.output<typeof unitTemplate>;
export type LinesTemplate = z.output<typeof linesTemplate>;
export type KeySpec = z.output<typeof keySpec>;

export const TEMPLATE_FILES = {
  bondNetdev: 'bond.netdev.json',
  bondNetwork: 'bond.network.json',
  slaveNetwork: 'slave.network.json',
  standardNetwork: 'standard.network.json',
  modprobe: 'modprobe.conf.json',
} as const;

/** A release bundle carries the templates inside (scripts/build/dist.mjs defines BONDIFY_TEMPLATES, file name →
 * parsed JSON), so one copied file needs nothing beside it; the tsc build in dist/ reads netdev-templates/. */
declare const BONDIFY_TEMPLATES: Record<string, unknown> | undefined;

function readTemplate(name: string): unknown {
  if (typeof BONDIFY_TEMPLATES === 'object' && BONDIFY_TEMPLATES !== null) {
    if (!(name in BONDIFY_TEMPLATES)) throw new Error(`no template ${name} in this build`);
    return BONDIFY_TEMPLATES[name];
  }
  return JSON.parse(readPackageFile(`netdev-templates/${name}`));
}

const cache = new Map<string, unknown>();

function load<S extends z.ZodType>(name: string, schema: S): z.output<S> {
  const hit = cache.get(name);
  if (hit !== undefined) return hit as z.output<S>;
  let data: unknown;
  try {
    data = readTemplate(name);
  } catch (e) {
    throw new BondifyError('software', `cannot read template netdev-templates/${name}`, { cause: e, fix: 'reinstall bondify' });
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new BondifyError('software', `template netdev-templates/${name} is malformed: ${z.prettifyError(r.error)}`, { fix: 'reinstall bondify' });
  }
  cache.set(name, r.data);
  return r.data;
}

export const unitTemplateNamed = (name: string): UnitTemplate => load(name, unitTemplate);
export const linesTemplateNamed = (name: string): LinesTemplate => load(name, linesTemplate);
