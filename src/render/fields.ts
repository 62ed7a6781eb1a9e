// The values templates may refer to ("field": "bond.miimon"), computed from the model and spelled for networkd.
// The tables' keys are the field names: template-shapes.ts types a template's "field" with them, so a name no
// table fills fails `tsc` on the generated templates module instead of a run.
import type { BondModel, SlaveModel } from '../model/bond.js';
import { addressingKeys, type Entry } from './addressing.js';
import { networkdEntries } from '../model/bond-settings.js';

/** null = key not written; an array = the key repeated once per item (or joined, if the template says so). */
export type FieldValue = string | readonly string[] | null;

/** Always with a unit: networkd reads a bare number as seconds. */
export const ms = (n: number): string => `${n}ms`;

const bondFields = {
  'bond.name': (m) => m.name,
  'bond.mode': (m) => m.mode,
  'bond.macAddress': (m) => m.macAddress,
  'network.addresses': (m) => m.network.addresses,
  'network.gateway': (m) => m.network.gateway,
  'network.dns': (m) => m.network.dns,
} satisfies Record<string, (m: BondModel) => FieldValue>;

const slaveFields = {
  'slave.name': (s) => s.name,
  // A permanent MAC replaces the name in [Match]: both together would have to match, and a renamed link would not.
  'slave.matchName': (s) => (s.permanentMac === null ? s.name : null),
  'slave.permanentMac': (s) => s.permanentMac,
  'slave.primaryFlag': (s, m) => (s.name === m.primary ? 'yes' : null),
  'slave.addresses': (s) => s.standard?.addresses ?? null,
  'slave.gateway': (s) => s.standard?.gateway ?? null,
  'slave.dns': (s) => s.standard?.dns ?? null,
} satisfies Record<string, (s: SlaveModel, m: BondModel) => FieldValue>;

// Entries: several keys of one section at once, for the section named (render/addressing.ts decides which).
const bondEntries = {
  // The [Bond] settings: one key per row of the settings table, written by the table's own code.
  'bond.settings': (m, section) => (section === 'Bond' ? networkdEntries(m) : []),
  'network.addressing': (m, section) =>
    addressingKeys(m.network, 'bond', { mode: m.dhcpIdentity, bond: m.name, iaid: m.dhcpIaid })[section] ?? [],
} satisfies Record<string, (m: BondModel, section: string) => readonly Entry[]>;

const slaveEntries = {
  'slave.addressing': (s, _m, section) => (s.standard === null ? [] : (addressingKeys(s.standard, 'standard')[section] ?? [])),
} satisfies Record<string, (s: SlaveModel, m: BondModel, section: string) => readonly Entry[]>;

export type BondEntries = keyof typeof bondEntries;
export type SlaveEntries = keyof typeof slaveEntries;

export const bondEntriesValue = (name: BondEntries, model: BondModel, section: string): readonly Entry[] =>
  bondEntries[name](model, section);

export const slaveEntriesValue = (
  name: BondEntries | SlaveEntries,
  model: BondModel,
  slave: SlaveModel,
  section: string,
): readonly Entry[] =>
  name in slaveEntries ? slaveEntries[name as SlaveEntries](slave, model, section) : bondEntries[name as BondEntries](model, section);

/** A field of the bond: usable in every template. */
export type BondField = keyof typeof bondFields;
/** A field of one slave: usable only in a template rendered once per slave ("forEach"). */
export type SlaveField = keyof typeof slaveFields;

export const bondFieldValue = (field: BondField, model: BondModel): FieldValue => bondFields[field](model);

export const slaveFieldValue = (field: BondField | SlaveField, model: BondModel, slave: SlaveModel): FieldValue =>
  field in slaveFields ? slaveFields[field as SlaveField](slave, model) : bondFields[field as BondField](model);
