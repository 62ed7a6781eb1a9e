// `bondify --version`: the version in package.json, written down once. A release bundle has it substituted at
// build time (scripts/build/dist.mjs defines BONDIFY_VERSION); the tsc build in dist/ reads package.json.
import { readPackageFile } from '../system/read-files.js';

declare const BONDIFY_VERSION: string | undefined;

export function version(): string {
  if (typeof BONDIFY_VERSION === 'string') return BONDIFY_VERSION;
  return (JSON.parse(readPackageFile('package.json')) as { version: string }).version;
}
