// The shapes of netdev-templates/*.json as types. templates.generated.ts holds the templates as one value of type
// Templates, so `tsc` checks every template: a field no table in fields.ts fills, a slave's field in a file rendered
// once, a key with both or neither of value and field, a misspelt property, a mode that is not octal, a template
// file render does not know or one that is missing.
import type { BondEntries, BondField, SlaveEntries, SlaveField } from './fields.js';

type Octal = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7';
/** Permission bits as written in a template: "0644". */
export type FileMode = `0${Octal}${Octal}${Octal}`;

/**
 * One key of a unit file: a fixed value, or a field of the model (an array field repeats the key, or is joined); or
 * "entries": the keys a function of the model gives for this section (the addressing keys, render/addressing.ts).
 */
export type KeySpec<F extends string, E extends string = never> =
  | ({ readonly key: string; readonly why?: string; readonly entries?: never } & (
      | { readonly value: string; readonly field?: never; readonly join?: never }
      | { readonly field: F; readonly value?: never; readonly join?: string }
    ))
  | { readonly entries: E; readonly why?: string; readonly key?: never; readonly value?: never; readonly field?: never };

/** A [Section] of a unit file; it is written only when one of its keys has a value. */
export interface SectionSpec<F extends string, E extends string = never> {
  readonly name: string;
  readonly keys: ReadonlyArray<KeySpec<F, E>>;
}

interface UnitShape<F extends string, E extends string> {
  readonly about: string;
  /** The path on the target; {bond} and {slave} are replaced by the interface names. */
  readonly path: `/${string}`;
  readonly mode: FileMode;
  readonly header: readonly string[];
  readonly sections: ReadonlyArray<SectionSpec<F, E>>;
}

/** A unit file rendered once for the bond: only the bond's fields. */
export interface BondUnit extends UnitShape<BondField, BondEntries> {
  readonly forEach?: never;
}

/** A unit file rendered once per slave (every slave, or those whose standard-method settings are known). */
export interface SlaveUnit extends UnitShape<BondField | SlaveField, BondEntries | SlaveEntries> {
  readonly forEach: 'slave' | 'slaveWithStandard';
}

/** A file of fixed lines. */
export interface LinesFile {
  readonly about: string;
  readonly path: `/${string}`;
  readonly mode: FileMode;
  readonly lines: readonly string[];
}

/** Every file of netdev-templates/, by name without ".json": render uses each of them, and no other. */
export interface Templates {
  readonly 'bond.netdev': BondUnit;
  readonly 'bond.network': BondUnit;
  readonly 'slave.network': SlaveUnit;
  readonly 'standard.network': SlaveUnit;
  readonly 'modprobe.conf': LinesFile;
}
