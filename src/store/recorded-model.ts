// The bond a backup manifest or the journal recorded: rollback and the detached revert act on it as root (ip link
// delete <name>, the standard method's addresses) when the config is gone, so it is checked like a config is.
// First its shape (zod), then the config's own rules: the model is written back as bondify.ini text and must
// validate to exactly itself, so nothing bondify.ini would refuse (an address 0.0.0.0, a gateway outside every
// subnet, a primary that is not a slave) gets through a recorded file either.
import { z } from 'zod';
import { BondifyError } from '../errors.js';
import type { Addressing, BondModel } from '../model/bond.js';
import { BOND_SETTINGS, iniValue, type BondSettingRow, type BondSettings, type SettingParser } from '../model/bond-settings.js';
import { validateConfig } from '../config/validate.js';

// Plain printable text: every string here ends up in a file name, an INI value or an argv word.
// eslint-disable-next-line no-control-regex
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;
const text = z
  .string()
  .max(256)
  .regex(PRINTABLE, { error: (i) => `${JSON.stringify(i.input)} has a control character` });

/** A settings row's value as recorded: the model's type and the parser's bounds. */
function recorded(p: SettingParser): z.ZodType {
  if (p.kind === 'duration') return z.number().int().min(0).max(600_000);
  if (p.kind === 'count') return z.number().int().min(p.min).max(p.max);
  if (p.kind === 'choice') return z.enum(p.values);
  return z.array(text).max(64);
}

// A setting whose absence means "not written" may be missing from what an older bondify recorded (those bonds
// never set it); the others are always recorded.
const nullable = (r: BondSettingRow): boolean => r.default === null || ('monitor' in r && r.monitor === 'arp' && r.parse.kind === 'choice');
type SettingsShape = { [R in BondSettingRow as R['field']]: z.ZodType<BondSettings[R['field']]> };
// Built from the rows, so the object's type is stated: each field's schema is its row's (recorded, nullable).
const settingsShape = Object.fromEntries(
  BOND_SETTINGS.map((r) => [r.field, nullable(r) ? recorded(r.parse).nullable().default(null) : recorded(r.parse)]),
) as SettingsShape;
// A recording made before ipv4/ipv6 were settings has neither: those bonds were static, so the modes default as
// bondify.ini's do (static for a family with an address, else off / not written).
const addressing = z
  .strictObject({
    addresses: z.array(text).max(64),
    gateway: text.nullable(),
    dns: z.array(text).max(64),
    ipv4: z.enum(['static', 'dhcp', 'off']).optional(),
    ipv6: z.enum(['static', 'ra', 'off']).nullable().optional(),
  })
  .transform((a) => {
    const has = (v6: boolean) => a.addresses.some((x) => x.includes(':') === v6);
    return { ...a, ipv4: a.ipv4 ?? (has(false) ? 'static' : 'off'), ipv6: a.ipv6 === undefined ? (has(true) ? 'static' : null) : a.ipv6 };
  });

export const bondModelShape = z.strictObject({
  name: text,
  mode: z.literal('active-backup'),
  // A recording made before power save and permanent MACs were settings had neither: bondify left power save alone
  // and matched by name.
  slaves: z
    .array(
      z.strictObject({
        name: text,
        wireless: z.boolean(),
        powerSave: z.enum(['off', 'on', 'keep']).default('keep'),
        permanentMac: text.nullable().default(null),
        standard: addressing.nullable(),
      }),
    )
    .min(1)
    .max(32),
  primary: text,
  ...settingsShape,
  network: addressing,
  // Absent in what bondify recorded before the key existed: those bonds were static, where it writes nothing.
  dhcpIdentity: z.enum(['stable', 'ethernet-mac', 'networkd']).default('stable'),
  // Absent before dhcp_iaid and ethernet-mac existed: the IAID came from the bond's name, the MAC followed the slave.
  dhcpIaid: z.number().int().min(0).max(0xffffffff).nullable().default(null),
  macAddress: text.nullable().default(null),
});

/** A zod issue path as a field name: model.slaves[0].standard.gateway. */
export const fieldName = (prefix: string, p: readonly PropertyKey[]): string =>
  p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), prefix);

/** address, gateway, dns and the modes as bondify.ini lines (ipv6 only when set: null is its absence). */
function addressingLines(a: Addressing): string[] {
  const lines = [`address = ${a.addresses.join(', ')}`, `gateway = ${a.gateway ?? ''}`, `dns = ${a.dns.join(', ')}`, `ipv4 = ${a.ipv4}`];
  return a.ipv6 === null ? lines : [...lines, `ipv6 = ${a.ipv6}`];
}

/** The model as the bondify.ini that says exactly it (every value explicit, nothing left to a default). */
export function modelIni(m: BondModel): string {
  const lines = ['[bond]', `name = ${m.name}`, `slaves = ${m.slaves.map((s) => s.name).join(', ')}`, `primary = ${m.primary}`];
  for (const row of BOND_SETTINGS) {
    const v = m[row.field];
    if (v !== null && !(Array.isArray(v) && v.length === 0)) lines.push(`${row.ini} = ${iniValue(row, v)}`);
  }
  lines.push('', '[network]', ...addressingLines(m.network), `dhcp_identity = ${m.dhcpIdentity}`);
  if (m.dhcpIaid !== null) lines.push(`dhcp_iaid = ${m.dhcpIaid}`);
  for (const s of m.slaves) {
    lines.push('', `[slave.${s.name}]`, `wireless = ${s.wireless ? 'yes' : 'no'}`);
    if (s.wireless) lines.push(`power_save = ${s.powerSave}`);
    if (s.permanentMac !== null) lines.push(`mac = ${s.permanentMac}`);
    if (s.standard) lines.push(...addressingLines(s.standard));
  }
  return lines.join('\n') + '\n';
}

const BOND_FIELD: Record<string, string> = {
  name: 'name',
  slaves: 'slaves',
  primary: 'primary',
  ...Object.fromEntries(BOND_SETTINGS.map((r) => [r.ini, r.field])),
};
const NET_FIELD: Record<string, string> = { address: 'addresses', gateway: 'gateway', dns: 'dns', ipv4: 'ipv4', ipv6: 'ipv6' };
const IDENTITY_FIELD: Record<string, string> = { dhcp_identity: 'dhcpIdentity', dhcp_iaid: 'dhcpIaid' };

/** The model field a config error about (section, key) is about. */
function fieldOf(m: BondModel, prefix: string, section?: string, key?: string): string {
  if (section === 'bond') return `${prefix}${key && BOND_FIELD[key] ? `.${BOND_FIELD[key]}` : ''}`;
  if (section === 'network' && key && IDENTITY_FIELD[key]) return `${prefix}.${IDENTITY_FIELD[key]}`;
  if (section === 'network') return `${prefix}.network${key && NET_FIELD[key] ? `.${NET_FIELD[key]}` : ''}`;
  const i = section?.startsWith('slave.') ? m.slaves.findIndex((s) => s.name === section.slice(6)) : -1;
  if (i < 0) return prefix;
  if (key === 'wireless') return `${prefix}.slaves[${i}].wireless`;
  if (key === 'power_save') return `${prefix}.slaves[${i}].powerSave`;
  if (key === 'mac') return `${prefix}.slaves[${i}].permanentMac`;
  return `${prefix}.slaves[${i}]${key && NET_FIELD[key] ? `.standard.${NET_FIELD[key]}` : ''}`;
}

/** The first place two plain JSON values differ, as a field name (null when equal). */
function firstDifference(a: unknown, b: unknown, at: string): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return at;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      const d = firstDifference(ra[k], rb[k], `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : at;
}

/** Every problem of a recorded model (empty when bondify.ini could have said exactly this), named by field. */
export function modelProblems(value: unknown, prefix = 'model'): string[] {
  const shape = bondModelShape.safeParse(value);
  if (!shape.success) return shape.error.issues.map((i) => `${fieldName(prefix, i.path)}: ${i.message}`);
  const m: BondModel = shape.data;
  let again: BondModel;
  try {
    again = validateConfig(modelIni(m), prefix, () => null).model;
  } catch (e) {
    if (!(e instanceof BondifyError)) throw e;
    const msg = e.message.replace(/^line \d+: /, '');
    return [`${fieldOf(m, prefix, e.details.section, e.details.key)}: ${msg} (bondify.ini refuses this too)`];
  }
  const diff = firstDifference(m, again, prefix);
  return diff === null
    ? []
    : [`${diff}: not what bondify.ini can say (it reads back as ${JSON.stringify(valueAt(again, diff.slice(prefix.length)) ?? null)})`];
}

/** The value at a field name's tail (".slaves[0].name") inside a model. */
function valueAt(m: unknown, tail: string): unknown {
  let cur: unknown = m;
  for (const [, key, idx] of tail.matchAll(/\.([^.[]+)|\[(\d+)\]/g)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key ?? (idx as string)];
  }
  return cur;
}
