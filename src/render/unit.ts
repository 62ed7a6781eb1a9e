// A tiny serializer for systemd unit-style files (.netdev, .network). Not `ini`: that one writes DNS[]=,
// escapes ';' and '#', and turns yes/no into booleans. Here sections keep their order, keys repeat, only set
// keys are written, a section appears only with content, lines end in LF, the file in one final newline.
import { BondifyError } from '../errors.js';

export interface UnitSection {
  name: string;
  entries: Array<readonly [key: string, value: string]>;
}

const SECTION_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const KEY = /^[A-Za-z][A-Za-z0-9]*$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f]/;

function refuse(what: string): never {
  // Config validation should have stopped this; reaching here is a bug, not bad input.
  throw new BondifyError('software', `internal: refusing to write ${what} into a systemd unit file`);
}

export function serializeUnit(sections: UnitSection[], headerComments: readonly string[] = []): string {
  const blocks: string[] = [];
  const header = headerComments.map((c) => (UNSAFE.test(c) ? refuse(`comment ${JSON.stringify(c)}`) : `# ${c}`.trimEnd()));
  if (header.length > 0) blocks.push(header.join('\n'));
  for (const s of sections) {
    if (s.entries.length === 0) continue;
    if (!SECTION_NAME.test(s.name)) refuse(`section ${JSON.stringify(s.name)}`);
    const lines = [`[${s.name}]`];
    for (const [key, value] of s.entries) {
      if (!KEY.test(key)) refuse(`key ${JSON.stringify(key)}`);
      if (UNSAFE.test(value) || value !== value.trim()) refuse(`value ${JSON.stringify(value)} for ${key}`);
      lines.push(`${key}=${value}`);
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.length === 0 ? '' : blocks.join('\n\n') + '\n';
}
