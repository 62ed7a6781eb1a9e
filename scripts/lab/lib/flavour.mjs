// Lab flavours: which userland the guest runs. "default" = the host's own root (Debian 12, systemd 252);
// "trixie" = a cached Debian 13 root (systemd 257, lib/trixie.mjs). A scenario asks for one with a line
// `export const labFlavour = 'trixie';` (read as text on the host: the scenario itself only runs in the guest).
import fs from 'node:fs';

export const FLAVOURS = ['default', 'trixie'];

/** The flavour a scenario file declares, 'default' when it declares none; unknown names are an error. */
export function scenarioFlavour(file) {
  const m = /^export const labFlavour = '([\w-]+)';/m.exec(fs.readFileSync(file, 'utf8'));
  return checkFlavour(m?.[1] ?? 'default', file);
}

export function checkFlavour(name, where = 'the lab') {
  if (!FLAVOURS.includes(name)) throw new Error(`lab: ${where} asks for flavour ${JSON.stringify(name)}; known: ${FLAVOURS.join(', ')}`);
  return name;
}
