// validateConfig: bondify.ini text → BondModel, pure (wireless detection is passed in as a probe).
import type { z } from 'zod';
import { scanIni, type IniSection } from './ini-scan.js';
import { didYouMean, homeOf, keysOf, SLAVE_PREFIX } from './keys.js';
import { bondSection, networkSection, slaveSection, REQUIRED_FIX, type SlaveSection } from './schema.js';
import { ConfigContext } from './context.js';
import { interfaceNameProblem } from './values.js';
import { buildModel } from './rules.js';

import type { ValidatedConfig, WirelessProbe } from './validated.js';

export type { ValidatedConfig, WirelessProbe } from './validated.js';

function checkNames(ctx: ConfigContext, sections: IniSection[]): void {
  for (const s of sections) {
    const keys = keysOf(s.name);
    if (keys === null) {
      const guess =
        didYouMean(s.name, ['bond', 'network']) ??
        (/^slaves?[ ._:-]/i.test(s.name) ? `slave.${s.name.replace(/^slaves?[ ._:-]/i, '')}` : null);
      ctx.fail(
        s.name,
        undefined,
        `unknown section [${s.name}]${guess ? ` (did you mean [${guess}]?)` : ''}`,
        'sections are [bond], [network] and [slave.<interface>]',
      );
    }
    if (s.name.startsWith(SLAVE_PREFIX)) {
      const ifname = s.name.slice(SLAVE_PREFIX.length);
      const p = interfaceNameProblem(ifname);
      if (p !== null)
        ctx.fail(
          s.name,
          undefined,
          `section [${s.name}]: interface name ${JSON.stringify(ifname)} ${p}`,
          'name the section [slave.<interface>], e.g. [slave.eth0]',
        );
    }
    for (const e of s.entries) {
      if (keys.includes(e.key)) continue;
      const guess = didYouMean(e.key, keys);
      const home = homeOf(e.key);
      // dhcp = yes is what a networkd user writes first; the nearest key by spelling (dns) would mislead.
      const dhcp = /^dhcp$/i.test(e.key) ? ' (addressing is ipv4 = static|dhcp|off and ipv6 = static|ra|off)' : null;
      const hint = dhcp ?? (guess ? ` (did you mean ${guess}?)` : home ? ` (${e.key} belongs in [${home}])` : '');
      ctx.fail(s.name, e.key, `unknown key ${e.key} in [${s.name}]${hint}`, `keys in [${s.name}] are: ${keys.join(', ')}`, e.value);
    }
  }
}

function parseSection<S extends z.ZodType>(ctx: ConfigContext, sections: IniSection[], name: string, schema: S): z.output<S> {
  const s = sections.find((x) => x.name === name);
  const input = Object.fromEntries((s?.entries ?? []).map((e) => [e.key, e.value]));
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const key = typeof first?.path[0] === 'string' ? first.path[0] : undefined;
  if (key !== undefined && input[key] === undefined) {
    ctx.fail(
      name,
      key,
      `[${name}] needs ${key}`,
      (Object.hasOwn(REQUIRED_FIX, key) ? REQUIRED_FIX[key] : undefined) ?? `add ${key} = … to [${name}]`,
    );
  }
  const params = (first as { params?: { fix?: string } } | undefined)?.params;
  const values = (first as { values?: unknown[] } | undefined)?.values;
  const fix = params?.fix ?? (values ? `use one of: ${values.join(' | ')}` : 'see the configuration table in the README');
  ctx.fail(name, key, first?.message ?? 'invalid value', fix);
}

export function validateConfig(text: string, file: string, probe: WirelessProbe = () => null): ValidatedConfig {
  const sections = scanIni(text, file);
  const ctx = new ConfigContext(file, sections);
  checkNames(ctx, sections);
  if (!sections.some((s) => s.name === 'bond'))
    ctx.fail('bond', undefined, 'the [bond] section is missing', 'add [bond] with at least: slaves = eth0, wlan0');
  if (!sections.some((s) => s.name === 'network'))
    ctx.fail(
      'network',
      undefined,
      'the [network] section is missing',
      'add [network] with at least: address = 192.168.1.252/24, or ipv4 = dhcp',
    );
  const bond = parseSection(ctx, sections, 'bond', bondSection);
  const network = parseSection(ctx, sections, 'network', networkSection);
  const slaves = new Map<string, SlaveSection>();
  for (const s of sections.filter((x) => x.name.startsWith(SLAVE_PREFIX))) {
    slaves.set(s.name.slice(SLAVE_PREFIX.length), parseSection(ctx, sections, s.name, slaveSection));
  }
  return buildModel(ctx, { bond, network, slaves }, probe);
}
