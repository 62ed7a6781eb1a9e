// The Ansible role (deploy/ansible) driven from the LAN the change affects: sshd on the device, ansible-playbook
// in the gateway's namespace against 192.168.1.252, as a real controller on that LAN would. Five runs: apply and
// confirm; again (nothing to change); --check --diff of a changed setting; a gateway that does not answer (bondify
// reverts, the play fails for the host); bondify_state: absent. Records each run and the device's state after it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { bondHealth } from './steps.mjs';

const DEVICE = '192.168.1.252';
const SSHD_DIR = '/run/bondify-lab/sshd';
const CONTROLLER = '/run/bondify-lab/controller';
const NET = '/etc/systemd/network';
const SSHD = '/usr/sbin/sshd';
const PLAYBOOK = 'ansible-playbook';

const sha = (p) => (fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null);

/** Every file bondify or the role writes on the device, with its hash: equal snapshots mean nothing was written. */
function deviceFiles() {
  const out = {};
  for (const f of fs.readdirSync(NET).sort()) out[`${NET}/${f}`] = sha(`${NET}/${f}`);
  for (const p of ['/etc/bondify/bondify.ini', '/etc/modprobe.d/bondify.conf']) out[p] = sha(p);
  out['/var/lib/bondify/backups'] = fs.existsSync('/var/lib/bondify/backups')
    ? fs.readdirSync('/var/lib/bondify/backups').sort().join(' ')
    : null;
  return out;
}

/** The bond as the kernel shows it, with miimon and bondify's revert timer, and the device seen from the LAN. */
async function deviceState(lab) {
  const bonding = lab.state.bonding('bond0');
  return {
    ...(await bondHealth(lab)),
    bonding,
    miimon: /^MII Polling Interval \(ms\): (\d+)/m.exec(bonding ?? '')?.[1] ?? null,
    revertTimer: (await lab.run(['systemctl', 'is-active', 'bondify-revert.timer'], { quiet: true })).stdout.trim(),
    files: deviceFiles(),
    fromLan: {
      [DEVICE]: await lab.state.ping(DEVICE, { ns: 'gw', timeoutS: 2 }),
      '192.168.1.25': await lab.state.ping('192.168.1.25', { ns: 'gw', timeoutS: 2 }),
    },
    // What a failed assertion needs to say why: networkd's view of each link and wlan0's association, the
    // addresses, and both ends' neighbour tables (two links in one subnet: the gateway may have learnt .25 on eth0).
    links: [
      (await lab.run(['networkctl', 'list', '--no-pager', '--no-legend'], { quiet: true })).all.trim(),
      (await lab.run(['iw', 'dev', 'wlan0', 'link'], { quiet: true })).all.trim().split('\n').slice(0, 3).join('\n'),
      (await lab.run(['ip', '-br', '-4', 'addr'], { quiet: true })).all.trim(),
      (await lab.run(['ip', '-br', 'link'], { quiet: true })).all.trim(),
      `device neighbours:\n${(await lab.run(['ip', '-4', 'neigh'], { quiet: true })).all.trim()}`,
      `gateway neighbours:\n${(await lab.run(['ip', 'netns', 'exec', 'gw', 'ip', '-4', 'neigh'], { quiet: true })).all.trim()}`,
    ].join('\n'),
  };
}

/** sshd on the device with a key of its own, and the controller's key and known_hosts (nothing from the host). */
async function startSshd(lab) {
  if (!fs.existsSync(SSHD) || !fs.existsSync('/usr/bin/ssh')) {
    throw new Error(
      `${SSHD} or /usr/bin/ssh is missing in the guest: the guest runs the host's userland, so the host needs the Debian packages openssh-server and openssh-client (apt-get install -y --no-install-recommends openssh-server)`,
    );
  }
  for (const d of [SSHD_DIR, CONTROLLER, `${CONTROLLER}/home`, `${CONTROLLER}/tmp`, `${CONTROLLER}/cp`])
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const keygen = (file) =>
    lab.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', path.basename(file), '-f', file], { check: true, quiet: true });
  await keygen(`${SSHD_DIR}/host_key`);
  await keygen(`${CONTROLLER}/id_ed25519`);
  fs.copyFileSync(`${CONTROLLER}/id_ed25519.pub`, `${SSHD_DIR}/authorized_keys`);
  const [type, key] = fs.readFileSync(`${SSHD_DIR}/host_key.pub`, 'utf8').split(' ');
  fs.writeFileSync(`${CONTROLLER}/known_hosts`, `${DEVICE} ${type} ${key}\n`);
  // No PAM: the guest runs no logind, whose session hook would stall each login.
  fs.writeFileSync(
    `${SSHD_DIR}/sshd_config`,
    [
      'ListenAddress 0.0.0.0',
      `HostKey ${SSHD_DIR}/host_key`,
      `AuthorizedKeysFile ${SSHD_DIR}/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'UseDNS no',
      `PidFile ${SSHD_DIR}/sshd.pid`,
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // Debian's bash reads root's ~/.bashrc for every command sshd runs, and the guest's /root is this build machine's,
  // whose .bashrc runs `pyenv init` (about 220 processes): seconds per Ansible task under the emulated CPU. The device
  // gets the root dotfiles a Debian install has (written into the guest's tmpfs overlay only).
  for (const f of ['bashrc', 'profile']) fs.copyFileSync(`/usr/share/base-files/dot.${f}`, `/root/.${f}`);
  await lab.run([SSHD, '-t', '-f', `${SSHD_DIR}/sshd_config`], { check: true });
  await lab.run(['systemd-run', '--unit=bondify-lab-sshd', '--', SSHD, '-D', '-e', '-f', `${SSHD_DIR}/sshd_config`], { check: true });
}

/** ssh from the controller's namespace with the controller's key: the path Ansible takes. */
const sshArgs = [
  '-i',
  `${CONTROLLER}/id_ed25519`,
  '-o',
  `UserKnownHostsFile=${CONTROLLER}/known_hosts`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=5',
];
const sshFromLan = (lab, command) =>
  lab.run(['ip', 'netns', 'exec', 'gw', 'ssh', ...sshArgs, `root@${DEVICE}`, ...command], { quiet: true, timeoutMs: 30_000 });

/** The inventory a controller on the LAN keeps for this device: bondify from this checkout (no npm registry here). */
function writeInventory(lab) {
  const inventory = {
    bondify_fleet: {
      vars: {
        ansible_user: 'root',
        ansible_python_interpreter: '/usr/bin/python3',
        ansible_ssh_private_key_file: `${CONTROLLER}/id_ed25519`,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${CONTROLLER}/known_hosts -o StrictHostKeyChecking=yes -o ServerAliveInterval=5 -o ServerAliveCountMax=3`,
        // One SSH round trip per task instead of three: under TCG each costs seconds.
        ansible_pipelining: true,
        bondify_install: false,
        bondify_command: [process.execPath, path.join(lab.checkout, 'dist/cli/main.js')],
        bondify_bond: {
          name: 'bond0',
          slaves: ['eth0', 'wlan0'],
          primary: 'eth0',
          miimon: '100ms',
          updelay: '200ms',
          fail_over_mac: 'active',
        },
        bondify_network: { gateway: '192.168.1.1', dns: ['192.168.1.1', '8.8.8.8'] },
        bondify_confirm_seconds: 90,
        bondify_reconnect_timeout: 45,
        bondify_apply_wait: 120,
      },
      hosts: {
        'pi-lab': {
          ansible_host: DEVICE,
          bondify_address: `${DEVICE}/24`,
          bondify_slave_settings: {
            eth0: { address: `${DEVICE}/24`, wireless: false },
            wlan0: { address: '192.168.1.25/24', wireless: true },
          },
        },
      },
    },
  };
  fs.writeFileSync(`${CONTROLLER}/inventory.json`, JSON.stringify(inventory, null, 2));
  return `${CONTROLLER}/inventory.json`;
}

/** One ansible-playbook run of site.yml from the gateway's namespace: exit, wall time, whole output. */
async function play(lab, inventory, args, extra, verbosity) {
  const dir = path.join(lab.checkout, 'deploy/ansible');
  const argv = [
    'ip',
    'netns',
    'exec',
    'gw',
    PLAYBOOK,
    '-i',
    inventory,
    path.join(dir, 'site.yml'),
    ...(verbosity ? [`-${'v'.repeat(verbosity)}`] : []),
    ...args,
    ...(extra ? ['-e', JSON.stringify(extra)] : []),
  ];
  const env = {
    ANSIBLE_CONFIG: path.join(dir, 'ansible.cfg'),
    HOME: `${CONTROLLER}/home`,
    ANSIBLE_HOME: `${CONTROLLER}/home/.ansible`,
    ANSIBLE_LOCAL_TEMP: `${CONTROLLER}/tmp`,
    ANSIBLE_SSH_CONTROL_PATH_DIR: `${CONTROLLER}/cp`,
    // ansible's default ssh_args without -C: compression only burns the emulated CPU on a LAN.
    ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=120s',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_NOCOLOR: '1',
    NO_COLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    PYTHONUNBUFFERED: '1',
    // The inventory is JSON: only the yaml plugin reads it, so the others need not each try it first.
    ANSIBLE_INVENTORY_ENABLED: 'yaml',
  };
  // Streamed line by line into the transcript: each task's line carries the guest time it printed at.
  lab.log(`$ ${argv.join(' ')}`);
  const t0 = Date.now();
  const child = execa(argv[0], argv.slice(1), { env, reject: false, all: true, timeout: 600_000 });
  // Where the time goes: seconds from each TASK line to the next (the start-up until the first, the polls a task
  // retried), recorded with the run.
  const tasks = [];
  let current = { task: '(start-up)', at: t0, retries: 0 };
  const next = (task) => {
    tasks.push({ task: current.task, s: Math.round((Date.now() - current.at) / 100) / 10, retries: current.retries });
    current = { task, at: Date.now(), retries: 0 };
  };
  let rest = '';
  child.all.on('data', (d) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop();
    for (const l of lines) {
      if (l.trim() === '') continue;
      const task = /^(?:TASK \[(.*)\]|(PLAY RECAP)) \*/.exec(l);
      if (task) next(task[1] ?? task[2]);
      if (l.startsWith('FAILED - RETRYING')) current.retries += 1;
      lab.log(`  | ${l}`);
    }
  });
  const r = await child;
  if (rest.trim() !== '') lab.log(`  | ${rest}`);
  next('(end)');
  lab.log(`  (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  lab.log(`  per task: ${tasks.map((t) => `${t.task} ${t.s} s${t.retries ? ` (${t.retries} retries)` : ''}`).join('; ')}`);
  return { code: r.exitCode ?? -1, ms: Date.now() - t0, out: String(r.all ?? ''), tasks };
}

/** Runs the five plays and records `ansible` (runs and states); a failure is recorded, not thrown, so the
 * scenario's other proofs stand on their own. */
export async function ansibleFromLan(lab, { verbosity = 0 } = {}) {
  const t0 = Date.now();
  const rec = { error: null, runs: {}, states: {} };
  const save = () => lab.record('ansible', { ...rec, ms: Date.now() - t0 });
  try {
    lab.log('--- Ansible from the LAN: sshd on the device, ansible-playbook in the gateway namespace');
    await lab.waitFor('the standard method before the Ansible runs', () => lab.state.standardReady(), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    // The package's version, not `ansible-playbook --version`: one Python start less (15 s under the emulated CPU).
    rec.versions = {
      ansible: `ansible-core ${(await lab.run(['dpkg-query', '-W', '-f', '${Version}', 'ansible-core'], { quiet: true })).stdout.trim()}`,
    };
    rec.states.before = await deviceState(lab);
    await startSshd(lab);
    const first = await lab
      .waitFor('sshd to answer the controller', async () => (await sshFromLan(lab, ['true'])).code === 0, {
        timeoutMs: 30_000,
        intervalMs: 500,
      })
      .then(
        () => true,
        () => false,
      );
    rec.sshReady = { ok: first, ms: Date.now() - t0 };
    save();
    if (!first) throw new Error(`ssh root@${DEVICE} from the gateway namespace did not succeed:\n${(await sshFromLan(lab, ['true'])).all}`);
    const inventory = writeInventory(lab);
    const step = async (name, args, extra) => {
      lab.log(`--- ansible: ${name}`);
      const since = `@${Math.floor(Date.now() / 1000)}`;
      rec.runs[name] = await play(lab, inventory, args, extra, verbosity);
      rec.states[name] = await deviceState(lab);
      // A failed play: what wifi and networkd did meanwhile (the play's own output ends at bondify's account).
      if (rec.runs[name].code !== 0) {
        const units = ['wpa_supplicant@wlan0', 'systemd-networkd'].flatMap((u) => ['-u', u]);
        const j = await lab.run(['journalctl', '--no-pager', '-o', 'short-monotonic', '--since', since, ...units], { quiet: true });
        rec.states[name].journal = j.all.trim().split('\n').slice(-50).join('\n');
      }
      save();
    };
    await step('apply', []);
    rec.states.apply.check = await lab.bondify(['check'], { quiet: true }).then((c) => ({ code: c.code, out: c.all }));
    await step('again', []);
    const bond = { name: 'bond0', slaves: ['eth0', 'wlan0'], primary: 'eth0', miimon: '200ms', updelay: '200ms', fail_over_mac: 'active' };
    await step('checkDiff', ['--check', '--diff'], { bondify_bond: bond });
    // A gateway nothing answers: bondify's verification fails, it reverts itself, the play fails for the host.
    await step('badGateway', [], { bondify_network: { gateway: '192.168.1.99', dns: ['192.168.1.1'] }, bondify_verify_timeout: 15 });
    rec.states.badGateway.ssh = (await sshFromLan(lab, ['true'])).code;
    await step('absent', [], { bondify_state: 'absent' });
    await lab
      .waitFor('the standard method after absent', () => lab.state.standardReady(), { timeoutMs: 90_000, intervalMs: 500 })
      .catch(() => undefined);
    rec.states.absentSettled = await deviceState(lab);
  } catch (e) {
    rec.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    lab.log(`ANSIBLE PART FAILED: ${rec.error}`);
  }
  await lab.run(['systemctl', 'stop', 'bondify-lab-sshd'], { quiet: true });
  return save();
}
