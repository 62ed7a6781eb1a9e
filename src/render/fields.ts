// The values templates may refer to ("field": "bond.miimon"), computed from the model and spelled for networkd.
import type { BondModel, SlaveModel } from '../model/bond.js';
import { BondifyError } from '../errors.js';

/** null = key not written; an array = the key repeated once per item (or joined, if the template says so). */
export type FieldValue = string | string[] | null;

export interface FieldScope {
  model: BondModel;
  slave?: SlaveModel;
}

/** Always with a unit: networkd reads a bare number as seconds. */
export const ms = (n: number): string => `${n}ms`;

const bondFields: Record<string, (m: BondModel) => FieldValue> = {
  'bond.name': (m) => m.name,
  'bond.mode': (m) => m.mode,
  'bond.primaryReselect': (m) => m.primaryReselect,
  'bond.miimon': (m) => (m.miimonMs > 0 ? ms(m.miimonMs) : null),
  // updelay/downdelay are MII monitor settings; with ARP monitoring they are meaningless.
  'bond.updelay': (m) => (m.miimonMs > 0 ? ms(m.updelayMs) : null),
  'bond.downdelay': (m) => (m.miimonMs > 0 ? ms(m.downdelayMs) : null),
  'bond.failOverMac': (m) => m.failOverMac,
  'bond.gratuitousArp': (m) => String(m.gratuitousArp),
  'bond.arpInterval': (m) => (m.arpIntervalMs > 0 ? ms(m.arpIntervalMs) : null),
  'bond.arpIpTargets': (m) => (m.arpIntervalMs > 0 ? m.arpIpTargets : null),
  'bond.arpValidate': (m) => (m.arpIntervalMs > 0 ? m.arpValidate : null),
  'bond.arpAllTargets': (m) => (m.arpIntervalMs > 0 ? m.arpAllTargets : null),
  'bond.arpMissedMax': (m) => (m.arpIntervalMs > 0 && m.arpMissedMax !== null ? String(m.arpMissedMax) : null),
  'network.addresses': (m) => m.network.addresses,
  'network.gateway': (m) => m.network.gateway,
  'network.dns': (m) => m.network.dns,
};

const slaveFields: Record<string, (s: SlaveModel, m: BondModel) => FieldValue> = {
  'slave.name': (s) => s.name,
  'slave.primaryFlag': (s, m) => (s.name === m.primary ? 'yes' : null),
  'slave.addresses': (s) => s.standard?.addresses ?? null,
  'slave.gateway': (s) => s.standard?.gateway ?? null,
  'slave.dns': (s) => s.standard?.dns ?? null,
};

export function fieldValue(field: string, scope: FieldScope): FieldValue {
  const bond = Object.hasOwn(bondFields, field) ? bondFields[field] : undefined;
  if (bond) return bond(scope.model);
  const slave = Object.hasOwn(slaveFields, field) ? slaveFields[field] : undefined;
  if (slave && scope.slave) return slave(scope.slave, scope.model);
  throw new BondifyError('software', `template refers to unknown field ${JSON.stringify(field)}${slave ? ' outside a per-slave file' : ''}`);
}
