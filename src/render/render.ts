// renderBond / renderStandard: the model through the netdev-templates/ shapes into PlannedFiles (paths as on
// the target). Pure: the templates are compiled in (templates.generated.ts), so the same model always gives the
// same bytes and nothing is read.
import type { BondModel, SlaveModel } from '../model/bond.js';
import type { PlannedFile } from '../model/planned-file.js';
import { BondifyError } from '../errors.js';
import { serializeUnit, type UnitSection } from './unit.js';
import { bondEntriesValue, bondFieldValue, slaveEntriesValue, slaveFieldValue, type FieldValue } from './fields.js';
import type { Entry } from './addressing.js';
import type { BondUnit, FileMode, KeySpec, SectionSpec, SlaveUnit } from './template-shapes.js';
import { TEMPLATES } from './templates.generated.js';
import { renderPowerSave } from './power-save.js';

// Names end up in file paths: one more guard, independent of config validation.
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

function pathFor(template: string, names: Record<string, string>): string {
  return template.replace(/\{(bond|slave)\}/g, (_, k: string) => {
    const name = names[k] ?? '';
    if (!SAFE_NAME.test(name) || name === '.' || name === '..') {
      throw new BondifyError('software', `internal: unsafe interface name ${JSON.stringify(name)} in a file path`);
    }
    return name;
  });
}

const modeOf = (m: FileMode): number => parseInt(m, 8);

const isEntries = <F extends string, E extends string>(k: KeySpec<F, E>): k is Extract<KeySpec<F, E>, { entries: E }> =>
  k.entries !== undefined;

function sectionsOf<F extends string, E extends string>(
  sections: ReadonlyArray<SectionSpec<F, E>>,
  valueOf: (field: F) => FieldValue,
  entriesOf: (name: E, section: string) => readonly Entry[],
): UnitSection[] {
  return sections.map((s) => ({
    name: s.name,
    entries: s.keys.flatMap((k): Array<readonly [string, string]> => {
      if (isEntries(k)) return [...entriesOf(k.entries, s.name)];
      // KeySpec's type holds exactly one of value and field.
      const v = k.value ?? (k.field === undefined ? null : valueOf(k.field));
      if (v === null) return [];
      if (typeof v === 'string') return [[k.key, v]];
      if (v.length === 0) return [];
      return k.join === undefined ? v.map((x) => [k.key, x] as const) : [[k.key, v.join(k.join)]];
    }),
  }));
}

function renderOnce(t: BondUnit, model: BondModel): PlannedFile {
  return {
    path: pathFor(t.path, { bond: model.name }),
    mode: modeOf(t.mode),
    content: serializeUnit(
      sectionsOf(
        t.sections,
        (f) => bondFieldValue(f, model),
        (e, section) => bondEntriesValue(e, model, section),
      ),
      t.header,
    ),
  };
}

function renderPerSlave(t: SlaveUnit, model: BondModel): PlannedFile[] {
  const slaves = model.slaves.filter((s: SlaveModel) => t.forEach === 'slave' || s.standard !== null);
  return slaves.map((slave) => ({
    path: pathFor(t.path, { bond: model.name, slave: slave.name }),
    mode: modeOf(t.mode),
    content: serializeUnit(
      sectionsOf(
        t.sections,
        (f) => slaveFieldValue(f, model, slave),
        (e, section) => slaveEntriesValue(e, model, slave, section),
      ),
      t.header,
    ),
  }));
}

/** Every file the bond needs: .netdev, the bond's .network, one .network per slave, the modprobe option, and the
 * udev rule for wifi power save when a wireless slave has one. */
export function renderBond(model: BondModel): PlannedFile[] {
  const modprobe = TEMPLATES['modprobe.conf'];
  return [
    renderOnce(TEMPLATES['bond.netdev'], model),
    renderOnce(TEMPLATES['bond.network'], model),
    ...renderPerSlave(TEMPLATES['slave.network'], model),
    { path: modprobe.path, mode: modeOf(modprobe.mode), content: modprobe.lines.join('\n') + '\n' },
    ...renderPowerSave(model),
  ];
}

/** The standard method (one .network per link with its own address), for slaves whose settings are known. */
export function renderStandard(model: BondModel): PlannedFile[] {
  return renderPerSlave(TEMPLATES['standard.network'], model);
}
