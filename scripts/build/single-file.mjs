// The single-file bundle: the whole CLI in one .mjs that runs with plain `node`.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';

export async function bundleSingleFile(options, outfile) {
  const r = await build({ ...options, outfile, splitting: false, write: false });
  writeFileSync(outfile, r.outputFiles[0].contents);
  return { metafile: r.metafile };
}
