// Public entry points of the render layer, for commands.
export { renderBond, renderStandard } from './render.js';
export { planJson, modeString, type PlanJsonEntry } from './plan-json.js';
export { formatPlan, formatEntry, summarize } from './plan-text.js';
export { explainBond } from './explain.js';
export { serializeUnit, type UnitSection } from './unit.js';
