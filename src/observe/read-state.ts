// Reads one bond's state: from a saved file (--bonding-file), or live from /proc/net/bonding and sysfs, reconciled.
import path from 'node:path';
import { BondifyError, isBondifyError } from '../errors.js';
import type { Host } from '../system/host.js';
import { listKernelDir, readKernelFile } from '../system/kernel-read.js';
import { readPathText } from '../system/read-files.js';
import { parseProcBonding } from './proc-parser.js';
import { readSysfsBond } from './sysfs.js';
import { reconcile } from './reconcile.js';
import type { BondState } from './types.js';

export interface ReadOptions {
  bond: string;
  /** A saved copy of /proc/net/bonding/<bond> to read instead of the live kernel. */
  bondingFile?: string;
}

const IFNAME = /^[^\s/:]{1,15}$/;

/** Refuses a name that could not be a network interface (and so could climb out of /proc/net/bonding). */
export function checkBondName(bond: string, flag = '--bond'): string {
  if (!IFNAME.test(bond) || bond === '.' || bond === '..') {
    throw new BondifyError('usage', `${flag}: ${JSON.stringify(bond)} is not a network interface name`, {
      value: bond,
      fix: 'use 1 to 15 characters without "/", ":" or spaces, e.g. bond0',
    });
  }
  return bond;
}

/** The bond name a saved file stands for when none is given: its file name when that looks like one. */
export function bondNameFromFile(file: string): string | null {
  const base = path.basename(file);
  return IFNAME.test(base) && !base.includes('.') ? base : null;
}

/** A saved file's text; missing is 'noinput' (66); unreadable or a directory is 'data' (65), as a foreign file is. */
function readSaved(file: string): string {
  const r = readPathText(file);
  if (r.ok) return r.text;
  if (r.code === 'ENOENT')
    throw new BondifyError('noinput', 'does not exist', { file, fix: 'pass the path of a saved copy of /proc/net/bonding/<bond>' });
  const why = r.code === 'EACCES' ? 'is not readable (permission denied)' : r.message;
  throw new BondifyError('data', why, { file, fix: 'pass a readable copy of /proc/net/bonding/<bond>' });
}

/** Thrown when the bond is not there: exit 69 with what does exist. */
function missing(host: Host, bond: string): BondifyError {
  const present = listKernelDir(host.kernelRoot, '/proc/net/bonding');
  const fix =
    present.length > 0
      ? `bonds on this system: ${present.join(', ')} (use --bond NAME)`
      : 'no bond exists and the bonding module may not be loaded: run `bondify apply`, or check `ip -d link show type bond`';
  return new BondifyError('unavailable', `bond ${bond} does not exist (no /proc/net/bonding/${bond})`, { fix });
}

export function readBondState(host: Host, o: ReadOptions): BondState {
  const bond = checkBondName(o.bond);
  if (o.bondingFile !== undefined) {
    return parseProcBonding(readSaved(o.bondingFile), { bond, file: o.bondingFile });
  }
  const procPath = `/proc/net/bonding/${bond}`;
  const text = readKernelFile(host.kernelRoot, procPath);
  const sys = readSysfsBond(host, bond);
  if (text === null) {
    if (sys === null) throw missing(host, bond);
    return { ...sys, notes: [`${procPath} is missing; read from sysfs only`] };
  }
  return reconcile(parseProcBonding(text, { bond, file: procPath }), sys);
}

/**
 * The same read for those that judge the result (check, heal, apply's verify): a bond that does not exist is
 * `state: null`; one that cannot be read (a foreign or cut file, no permission) is `error`, naming the file.
 */
export function tryReadBondState(host: Host, o: ReadOptions): { state: BondState | null; error: string | null } {
  try {
    return { state: readBondState(host, o), error: null };
  } catch (e) {
    if (isBondifyError(e) && e.kind === 'unavailable') return { state: null, error: null };
    if (isBondifyError(e) && (e.kind === 'data' || e.kind === 'noinput' || e.kind === 'io')) {
      return { state: null, error: `${e.details.file ? `${e.details.file} ` : ''}${e.message}` };
    }
    throw e;
  }
}
