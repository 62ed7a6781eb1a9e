// `bondify cron`: the files it renders, and install/remove idempotence in a temp root (offline and "live" with
// an argv-logging exec), never touching a file bondify did not write.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronFile, timerFiles, packagedUnits, packagedDropins, MARK } from '../../../src/schedule/units.js';
import { installSchedule, removeSchedule, MANIFEST } from '../../../src/schedule/install.js';
import { isBondifyError } from '../../../src/errors.js';
import { fakeHost } from '../../support/fake-host.js';

const SELF = ['/usr/bin/node', '/usr/lib/node_modules/bondify/dist/cli/main.js'];
const CHECK = [...SELF, 'check'];
const quiet = () => undefined;
const at = (root: string, p: string) => path.join(root, p);
const files = (root: string): string[] => {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
};

describe('schedule files', () => {
  it('cron: a cronie line with PATH, output to the journal, a timeout, and quoting that keeps words words', () => {
    expect(cronFile(CHECK, 1).content).toBe(
      [
        `# ${MARK}`,
        '# bondify health check of the bond; its output goes to the journal (systemd-cat -t bondify).',
        '# timeout ends a check that hangs after 120 s (exit 124 in the journal), so the next minute runs again.',
        'SHELL=/bin/sh',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '* * * * * root systemd-cat -t bondify /usr/bin/timeout --kill-after=10s 120s /usr/bin/node /usr/lib/node_modules/bondify/dist/cli/main.js check',
        '',
      ].join('\n'),
    );
    const odd = cronFile(['/opt/my bondify/main.js', 'check', '--prom', "/var/lib/it's 100%.prom", '--heal'], 5).content.split('\n')[5];
    expect(odd).toBe(
      "*/5 * * * * root systemd-cat -t bondify /usr/bin/timeout --kill-after=10s 300s '/opt/my bondify/main.js' check --prom '/var/lib/it'\\''s 100\\%.prom' --heal",
    );
  });

  it('timer: a oneshot service whose WARNING/CRITICAL exits are not failures, and a timer N minutes after the last run', () => {
    const [service, timer] = timerFiles(CHECK, 5);
    expect(service?.path).toBe('/etc/systemd/system/bondify-check.service');
    expect(service?.content).toContain(
      '\nType=oneshot\nSuccessExitStatus=1 2 3\nSyslogIdentifier=bondify\nExecStart=/usr/bin/node /usr/lib/node_modules/bondify/dist/cli/main.js check\n',
    );
    expect(timer?.content).toContain(
      '\n[Timer]\nOnBootSec=5min\nOnUnitActiveSec=5min\nAccuracySec=1s\nUnit=bondify-check.service\n\n[Install]\nWantedBy=timers.target\n',
    );
    expect(timerFiles(['/a b/main.js', '50%'], 1)[0]?.content).toContain('ExecStart="/a b/main.js" "50%%"\n');
    expect(timerFiles(CHECK, 1)[1]?.content).toContain('OnBootSec=1min\nOnUnitActiveSec=1min\n');
  });

  it('timer: the service is sandboxed with a start timeout; --prom opens its folder, --heal the folders apply writes', () => {
    const plain = timerFiles(CHECK, 1)[0]?.content ?? '';
    for (const line of [
      'TimeoutStartSec=120s',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'ProtectHome=yes',
      'ProtectKernelTunables=yes',
      'ProtectKernelModules=yes',
      'RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6',
      'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW',
      'SystemCallFilter=@system-service',
    ])
      expect(plain).toContain(`\n${line}\n`);
    expect(plain).not.toContain('ReadWritePaths');
    const full = timerFiles([...CHECK, '--prom', '/var/lib/node-exporter/bondify.prom', '--heal'], 1)[0]?.content;
    expect(full).toContain(
      '\nTimeoutStartSec=300s\nReadWritePaths=-/var/lib/node-exporter -/etc/systemd/network -/etc/modprobe.d -/etc/udev/rules.d\n',
    );
    // The packaged service keeps its sandbox; the drop-in clears ExecStart only and opens what the flags write.
    expect(packagedDropins(['/usr/bin/bondify', 'check', '--prom', '/srv/m/b.prom'], 1)[0]?.content).toBe(
      `# ${MARK}\n[Service]\nExecStart=\nExecStart=/usr/bin/bondify check --prom /srv/m/b.prom\nTimeoutStartSec=120s\nReadWritePaths=-/srv/m\n`,
    );
  });

  it('timer: a program in a home folder stays readable (ProtectHome=read-only), one under /tmp is not hidden by a private /tmp', () => {
    const home = timerFiles(['/usr/bin/node', '/root/.npm-global/lib/node_modules/bondify/bondify.cjs', 'check'], 1)[0]?.content ?? '';
    expect(home).toContain('\nProtectHome=read-only\n');
    expect(home).not.toContain('\nProtectHome=yes\n');
    expect(home).toContain('\nPrivateTmp=yes\n');
    const tmp = timerFiles(['/usr/bin/node', '/tmp/ci/dist/cli/main.js', 'check'], 1)[0]?.content ?? '';
    expect(tmp).not.toContain('PrivateTmp');
    expect(tmp).toContain('\nProtectHome=yes\n');
  });

  it('$ is doubled in ExecStart= (systemd expands variables there), % everywhere in a unit (specifiers)', () => {
    const [service] = timerFiles(['/opt/$x/main.js', 'check', '--prom', '/m/%n$HOME.prom'], 1);
    expect(service?.content).toContain('\nExecStart="/opt/$$x/main.js" check --prom "/m/%%n$$HOME.prom"\n');
  });

  // Issue 22: the exact strings of the report, and every other control character.
  const INJECTED = [
    '/x\n* * * * * root touch /run/owned #',
    '/x\nExecStartPre=/bin/touch /run/owned',
    '/x\r',
    '/x\u0000',
    '/x\u001b[2J',
    '/x\u007f',
  ];
  it.each(INJECTED)('a control character in any word (%j) is refused in cron, unit and drop-in: nothing rendered', (bad) => {
    const argv = [...CHECK, '--prom', bad];
    for (const render of [
      () => cronFile(argv, 1),
      () => timerFiles(argv, 1),
      () => packagedDropins(argv, 1),
      () => cronFile([bad, 'check'], 1),
    ]) {
      let err: unknown;
      try {
        render();
      } catch (e) {
        err = e;
      }
      expect(isBondifyError(err) && err.kind === 'usage' && err.details.value === bad, String(err)).toBe(true);
    }
  });

  // A calendar spec (*:0/7) or a cron step (*/7) restarts at every full hour: 56 then 4 minutes apart.
  it.each([7, 9, 11, 45])('every %i minutes: the timer is monotonic (no calendar), cron refuses', (n) => {
    const timer = timerFiles(CHECK, n)[1]?.content ?? '';
    expect(timer).not.toContain('OnCalendar');
    expect(timer).toContain(`OnUnitActiveSec=${n}min`);
    expect(() => cronFile(CHECK, n)).toThrow(RangeError);
  });

  it.each([
    [1, '*'],
    [5, '*/5'],
    [15, '*/15'],
    [30, '*/30'],
    [60, '0'],
  ])('cron every %i minutes: %s (a divisor of 60)', (n, field) => {
    expect(cronFile(CHECK, n).content.split('\n')[5]?.split(' ')[0]).toBe(field);
  });

  it('packaged units run /usr/bin/bondify check every minute, from the same text as the ones install writes', () => {
    const [service, timer] = packagedUnits();
    expect([service?.path, timer?.path]).toEqual([
      '/usr/lib/systemd/system/bondify-check.service',
      '/usr/lib/systemd/system/bondify-check.timer',
    ]);
    expect(service?.content).not.toContain(MARK); // pacman's file, never bondify's to delete
    const strip = (t: string | undefined) => t?.split('\n').slice(1).join('\n');
    expect(strip(service?.content)).toBe(strip(timerFiles(['/usr/bin/bondify', 'check'], 1)[0]?.content));
    expect(strip(timer?.content)).toBe(strip(timerFiles(['/usr/bin/bondify', 'check'], 1)[1]?.content));
  });
});

const PACKAGED = ['usr/lib/systemd/system/bondify-check.service', 'usr/lib/systemd/system/bondify-check.timer'];
const DROPINS = [
  'etc/systemd/system/bondify-check.service.d/bondify-cron.conf',
  'etc/systemd/system/bondify-check.timer.d/bondify-cron.conf',
];
function packagedRoot(live = false) {
  const host = fakeHost({ live });
  for (const u of packagedUnits()) {
    mkdirSync(path.dirname(at(host.root, u.path)), { recursive: true });
    writeFileSync(at(host.root, u.path), u.content);
  }
  return host;
}

describe('cron install / remove (temp root)', () => {
  it('cron: install twice changes nothing the second time; remove leaves what was there before', async () => {
    const host = fakeHost({ live: false });
    mkdirSync(at(host.root, 'etc/cron.d'), { recursive: true });
    writeFileSync(at(host.root, 'etc/cron.d/other'), 'user line\n');
    const log: string[] = [];
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: false }, (l) => log.push(l));
    expect(statSync(at(host.root, 'etc/cron.d/bondify')).mode & 0o777).toBe(0o644);
    expect(JSON.parse(readFileSync(at(host.root, MANIFEST), 'utf8'))).toEqual({
      version: 1,
      kind: 'cron',
      files: ['/etc/cron.d/bondify'],
      every: 1,
    });
    const before = readFileSync(at(host.root, 'etc/cron.d/bondify'), 'utf8');
    log.length = 0;
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: false }, (l) => log.push(l));
    expect(log).toEqual(['  unchanged /etc/cron.d/bondify']);
    expect(readFileSync(at(host.root, 'etc/cron.d/bondify'), 'utf8')).toBe(before);
    expect(host.calls).toEqual([]); // cron needs no reload: cronie watches /etc/cron.d
    expect(await removeSchedule(host, quiet)).toBe(true);
    expect(files(host.root)).toEqual(['etc/cron.d/other']);
    expect(await removeSchedule(host, quiet)).toBe(false);
  });

  it("--prom: remove deletes the metrics file the check wrote (bondify's format only); reinstalling without it too", async () => {
    const host = fakeHost({ live: false });
    const prom = '/var/lib/node-exporter/bondify.prom';
    const metrics = '# HELP bondify_up Whether the bond is up.\n# TYPE bondify_up gauge\nbondify_up{bond="bond0"} 1\n';
    const install = (p?: string) =>
      installSchedule(host, { self: SELF, args: p ? ['--prom', p] : [], every: 1, timer: false, ...(p ? { prom: p } : {}) }, quiet);
    await install(prom);
    mkdirSync(at(host.root, path.dirname(prom)), { recursive: true });
    writeFileSync(at(host.root, prom), metrics);
    const log: string[] = [];
    expect(await removeSchedule(host, (l) => log.push(l))).toBe(true);
    expect(log).toContain(`  removed ${prom}`);
    expect(existsSync(at(host.root, prom))).toBe(false);
    // A file at that path that is not bondify's metrics is the user's: it stays.
    await install(prom);
    writeFileSync(at(host.root, prom), 'my_metric 1\n');
    await removeSchedule(host, quiet);
    expect(readFileSync(at(host.root, prom), 'utf8')).toBe('my_metric 1\n');
    // Installing again without --prom: no check writes the old file any more, so it goes.
    await install(prom);
    writeFileSync(at(host.root, prom), metrics);
    await install();
    expect(existsSync(at(host.root, prom))).toBe(false);
    await removeSchedule(host, quiet);
  });

  it('timer, offline root: enabled with systemctl --root (never --now), disabled again on remove', async () => {
    const host = fakeHost({ live: false });
    await installSchedule(host, { self: ['bondify'], args: [], every: 2, timer: true }, quiet);
    expect(files(host.root)).toEqual([
      'etc/systemd/system/bondify-check.service',
      'etc/systemd/system/bondify-check.timer',
      'var/lib/bondify/schedule.json',
    ]);
    expect(host.calls).toEqual([['systemctl', `--root=${host.root}`, 'enable', 'bondify-check.timer']]);
    await removeSchedule(host, quiet);
    expect(host.calls.at(-1)).toEqual(['systemctl', `--root=${host.root}`, 'disable', 'bondify-check.timer']);
    expect(files(host.root)).toEqual([]);
  });

  it('timer, live: daemon-reload only when a file changed, enable --now every time (idempotent)', async () => {
    const host = fakeHost({ live: true });
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    expect(host.calls).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'bondify-check.timer'],
      ['systemctl', 'enable', '--now', 'bondify-check.timer'],
    ]);
    host.calls.length = 0;
    await removeSchedule(host, quiet);
    expect(host.calls).toEqual([
      ['systemctl', 'disable', '--now', 'bondify-check.timer'],
      ['systemctl', 'daemon-reload'],
    ]);
  });

  it('switching from cron to the timer removes the cron entry', async () => {
    const host = fakeHost({ live: false });
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: false }, quiet);
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    expect(existsSync(at(host.root, 'etc/cron.d/bondify'))).toBe(false);
    expect(JSON.parse(readFileSync(at(host.root, MANIFEST), 'utf8')).kind).toBe('timer');
  });

  it('refuses to overwrite a file bondify did not write, and changes nothing', async () => {
    const host = fakeHost({ live: false });
    mkdirSync(at(host.root, 'etc/cron.d'), { recursive: true });
    writeFileSync(at(host.root, 'etc/cron.d/bondify'), '* * * * * root my own thing\n');
    const err = await installSchedule(host, { self: SELF, args: [], every: 1, timer: false }, quiet).catch((e: unknown) => e);
    expect(isBondifyError(err) && err.message).toBe('refusing to overwrite /etc/cron.d/bondify: bondify did not write it');
    expect(files(host.root)).toEqual(['etc/cron.d/bondify']);
    expect(await removeSchedule(host, quiet)).toBe(false); // and remove leaves it alone
    expect(readFileSync(at(host.root, 'etc/cron.d/bondify'), 'utf8')).toBe('* * * * * root my own thing\n');
  });

  it("packaged timer, no options: enables the package's unit and writes no unit file of its own", async () => {
    const host = packagedRoot();
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    expect(files(host.root)).toEqual([...PACKAGED, 'var/lib/bondify/schedule.json']);
    expect(host.calls).toEqual([['systemctl', `--root=${host.root}`, 'enable', 'bondify-check.timer']]);
    await removeSchedule(host, quiet);
    expect(host.calls.at(-1)).toEqual(['systemctl', `--root=${host.root}`, 'disable', 'bondify-check.timer']);
    expect(files(host.root)).toEqual(PACKAGED);
  });

  it("packaged timer with options: drop-ins for what differs only; back to defaults removes them; remove leaves the package's units", async () => {
    const host = packagedRoot();
    await installSchedule(host, { self: SELF, args: ['--ping'], every: 5, timer: true }, quiet);
    expect(files(host.root)).toEqual([...DROPINS, ...PACKAGED, 'var/lib/bondify/schedule.json']);
    expect(readFileSync(at(host.root, DROPINS[0] ?? ''), 'utf8')).toBe(
      `# ${MARK}\n[Service]\nExecStart=\nExecStart=/usr/bin/bondify check --ping\nTimeoutStartSec=120s\n`,
    );
    expect(readFileSync(at(host.root, DROPINS[1] ?? ''), 'utf8')).toContain(
      '\n[Timer]\nOnBootSec=\nOnBootSec=5min\nOnUnitActiveSec=5min\n',
    );
    await installSchedule(host, { self: SELF, args: ['--ping'], every: 1, timer: true }, quiet);
    expect(files(host.root)).toEqual([DROPINS[0], ...PACKAGED, 'var/lib/bondify/schedule.json']);
    await removeSchedule(host, quiet);
    expect(files(host.root)).toEqual(PACKAGED);
    expect(existsSync(at(host.root, 'etc/systemd/system/bondify-check.service.d'))).toBe(false);
  });

  it('live, packaged timer: a changed interval reloads systemd and restarts the running timer (its old triggers stay until then)', async () => {
    const host = packagedRoot(true);
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    expect(host.calls).toEqual([['systemctl', 'enable', '--now', 'bondify-check.timer']]);
    host.calls.length = 0;
    await installSchedule(host, { self: SELF, args: [], every: 5, timer: true }, quiet);
    expect(host.calls).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'bondify-check.timer'],
      ['systemctl', 'restart', 'bondify-check.timer'],
    ]);
  });

  it('the package arriving after a timer bondify wrote: install moves to the packaged units, the /etc copies go', async () => {
    const host = fakeHost({ live: false });
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    for (const u of packagedUnits()) {
      mkdirSync(path.dirname(at(host.root, u.path)), { recursive: true });
      writeFileSync(at(host.root, u.path), u.content);
    }
    await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet);
    expect(files(host.root)).toEqual([...PACKAGED, 'var/lib/bondify/schedule.json']);
  });

  it('a failing systemctl is an error naming the command and its stderr', async () => {
    const host = fakeHost({ live: true });
    host.answers.systemctl = { exitCode: 1, stderr: 'Failed to connect to bus' };
    const err = await installSchedule(host, { self: SELF, args: [], every: 1, timer: true }, quiet).catch((e: unknown) => e);
    expect(isBondifyError(err) && [err.kind, err.message]).toEqual([
      'io',
      'systemctl daemon-reload failed (exit 1): Failed to connect to bus',
    ]);
  });
});
