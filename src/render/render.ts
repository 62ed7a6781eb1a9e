// renderBond / renderStandard: the model through the netdev-templates/ shapes into PlannedFiles (paths as on
// the target). Pure apart from reading bondify's own templates; the same model always gives the same bytes.
import type { BondModel, SlaveModel } from '../model/bond.js';
import type { PlannedFile } from '../model/plan.js';
import { BondifyError } from '../errors.js';
import { serializeUnit, type UnitSection } from './unit.js';
import { fieldValue, type FieldScope } from './fields.js';
import { renderPowerSave } from './power-save.js';
import { linesTemplateNamed, unitTemplateNamed, TEMPLATE_FILES, type UnitTemplate } from './templates.js';

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

function sectionsOf(t: UnitTemplate, scope: FieldScope): UnitSection[] {
  return t.sections.map((s) => ({
    name: s.name,
    entries: s.keys.flatMap((k): Array<readonly [string, string]> => {
      const v = k.value ?? fieldValue(k.field ?? '', scope);
      if (v === null) return [];
      if (typeof v === 'string') return [[k.key, v]];
      if (v.length === 0) return [];
      return k.join === undefined ? v.map((x) => [k.key, x] as const) : [[k.key, v.join(k.join)]];
    }),
  }));
}

function renderUnit(name: string, model: BondModel): PlannedFile[] {
  const t = unitTemplateNamed(name);
  const scopes: FieldScope[] =
    t.forEach === undefined
      ? [{ model }]
      : model.slaves.filter((s: SlaveModel) => t.forEach === 'slave' || s.standard !== null).map((slave) => ({ model, slave }));
  return scopes.map((scope) => ({
    path: pathFor(t.path, { bond: model.name, ...(scope.slave ? { slave: scope.slave.name } : {}) }),
    mode: parseInt(t.mode, 8),
    content: serializeUnit(sectionsOf(t, scope), t.header),
  }));
}

/** Every file the bond needs: .netdev, the bond's .network, one .network per slave, the modprobe option, and the
 * udev rule for wifi power save when a wireless slave has one. */
export function renderBond(model: BondModel): PlannedFile[] {
  const modprobe = linesTemplateNamed(TEMPLATE_FILES.modprobe);
  return [
    ...renderUnit(TEMPLATE_FILES.bondNetdev, model),
    ...renderUnit(TEMPLATE_FILES.bondNetwork, model),
    ...renderUnit(TEMPLATE_FILES.slaveNetwork, model),
    { path: modprobe.path, mode: parseInt(modprobe.mode, 8), content: modprobe.lines.join('\n') + '\n' },
    ...renderPowerSave(model),
  ];
}

/** The standard method (one .network per link with its own address), for slaves whose settings are known. */
export function renderStandard(model: BondModel): PlannedFile[] {
  return renderUnit(TEMPLATE_FILES.standardNetwork, model);
}
