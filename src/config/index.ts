// Public entry points of the config layer, for commands.
export { loadConfig, loadConfigBytes, loadConfigStdin, type LoadedConfig, type LoadOptions } from './load.js';
export { validateConfig, type ValidatedConfig, type WirelessProbe } from './validate.js';
export { wirelessProbe } from './wireless.js';
export { DEFAULT_CONFIG_PATH, BUILTIN_SOURCE, REFERENCE_INI } from './default.js';
