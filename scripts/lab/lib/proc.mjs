// Runs host commands for the lab (argv arrays only) and turns failures into messages that name the command.
import { execa } from 'execa';

/** Run argv; resolve with stdout on exit 0, otherwise throw naming the command and its stderr. */
export async function sh(argv, opts = {}) {
  const [file, ...args] = argv;
  const r = await execa(file, args, { reject: false, env: { LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' }, ...opts });
  if (r.exitCode !== 0) {
    const why = r.exitCode === undefined ? r.shortMessage : `exit ${r.exitCode}`;
    // Some tools (debootstrap) say why on stdout.
    const said = String(r.stderr ?? '').trim() || (typeof r.stdout === 'string' ? r.stdout.trim() : '');
    const tail = said.split('\n').slice(-15).join('\n');
    throw new Error(`lab: \`${argv.join(' ')}\` failed (${why})${tail ? `:\n${tail}` : ''}`);
  }
  return String(r.stdout ?? '');
}

/** Like sh() but never throws: { code, stdout, stderr }. */
export async function tryRun(argv, opts = {}) {
  const [file, ...args] = argv;
  const r = await execa(file, args, { reject: false, env: { LC_ALL: 'C' }, ...opts });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}
