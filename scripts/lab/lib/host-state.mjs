// Stale bondify state "as a host that once ran bondify holds it", planted for a run without touching the host:
// the files go to <results>/host-state/, which the guest's /init lays over the host's root as a read-only lower
// layer, so its clearing step meets them exactly where it meets the host's own. A scenario asks for it with the
// line `export const labHostState = 'stale';` (read as text on the host, like labFlavour).
import fs from 'node:fs';
import path from 'node:path';

const STALE_MEMORY = {
  version: 1,
  bond: 'bond0',
  changedAt: '2026-01-01T00:00:00.000Z',
  present: true,
  activeSlave: 'eth2',
  linkFailures: { eth0: 7, eth2: 3 },
  failoversTotal: 41,
};

/** Path (relative to /) → content, or { link } for a symlink. */
export const STALE_HOST_STATE = {
  'var/lib/bondify/check-state.json': `${JSON.stringify(STALE_MEMORY, null, 2)}\n`,
  'var/lib/bondify/schedule.json': '{"kind":"timer","files":["/etc/systemd/system/bondify-check.service"]}\n',
  'var/lib/bondify/backups/20260101T000000Z/manifest.json': '{"stale":true}\n',
  'etc/bondify/bondify.ini': '[bond]\nname = bond0\nslaves = eth0, eth2\nprimary = eth2\n\n[network]\naddress = 10.9.9.9/24\n',
  'etc/cron.d/bondify': '* * * * * root bondify check\n',
  'etc/modprobe.d/bondify.conf': 'options bonding max_bonds=0\n',
  'etc/systemd/system/bondify-check.service': '[Service]\nType=oneshot\nExecStart=/usr/bin/false\n',
  'etc/systemd/system/bondify-check.timer': '[Timer]\nOnCalendar=minutely\n\n[Install]\nWantedBy=timers.target\n',
  'etc/systemd/system/timers.target.wants/bondify-check.timer': { link: '/etc/systemd/system/bondify-check.timer' },
  'etc/systemd/system/multi-user.target.wants/bondify-check.service': { link: '/etc/systemd/system/bondify-check.service' },
};

/** The planted paths the guest must not see, as absolute guest paths (top-level entries only, as /init reports them). */
export const STALE_HOST_ROOTS = [
  '/var/lib/bondify',
  '/etc/bondify',
  '/etc/cron.d/bondify',
  '/etc/modprobe.d/bondify.conf',
  '/etc/systemd/system/bondify-check.service',
  '/etc/systemd/system/bondify-check.timer',
  '/etc/systemd/system/multi-user.target.wants/bondify-check.service',
  '/etc/systemd/system/timers.target.wants/bondify-check.timer',
];

export function labHostState(scenarioFile) {
  const m = /^export const labHostState = '([\w-]+)';/m.exec(fs.readFileSync(scenarioFile, 'utf8'));
  const name = m?.[1] ?? 'host';
  if (name !== 'host' && name !== 'stale')
    throw new Error(`lab: ${scenarioFile} asks for host state ${JSON.stringify(name)}; known: host, stale`);
  return name;
}

/** Writes the stale tree into <resultsDir>/host-state (the host itself is never touched). */
export function plantStaleHostState(resultsDir) {
  const top = path.join(resultsDir, 'host-state');
  for (const [rel, content] of Object.entries(STALE_HOST_STATE)) {
    const file = path.join(top, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(file, content);
    else fs.symlinkSync(content.link, file);
  }
  return top;
}
