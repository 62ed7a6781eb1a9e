// `bondify cron`: the files it renders, and install/remove idempotence in a temp root (offline and "live" with
// an argv-logging exec), never touching a file bondify did not write.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronFile, timerFiles, MARK } from '../../../src/schedule/units.js';
import { installSchedule, removeSchedule, MANIFEST } from '../../../src/schedule/install.js';
import { isBondifyError } from '../../../src/errors.js';
import { fakeHost } from '../observe/fake-host.js';

const CHECK = ['/usr/bin/node', '/usr/lib/node_modules/bondify/dist/cli/main.js', 'check'];
const quiet = () => undefined;
const at = (root: string, p: string) => path.join(root, p);
const files = (root: string): string[] => {
  const out: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = path.join(d, n); if (statSync(p).isDirectory()) walk(p); else out.push(path.relative(root, p)); } };
  walk(root);
  return out.sort();
};

describe('schedule files', () => {
  it('cron: a cronie line with PATH, output to the journal, and quoting that keeps words words', () => {
    expect(cronFile(CHECK, 1).content).toBe([
      `# ${MARK}`,
      '# bondify health check of the bond; its output goes to the journal (systemd-cat -t bondify).',
      'SHELL=/bin/sh',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '* * * * * root systemd-cat -t bondify /usr/bin/node /usr/lib/node_modules/bondify/dist/cli/main.js check',
      '',
    ].join('\n'));
    const odd = cronFile(['/opt/my bondify/main.js', 'check', '--prom', "/var/lib/it's 100%.prom"], 5).content.split('\n')[4];
    expect(odd).toBe("*/5 * * * * root systemd-cat -t bondify '/opt/my bondify/main.js' check --prom '/var/lib/it'\\''s 100\\%.prom'");
  });

  it('timer: a oneshot service whose WARNING/CRITICAL exits are not failures, and a timer on the minute', () => {
    const [service, timer] = timerFiles(CHECK, 5);
    expect(service?.path).toBe('/etc/systemd/system/bondify-check.service');
    expect(service?.content).toContain('\nType=oneshot\nSuccessExitStatus=1 2 3\nSyslogIdentifier=bondify\nExecStart=/usr/bin/node /usr/lib/node_modules/bondify/dist/cli/main.js check\n');
    expect(timer?.content).toContain('\n[Timer]\nOnCalendar=*:0/5:00\nAccuracySec=1s\nUnit=bondify-check.service\n\n[Install]\nWantedBy=timers.target\n');
    expect(timerFiles(['/a b/main.js', '50%'], 1)[0]?.content).toContain('ExecStart="/a b/main.js" "50%%"\n');
    expect(timerFiles(CHECK, 1)[1]?.content).toContain('OnCalendar=*:*:00\n');
  });
});

describe('cron install / remove (temp root)', () => {
  it('cron: install twice changes nothing the second time; remove leaves what was there before', async () => {
    const host = fakeHost({ live: false });
    mkdirSync(at(host.root, 'etc/cron.d'), { recursive: true });
    writeFileSync(at(host.root, 'etc/cron.d/other'), 'user line\n');
    const log: string[] = [];
    await installSchedule(host, { check: CHECK, every: 1, timer: false }, (l) => log.push(l));
    expect(statSync(at(host.root, 'etc/cron.d/bondify')).mode & 0o777).toBe(0o644);
    expect(JSON.parse(readFileSync(at(host.root, MANIFEST), 'utf8'))).toEqual({ version: 1, kind: 'cron', files: ['/etc/cron.d/bondify'], every: 1 });
    const before = readFileSync(at(host.root, 'etc/cron.d/bondify'), 'utf8');
    log.length = 0;
    await installSchedule(host, { check: CHECK, every: 1, timer: false }, (l) => log.push(l));
    expect(log).toEqual(['  unchanged /etc/cron.d/bondify']);
    expect(readFileSync(at(host.root, 'etc/cron.d/bondify'), 'utf8')).toBe(before);
    expect(host.calls).toEqual([]); // cron needs no reload: cronie watches /etc/cron.d
    expect(await removeSchedule(host, quiet)).toBe(true);
    expect(files(host.root)).toEqual(['etc/cron.d/other']);
    expect(await removeSchedule(host, quiet)).toBe(false);
  });

  it('timer, offline root: enabled with systemctl --root (never --now), disabled again on remove', async () => {
    const host = fakeHost({ live: false });
    await installSchedule(host, { check: ['bondify', 'check'], every: 2, timer: true }, quiet);
    expect(files(host.root)).toEqual(['etc/systemd/system/bondify-check.service', 'etc/systemd/system/bondify-check.timer', 'var/lib/bondify/schedule.json']);
    expect(host.calls).toEqual([['systemctl', `--root=${host.root}`, 'enable', 'bondify-check.timer']]);
    await removeSchedule(host, quiet);
    expect(host.calls.at(-1)).toEqual(['systemctl', `--root=${host.root}`, 'disable', 'bondify-check.timer']);
    expect(files(host.root)).toEqual([]);
  });

  it('timer, live: daemon-reload only when a file changed, enable --now every time (idempotent)', async () => {
    const host = fakeHost({ live: true });
    await installSchedule(host, { check: CHECK, every: 1, timer: true }, quiet);
    await installSchedule(host, { check: CHECK, every: 1, timer: true }, quiet);
    expect(host.calls).toEqual([
      ['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', 'bondify-check.timer'],
      ['systemctl', 'enable', '--now', 'bondify-check.timer'],
    ]);
    host.calls.length = 0;
    await removeSchedule(host, quiet);
    expect(host.calls).toEqual([['systemctl', 'disable', '--now', 'bondify-check.timer'], ['systemctl', 'daemon-reload']]);
  });

  it('switching from cron to the timer removes the cron entry', async () => {
    const host = fakeHost({ live: false });
    await installSchedule(host, { check: CHECK, every: 1, timer: false }, quiet);
    await installSchedule(host, { check: CHECK, every: 1, timer: true }, quiet);
    expect(existsSync(at(host.root, 'etc/cron.d/bondify'))).toBe(false);
    expect(JSON.parse(readFileSync(at(host.root, MANIFEST), 'utf8')).kind).toBe('timer');
  });

  it('refuses to overwrite a file bondify did not write, and changes nothing', async () => {
    const host = fakeHost({ live: false });
    mkdirSync(at(host.root, 'etc/cron.d'), { recursive: true });
    writeFileSync(at(host.root, 'etc/cron.d/bondify'), '* * * * * root my own thing\n');
    const err = await installSchedule(host, { check: CHECK, every: 1, timer: false }, quiet).catch((e: unknown) => e);
    expect(isBondifyError(err) && err.message).toBe('refusing to overwrite /etc/cron.d/bondify: bondify did not write it');
    expect(files(host.root)).toEqual(['etc/cron.d/bondify']);
    expect(await removeSchedule(host, quiet)).toBe(false); // and remove leaves it alone
    expect(readFileSync(at(host.root, 'etc/cron.d/bondify'), 'utf8')).toBe('* * * * * root my own thing\n');
  });

  it('a failing systemctl is an error naming the command and its stderr', async () => {
    const host = fakeHost({ live: true });
    host.answers.systemctl = { exitCode: 1, stderr: 'Failed to connect to bus' };
    const err = await installSchedule(host, { check: CHECK, every: 1, timer: true }, quiet).catch((e: unknown) => e);
    expect(isBondifyError(err) && [err.kind, err.message]).toEqual(['io', 'systemctl daemon-reload failed (exit 1): Failed to connect to bus']);
  });
});
