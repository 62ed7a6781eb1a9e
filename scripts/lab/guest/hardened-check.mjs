// The packaged bondify-check.service run by systemd, sandbox and all, with each flag `cron install --timer` can add
// (--ping, --prom, --heal through its drop-in), and the same runs with one piece of the sandbox taken away, to
// measure what each flag needs. Used by the apply-interactive scenario after the packaged timer ran its check.
import fs from 'node:fs';
import path from 'node:path';

const UNIT = 'bondify-check.service';
export const PROM = '/var/lib/prometheus/node-exporter/bondify.prom';
// A runtime drop-in sorts after cron install's bondify-cron.conf: its settings win (the lab's "take one away").
const CONTROL_DIR = `/run/systemd/system/${UNIT}.d`;
const CONTROL = `${CONTROL_DIR}/zz-lab-control.conf`;

const show = async (lab, prop) => (await lab.run(['systemctl', 'show', '-P', prop, UNIT], { quiet: true })).stdout.trim();

/** `systemctl start` (a oneshot: returns when the check ended), then that run's output from the journal. */
async function startCheck(lab) {
  const t0 = Date.now();
  const start = await lab.run(['systemctl', 'start', UNIT], { timeoutMs: 400_000 });
  const seconds = (Date.now() - t0) / 1000;
  const id = await show(lab, 'InvocationID');
  const lines = await lab
    .waitFor(
      `the journal of ${UNIT} run ${id}`,
      async () => {
        const j = await lab.run(['journalctl', '-q', '-o', 'cat', `_SYSTEMD_INVOCATION_ID=${id}`], { quiet: true });
        const all = j.stdout.split('\n').filter((l) => l !== '');
        return all.some((l) => l.startsWith('BONDIFY ')) ? all : null;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    )
    .catch(async () =>
      (await lab.run(['journalctl', '-q', '-o', 'cat', `_SYSTEMD_INVOCATION_ID=${id}`], { quiet: true })).stdout.split('\n'),
    );
  const run = { start: start.code, status: Number(await show(lab, 'ExecMainStatus')), result: await show(lab, 'Result'), seconds, lines };
  lab.out(JSON.stringify(run, null, 2));
  return run;
}

/** `bondify cron install --timer <flags>` (drop-ins on the packaged units); the timer is stopped so only our start runs. */
async function install(lab, bondify, flags) {
  const r = await lab.run([...bondify, 'cron', 'install', '--timer', ...flags], { timeoutMs: 120_000 });
  await lab.run(['systemctl', 'stop', 'bondify-check.timer'], { quiet: true });
  return { code: r.code, dropin: lab.readFile(`/etc/systemd/system/${UNIT}.d/bondify-cron.conf`) };
}

async function withControl(lab, lines, fn) {
  fs.mkdirSync(CONTROL_DIR, { recursive: true });
  fs.writeFileSync(CONTROL, ['[Service]', ...lines, ''].join('\n'));
  await lab.run(['systemctl', 'daemon-reload'], { check: true });
  try {
    return { without: lines, ...(await fn()) };
  } finally {
    fs.rmSync(CONTROL_DIR, { recursive: true, force: true });
    await lab.run(['systemctl', 'daemon-reload'], { check: true });
  }
}

const promFile = () => (fs.existsSync(PROM) ? { text: fs.readFileSync(PROM, 'utf8'), mtimeMs: fs.statSync(PROM).mtimeMs } : null);

/** A heal run: bond0 deleted behind networkd's back (what a re-apply repairs), then the service started. */
async function healRun(lab, { remove = true } = {}) {
  if (remove) await lab.run(['ip', 'link', 'delete', 'bond0'], { check: true });
  const before = lab.state.exists('bond0');
  const run = await startCheck(lab);
  return {
    bond0Before: before,
    ...run,
    bond0After: lab.state.exists('bond0'),
    active: lab.state.activeSlave('bond0'),
    gateway: await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }),
    file: promFile(),
  };
}

// Recorded after every step: a slow guest that runs out of time still shows what it measured.
export async function hardenedCheck(lab, bondify) {
  lab.log('--- the hardened bondify-check.service, started by systemd with each flag');
  const out = {};
  const save = () => lab.record('hardened', out);
  const security = async () =>
    (await lab.run(['systemd-analyze', 'security', '--no-pager', UNIT], { quiet: true })).stdout
      .split('\n')
      .find((l) => l.includes('Overall exposure')) ?? null;
  out.props = {};
  for (const p of [
    'ProtectSystem',
    'NoNewPrivileges',
    'CapabilityBoundingSet',
    'RestrictAddressFamilies',
    'TimeoutStartUSec',
    'StateDirectory',
  ])
    out.props[p] = await show(lab, p);
  out.score = await security();
  out.plain = await startCheck(lab);
  save();

  // All three flags in one drop-in, and one run that must ping, write the metrics and heal.
  fs.mkdirSync(path.dirname(PROM), { recursive: true }); // node_exporter's package makes its folder
  out.healInstall = await install(lab, bondify, ['--heal', '--ping', '--prom', PROM]);
  out.healScore = await security();
  out.heal = await healRun(lab);
  save();
  out.afterHeal = { ...(await startCheck(lab)), file: promFile() };
  save();

  // Each piece taken away once, to measure what a flag needs (ping's sockets, the metrics folder, heal's capability).
  out.controls = {};
  out.controls.noInet = await withControl(lab, ['RestrictAddressFamilies=', 'RestrictAddressFamilies=AF_UNIX AF_NETLINK'], () =>
    startCheck(lab),
  );
  save();
  out.controls.noPromFolder = await withControl(
    lab,
    ['ReadWritePaths=', 'ReadWritePaths=-/etc/systemd/network -/etc/modprobe.d -/etc/udev/rules.d'],
    async () => {
      fs.rmSync(PROM, { force: true });
      return { ...(await startCheck(lab)), file: promFile() };
    },
  );
  save();
  out.controls.noNetAdmin = await withControl(lab, ['CapabilityBoundingSet=', 'CapabilityBoundingSet=CAP_NET_RAW'], async () => {
    const r = await healRun(lab);
    return r;
  });
  save();
  // The rollback at the end needs a bond: heal once more, unsandboxed by the control, only if none is there.
  out.bondAfterControls = lab.state.exists('bond0');
  out.healAgain = out.bondAfterControls ? null : await healRun(lab, { remove: false });
  out.remove = (await lab.run([...bondify, 'cron', 'remove'], { timeoutMs: 120_000 })).code;
  return save();
}
