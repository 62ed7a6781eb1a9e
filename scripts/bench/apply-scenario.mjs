// Guest side of `npm run bench:apply`: repeated apply → healthy, rollback → healthy, and failed apply → reverted
// → healthy on the real kernel, timed both as whole commands and as bondify's own "healthy after" figure.
import fs from 'node:fs';

const after = (out, re) => {
  const m = re.exec(out);
  return m ? Math.round(Number(m[1]) * 1000) : null;
};

export default async function applyBench(lab, args) {
  const rounds = Number(args[0] ?? 3);
  fs.mkdirSync('/etc/bondify', { recursive: true });
  const ini = (
    await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
      quiet: true,
    })
  ).stdout;
  fs.writeFileSync('/etc/bondify/bondify.ini', ini);
  fs.writeFileSync('/etc/bondify/bad.ini', ini.replace(/^gateway = 192\.168\.1\.1$/m, 'gateway = 192.168.1.99'));
  const rows = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = Date.now();
    const a = await lab.bondify(['apply', '--yes']);
    const t1 = Date.now();
    const r = await lab.bondify(['rollback']);
    const t2 = Date.now();
    await lab.waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 60_000 });
    const t3 = Date.now();
    const b = await lab.bondify(['apply', '--yes', '--config', '/etc/bondify/bad.ini', '--timeout', '10']);
    const t4 = Date.now();
    await lab.waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 60_000 });
    rows.push({
      applyCode: a.code,
      rollbackCode: r.code,
      badCode: b.code,
      applyCommandMs: t1 - t0,
      applyHealthyMs: after(a.all, /healthy after ([\d.]+) s/),
      rollbackCommandMs: t2 - t1,
      rollbackHealthyMs: after(r.all, /links healthy after ([\d.]+) s/),
      revertHealthyMs: after(b.all, /healthy again after ([\d.]+) s/),
      failedApplyCommandMs: t4 - t3,
    });
    lab.record('rows', rows);
  }
  return rows.every((x) => x.applyCode === 0 && x.rollbackCode === 0 && x.badCode === 75) ? 0 : 1;
}
