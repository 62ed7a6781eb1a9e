// loadConfig: finds and reads bondify.ini through the Host, detects wireless slaves, and validates.
import path from 'node:path';
import type { Host } from '../system/host.js';
import { readPathBytes, readStreamBounded, readTrustedBytes } from '../system/read-files.js';
import { underRoot } from '../system/paths.js';
import { BondifyError } from '../errors.js';
import { BUILTIN_SOURCE, DEFAULT_CONFIG_PATH, REFERENCE_INI } from './default.js';
import { validateConfig, type ValidatedConfig } from './validate.js';
import { checkConfigBytes, MAX_FILE_BYTES } from './ini-scan.js';
import { wirelessProbe } from './wireless.js';

export interface LoadedConfig extends ValidatedConfig {
  /** The file the model came from, or BUILTIN_SOURCE. */
  source: string;
  builtin: boolean;
}

export interface LoadOptions {
  /** plan may fall back to the reference scenario when no config exists; apply must not. */
  allowDefault: boolean;
}

/**
 * `file` is the --config value as typed (relative to the working directory) or undefined for the default,
 * which is looked up under host.root so an offline root carries its own config.
 */
export function loadConfig(host: Host, file: string | undefined, options: LoadOptions): LoadedConfig {
  const explicit = file !== undefined;
  const real = explicit ? path.resolve(file) : underRoot(host.root, DEFAULT_CONFIG_PATH);
  // Name the file the way the user can open it: as typed, or where the default lies under --root.
  const shown = explicit ? file : host.root === '/' ? DEFAULT_CONFIG_PATH : real;
  // Root turns this file into the device's network setup: another user able to change it could take the device. The
  // bytes validated are read from the very descriptor whose file, folders and links were checked (no race).
  const r = host.isRoot() ? readTrustedBytes(real) : readPathBytes(real);
  if (!r.ok && r.code === 'EUNTRUSTED') {
    throw new BondifyError('config', `refusing a config file that other users can change: ${r.message}`, {
      file: shown,
      fix: `make it root's alone: chown root:root ${shown} && chmod go-w ${shown} (and the same for the folders and symlinks on the way to it)`,
    });
  }
  if (!r.ok) {
    if (!explicit && r.code === 'ENOENT') {
      if (options.allowDefault) {
        const v = validateConfig(REFERENCE_INI, BUILTIN_SOURCE, wirelessProbe(host));
        return {
          ...v,
          source: BUILTIN_SOURCE,
          builtin: true,
          warnings: [`no ${DEFAULT_CONFIG_PATH}: using the built-in reference scenario`, ...v.warnings],
        };
      }
      throw new BondifyError('config', `no config file at ${DEFAULT_CONFIG_PATH}; refusing to guess the network of this device`, {
        file: shown,
        fix: `write ${DEFAULT_CONFIG_PATH} (see 'bondify plan' for the reference scenario) or pass --config PATH`,
      });
    }
    if (r.code === 'ENOENT') {
      throw new BondifyError('noinput', 'the config file does not exist', {
        file: shown,
        fix: 'pass --config with the path of an existing bondify.ini (bondify init writes one)',
      });
    }
    throw new BondifyError('config', `cannot read the config file: ${r.message}`, {
      file: shown,
      fix: 'pass --config with a readable bondify.ini (a regular file)',
      cause: r,
    });
  }
  return loadConfigBytes(host, r.data, shown);
}

/** A config given as bytes (plan's `--config -`, the config on stdin): the same checks and validation as a file's. */
export function loadConfigBytes(host: Host, data: Buffer, shown: string): LoadedConfig {
  checkConfigBytes(data, shown);
  const v = validateConfig(data.toString('utf8'), shown, wirelessProbe(host));
  return { ...v, source: shown, builtin: false };
}

/** How a config on stdin is named in messages. */
export const STDIN_SOURCE = '<stdin>';

/**
 * plan's `--config -`: the config on stdin (fd 0), read no further than a config may be long, so an endless or huge
 * stream is refused at its first byte past the bound; a directory (`< /`) is refused before a read.
 */
export function loadConfigStdin(host: Host, fd = 0): LoadedConfig {
  const r = readStreamBounded(fd, MAX_FILE_BYTES);
  if (r.ok) return loadConfigBytes(host, r.data, STDIN_SOURCE);
  const fix = 'pipe a bondify.ini in: bondify plan --config - < bondify.ini';
  if (r.code === 'EFBIG') throw new BondifyError('config', `stdin ${r.message}: not a bondify config`, { file: STDIN_SOURCE, fix });
  throw new BondifyError('noinput', `cannot read a config from stdin: it ${r.message}`, { file: STDIN_SOURCE, fix, cause: r });
}
