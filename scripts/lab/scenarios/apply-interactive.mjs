// Lab proof of what a person at the Pi types: `bondify init` from the real standard method, apply's y/N question
// and Enter-to-confirm on a real pseudo-terminal, and `rollback --to standard` once every backup is gone.
// Given a folder with the built Arch package (args[0]), the scenario first installs it into the guest's overlay
// with pacman and runs everything with the installed `bondify` from PATH, adds a failover and a check between
// apply and rollback, enables the packaged bondify-check.timer until the journal shows it ran the check, and runs
// its hardened service with --ping, --prom and --heal (guest/hardened-check.mjs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { BONDIFY } from '../guest/lab.mjs';
import { cutEth0WhilePinging } from '../guest/steps.mjs';
import { hardenedCheck } from '../guest/hardened-check.mjs';

const NET = '/etc/systemd/network';
const CONFIG = '/etc/bondify/bondify.ini';
const sha = (p) => (fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null);
const print = (p) => {
  if (!fs.existsSync(p)) return null;
  const st = fs.lstatSync(p);
  return { sha256: sha(p), mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid };
};
const standardFiles = () => ({ 'eth0.network': print(`${NET}/eth0.network`), 'wlan0.network': print(`${NET}/wlan0.network`) });

/** Every regular file under the places apply writes to, with its hash: "nothing changed" means this is equal. */
function tree(dirs = [NET, '/etc/modprobe.d', '/etc/bondify', '/var/lib/bondify']) {
  const out = {};
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = e.isFile() ? sha(p) : 'not a regular file';
    }
  };
  dirs.forEach(walk);
  return out;
}

// The terminal: scripts/lab/guest/pty-relay.py (python3's pty module; the command goes in as argv, no shell).
const PTY_RELAY = fileURLToPath(new URL('../guest/pty-relay.py', import.meta.url));

/** `bondify <args>` on a pseudo-terminal; `type(keys)` once `waitFor(text)` has seen the prompt. */
function onTerminal(lab, bondify, args) {
  lab.log(`$ bondify ${args.join(' ')}   (on a pseudo-terminal)`);
  const child = execa('python3', [PTY_RELAY, ...bondify, ...args], { reject: false, buffer: false, stdin: 'pipe' });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return {
    async waitFor(text, timeoutMs = 120_000) {
      await lab.waitFor(`'${text}' on the terminal`, () => out.includes(text) || child.exitCode !== null, { timeoutMs, intervalMs: 100 });
      if (!out.includes(text))
        throw new Error(`bondify ${args.join(' ')} ended (exit ${child.exitCode}) without showing '${text}':\n${out}`);
    },
    type(keys) {
      lab.log(`  (types ${JSON.stringify(keys)})`);
      child.stdin.write(keys);
    },
    async done() {
      const r = await child;
      lab.out(out.replace(/\r/g, ''));
      lab.log(`  (exit ${r.exitCode})`);
      return { code: r.exitCode, out: out.replace(/\r/g, '') };
    },
  };
}

/**
 * Installs the package into the guest's overlay (a tmpfs over the host's root: nothing reaches the host) with its
 * own pacman database, and reloads systemd so it sees the packaged units (Arch's pacman hook does that there).
 */
async function installPackage(lab, dir) {
  const pkg = fs.readdirSync(dir).find((f) => /^bondify-.*\.pkg\.tar\.[a-z]+$/.test(f));
  if (!pkg) throw new Error(`no bondify-*.pkg.tar.* in ${dir}`);
  fs.mkdirSync('/tmp/bondify-pacman-db', { recursive: true });
  const r = await lab.run(
    [
      'pacman',
      '-U',
      '--noconfirm',
      '-dd',
      '--root',
      '/',
      '--dbpath',
      '/tmp/bondify-pacman-db',
      '--logfile',
      '/tmp/bondify-pacman.log',
      '--cachedir',
      '/tmp/bondify-pacman-cache',
      path.join(dir, pkg),
    ],
    { timeoutMs: 180_000 },
  );
  await lab.run(['systemctl', 'daemon-reload'], { check: true });
  const which = (await lab.run(['which', 'bondify'], { quiet: true })).stdout.trim();
  return lab.record('installed', {
    code: r.code,
    package: pkg,
    which,
    units: fs
      .readdirSync('/usr/lib/systemd/system')
      .filter((f) => f.startsWith('bondify-'))
      .sort(),
    // The package ships no V8 code cache and no hook makes one: nothing on the card is run as bytecode.
    caches: fs
      .readdirSync('/usr/lib/bondify/lib')
      .filter((f) => f.endsWith('.v8cache'))
      .sort(),
    pacmanOut: r.all,
  });
}

/** The packaged timer enabled as its README says, until the journal shows a check it ran; then disabled again. */
async function packagedTimer(lab) {
  const enable = await lab.run(['systemctl', 'enable', '--now', 'bondify-check.timer']);
  const line = await lab
    .waitFor(
      'a check run by bondify-check.service in the journal',
      async () => {
        const j = await lab.run(['journalctl', '-q', '-o', 'cat', '-u', 'bondify-check.service'], { quiet: true });
        return j.stdout.split('\n').find((l) => l.startsWith('BONDIFY ')) ?? null;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    )
    .catch(() => null);
  const execStart = (await lab.run(['systemctl', 'show', '-P', 'ExecStart', 'bondify-check.service'], { quiet: true })).stdout;
  const result = (await lab.run(['systemctl', 'show', '-P', 'Result', 'bondify-check.service'], { quiet: true })).stdout.trim();
  await lab.run(['systemctl', 'disable', '--now', 'bondify-check.timer']);
  return lab.record('timer', {
    enable: enable.code,
    line,
    result,
    execStart,
    fragment: (await lab.run(['systemctl', 'show', '-P', 'FragmentPath', 'bondify-check.timer'], { quiet: true })).stdout.trim(),
  });
}

export default async function applyInteractive(lab, args = []) {
  const installed = args[0] ? await installPackage(lab, path.resolve(lab.checkout, args[0])) : null;
  // The installed program from PATH, as a user types it; otherwise this checkout's dist/.
  const bondify = installed ? ['bondify'] : ['node', BONDIFY];
  const run = (argv, opts = {}) => lab.run([...bondify, ...argv], { timeoutMs: 120_000, ...opts });
  const originals = lab.record('originals', standardFiles());
  const originalText = { eth0: lab.readFile(`${NET}/eth0.network`), wlan0: lab.readFile(`${NET}/wlan0.network`) };
  fs.writeFileSync(
    '/tmp/reference.ini',
    (
      await lab.run(['node', '-e', `import('${lab.checkout}/dist/config/index.js').then((c) => process.stdout.write(c.REFERENCE_INI))`], {
        quiet: true,
      })
    ).stdout,
  );

  lab.log('--- init from the standard method in place, then init again without --force');
  const init1 = await run(['init', '--write', CONFIG]);
  const written = lab.readFile(CONFIG);
  lab.out(written ?? '(no file)');
  const before2 = sha(CONFIG);
  const init2 = await run(['init', '--write', CONFIG]);
  lab.record('init', {
    code: init1.code,
    out: init1.all,
    text: written,
    second: { code: init2.code, out: init2.all, unchanged: before2 !== null && sha(CONFIG) === before2 },
  });
  const planOf = async (config) => JSON.parse((await run(['plan', '--json', '--config', config], { quiet: true })).stdout || 'null');
  lab.record('plans', { fromInit: await planOf(CONFIG), fromReference: await planOf('/tmp/reference.ini') });

  lab.log('--- apply without --yes on a terminal: answer n');
  const untouched = tree();
  const no = onTerminal(lab, bondify, ['apply']);
  await no.waitFor('[y/N]');
  no.type('n\r');
  lab.record('answerNo', {
    ...(await no.done()),
    treeUnchanged: JSON.stringify(tree()) === JSON.stringify(untouched),
    bond0: lab.state.exists('bond0'),
  });

  lab.log('--- apply --confirm 20 without --yes on a terminal: answer y, then press Enter to keep it');
  const yes = onTerminal(lab, bondify, ['apply', '--confirm', '20']);
  await yes.waitFor('[y/N]');
  yes.type('y\r');
  await yes.waitFor('(or press Enter here)');
  const timerWhileAsking = (await lab.run(['systemctl', 'is-active', 'bondify-revert.timer'])).stdout.trim();
  const enteredAt = Date.now();
  yes.type('\r');
  const answered = await yes.done();
  await lab.sleep(Math.max(0, 25_000 - (Date.now() - enteredAt))); // past the 20 s deadline: nothing may revert it
  lab.record('answerYesEnter', {
    ...answered,
    timerWhileAsking,
    timerAfter: (await lab.run(['systemctl', 'is-active', 'bondify-revert.timer'])).stdout.trim(),
    timerLoad: (await lab.run(['systemctl', 'show', '-P', 'LoadState', 'bondify-revert.timer'])).stdout.trim(),
    journalLeft: fs.existsSync('/var/lib/bondify/journal.json'),
    active: lab.state.activeSlave('bond0'),
    bond0: await lab.state.ipv4('bond0'),
    gateway: await lab.state.ping('192.168.1.1', { dev: 'bond0', timeoutS: 2 }),
    standardFiles: standardFiles(),
  });

  if (installed) {
    lab.log('--- failover on the installed bondify, then check');
    const failover = await cutEth0WhilePinging(lab);
    const check = await run(['check']);
    lab.record('failoverCheck', { ...failover, check: { code: check.code, out: check.all } });
    await packagedTimer(lab);
    await hardenedCheck(lab, bondify);
  }

  lab.log('--- every backup lost, then rollback --to standard (from the config init wrote)');
  fs.rmSync('/var/lib/bondify/backups', { recursive: true, force: true });
  const rb = await run(['rollback', '--to', 'standard']);
  const standard = await lab
    .waitFor('the standard method', () => lab.state.standardReady(), { timeoutMs: 60_000, intervalMs: 1000 })
    .then(
      () => true,
      () => false,
    );
  const own = fs.readdirSync(NET).filter((f) => f.startsWith('10-bondify-'));
  lab.record('rollbackStandard', {
    code: rb.code,
    out: rb.all,
    files: standardFiles(),
    identical: JSON.stringify(standardFiles()) === JSON.stringify(originals),
    textIdentical: lab.readFile(`${NET}/eth0.network`) === originalText.eth0 && lab.readFile(`${NET}/wlan0.network`) === originalText.wlan0,
    own: [...own, ...(fs.existsSync('/etc/modprobe.d/bondify.conf') ? ['/etc/modprobe.d/bondify.conf'] : [])],
    bond0: lab.state.exists('bond0'),
    eth0: await lab.state.ipv4('eth0'),
    wlan0: await lab.state.ipv4('wlan0'),
    gatewayViaEth0: await lab.state.ping('192.168.1.1', { dev: 'eth0', timeoutS: 2 }),
    gatewayViaWlan0: await lab.state.ping('192.168.1.1', { dev: 'wlan0', timeoutS: 2 }),
    standard,
  });
  return 0;
}
