// Apply's preflight: each check is ✓ (ok), ! (warn, apply goes on) or ✗ (fail, nothing is changed), with a fix.
import path from 'node:path';
import type { ErrorKind } from '../errors.js';
import type { BondModel, SlaveModel } from '../model/bond.js';
import type { Host } from '../system/host.js';
import { inspectFile, kernelPathExists, listDir, lstatKind } from '../system/fs.js';
import { findConflicts, type Conflict } from './conflicts.js';
import { networkdVersion } from './control.js';
import { tryRun } from '../system/process.js';
import { linkWithPermanentMac, sysfsPermanentMac } from '../system/links.js';
import { readKernelFile } from '../system/kernel-read.js';

/** systemd.netdev(5): ARPMissedMax= is "Added in version 256"; older networkd ignores the key with a warning. */
export const NETWORKD_ARP_MISSED_MAX = 256;
/** The bonding driver's arp_missed_max option (IFLA_BOND_MISSED_MAX) arrived in Linux 5.17. */
export const KERNEL_ARP_MISSED_MAX: readonly [number, number] = [5, 17];

/** "6.1.0-18-amd64" → [6, 1]; null when unreadable. */
export function kernelVersion(release: string | null): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(release?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** arp_missed_max only works where both networkd and the kernel know it: refuse it elsewhere, before anything is written. */
export function missedMaxCheck(m: BondModel, networkd: number | null, kernel: [number, number] | null): Check | null {
  if (m.arpIntervalMs === 0 || m.arpMissedMax === null) return null;
  const fix = `remove arp_missed_max (the kernel then fails a slave after 2 unanswered intervals), or upgrade to systemd ${NETWORKD_ARP_MISSED_MAX}+ and Linux ${KERNEL_ARP_MISSED_MAX.join('.')}+`;
  if (networkd !== null && networkd < NETWORKD_ARP_MISSED_MAX)
    return fail(
      `arp_missed_max = ${m.arpMissedMax}: systemd-networkd ${networkd} does not know ARPMissedMax= (added in ${NETWORKD_ARP_MISSED_MAX}) and would ignore it`,
      fix,
      'config',
    );
  const [a, b] = KERNEL_ARP_MISSED_MAX;
  if (kernel !== null && (kernel[0] < a || (kernel[0] === a && kernel[1] < b)))
    return fail(`arp_missed_max = ${m.arpMissedMax}: Linux ${kernel.join('.')} has no arp_missed_max (added in ${a}.${b})`, fix, 'config');
  if (networkd === null || kernel === null)
    return warn(
      `arp_missed_max = ${m.arpMissedMax}: the ${networkd === null ? 'networkd' : 'kernel'} version is unknown; ARPMissedMax= needs systemd ${NETWORKD_ARP_MISSED_MAX}+ and Linux ${a}.${b}+`,
      `check networkctl --version (${NETWORKD_ARP_MISSED_MAX}+) and uname -r (${a}.${b}+) on the device`,
    );
  return ok(`arp_missed_max = ${m.arpMissedMax}: systemd-networkd ${networkd} and Linux ${kernel.join('.')} support it`);
}

export interface Check {
  status: 'ok' | 'warn' | 'fail';
  title: string;
  fix?: string;
  /** The exit code family when this check fails. */
  kind?: ErrorKind;
}

export interface Preflight {
  checks: Check[];
  /** Files in /etc/systemd/network that apply moves aside into the backup. */
  moveAside: Conflict[];
  networkdVersion: number | null;
}

const ok = (title: string): Check => ({ status: 'ok', title });
const warn = (title: string, fix: string): Check => ({ status: 'warn', title, fix });
const fail = (title: string, fix: string, kind: ErrorKind = 'unavailable'): Check => ({ status: 'fail', title, fix, kind });

/** Units that would fight networkd over the slaves. */
const RIVALS = ['NetworkManager.service', 'dhcpcd.service', 'connman.service', 'netctl*.service', 'dhcpcd@*.service'];

/** A slave's link by name, and by its permanent MAC when the config gives one: a renamed link is named. */
function slaveLink(host: Host, s: SlaveModel): Check {
  const rename = (now: string) =>
    `rename it in bondify.ini (slaves, primary, [slave.${s.name}] → [slave.${now}]) and apply again; the slave files match by MAC, so networkd already enslaves ${now}`;
  if (kernelPathExists(host.kernelRoot, `/sys/class/net/${s.name}`)) {
    const perm = s.permanentMac === null ? null : sysfsPermanentMac(host.kernelRoot, s.name);
    if (perm === null || perm === s.permanentMac) return ok(`${s.name} exists${perm === null ? '' : ` (permanent MAC ${perm})`}`);
    const other = linkWithPermanentMac(host.kernelRoot, s.permanentMac ?? '', s.name);
    return fail(
      `${s.name}'s permanent MAC is ${perm}, not ${s.permanentMac ?? ''} ([slave.${s.name}] mac)${other === null ? '' : `: ${s.name} is now ${other}`}`,
      other === null ? `check it with 'ethtool -P ${s.name}' and fix mac in [slave.${s.name}]` : rename(other),
      'config',
    );
  }
  const now = s.permanentMac === null ? null : linkWithPermanentMac(host.kernelRoot, s.permanentMac);
  if (now !== null) return fail(`${s.name} is now ${now} (the link with permanent MAC ${s.permanentMac ?? ''})`, rename(now), 'config');
  return fail(`${s.name} does not exist`, `check the name with 'ip link' and fix [bond] slaves in the config`);
}

async function liveChecks(host: Host, m: BondModel, out: Check[]): Promise<number | null> {
  const active = await tryRun(host, ['systemctl', 'is-active', 'systemd-networkd.service']);
  const version = await networkdVersion(host);
  const v = version === null ? 'version unknown' : `version ${version}`;
  out.push(
    active.stdout.trim() === 'active'
      ? ok(`systemd-networkd is active (${v})`)
      : fail(
          `systemd-networkd is not active (${active.stdout.trim() || active.stderr.trim() || 'not found'})`,
          'systemctl enable --now systemd-networkd.service',
        ),
  );
  const modinfo =
    kernelPathExists(host.kernelRoot, '/sys/module/bonding') || (await tryRun(host, ['modinfo', '-n', 'bonding'])).exitCode === 0;
  out.push(
    modinfo
      ? ok('the bonding driver is available')
      : fail(
          'the kernel has no bonding driver (modinfo bonding finds nothing)',
          'install the kernel package that ships bonding.ko, or build with CONFIG_BONDING',
        ),
  );
  for (const s of m.slaves) out.push(slaveLink(host, s));
  for (const s of m.slaves.filter((x) => x.wireless)) {
    const unit = `wpa_supplicant@${s.name}.service`;
    const en = (await tryRun(host, ['systemctl', 'is-enabled', unit])).stdout.trim();
    out.push(
      en === 'enabled'
        ? ok(`${unit} is enabled`)
        : warn(`${unit} is ${en || 'not enabled'}: ${s.name} will not associate after a reboot`, `systemctl enable ${unit}`),
    );
  }
  const missed = missedMaxCheck(m, version, kernelVersion(readKernelFile(host.kernelRoot, '/proc/sys/kernel/osrelease')));
  if (missed) out.push(missed);
  const r = await tryRun(host, ['systemctl', 'list-units', '--type=service', '--state=active', '--plain', '--no-legend', ...RIVALS]);
  const rivals = r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((u) => u !== '')
    .filter((u) => !u.startsWith('dhcpcd@') || m.slaves.some((s) => u === `dhcpcd@${s.name}.service`));
  out.push(
    rivals.length === 0
      ? ok('no other network manager is running (NetworkManager, dhcpcd, netctl, connman)')
      : fail(`another network manager is running: ${rivals.join(', ')}`, `systemctl disable --now ${rivals.join(' ')}`),
  );
  return version;
}

// A fix is a command to paste: offline (--root) it names the path inside the root and acts on the root, never on
// the host that runs bondify.
const onRoot = (host: Host, p: string): string => (host.live || host.root === '/' ? p : path.join(host.root, p));
const systemctl = (host: Host): string => (host.live || host.root === '/' ? 'systemctl' : `systemctl --root=${host.root}`);

/** Offline (--root): what the image's enabled units say. */
function offlineChecks(host: Host, m: BondModel, out: Check[]): void {
  const wants = '/etc/systemd/system/multi-user.target.wants';
  const enabled = new Set(listDir(host.root, wants));
  if (!enabled.has('systemd-networkd.service'))
    out.push(warn('systemd-networkd is not enabled in this root', `${systemctl(host)} enable systemd-networkd.service`));
  for (const u of ['NetworkManager.service', 'dhcpcd.service', 'connman.service']) {
    if (enabled.has(u)) out.push(fail(`${u} is enabled in this root`, `${systemctl(host)} disable ${u}`));
  }
  const missed = missedMaxCheck(m, null, null);
  if (missed) out.push(missed);
  for (const s of m.slaves.filter((x) => x.wireless)) {
    const unit = `wpa_supplicant@${s.name}.service`;
    const ok_ = lstatKind(host.root, `/etc/systemd/system/multi-user.target.wants/${unit}`).kind !== 'absent';
    if (!ok_) out.push(warn(`${unit} is not enabled in this root`, `${systemctl(host)} enable ${unit}`));
  }
}

export async function preflight(host: Host, m: BondModel): Promise<Preflight> {
  const checks: Check[] = [];
  let version: number | null = null;
  if (host.live) {
    checks.push(host.isRoot() ? ok('running as root') : fail('not running as root', 'run it as root: sudo bondify apply', 'noperm'));
    version = await liveChecks(host, m, checks);
  } else offlineChecks(host, m, checks);
  for (const s of m.slaves.filter((x) => x.wireless)) {
    const conf = `/etc/wpa_supplicant/wpa_supplicant-${s.name}.conf`;
    let present = false;
    try {
      present = inspectFile(host.root, conf) !== null;
    } catch {
      present = false;
    }
    checks.push(
      present
        ? ok(`${conf} exists`)
        : warn(
            `${conf} is missing: ${s.name} cannot join the wifi network`,
            `write it (wpa_passphrase <ssid> <passphrase> > ${onRoot(host, conf)}) and enable it: ${systemctl(host)} enable wpa_supplicant@${s.name}.service`,
          ),
    );
  }
  const files = conflictChecks(host, m);
  checks.push(...files.checks);
  return { checks, moveAside: files.moveAside, networkdVersion: version };
}

/** The other networkd files that would configure the slaves: which move aside, which stop apply. */
export function conflictChecks(host: Host, m: BondModel): { checks: Check[]; moveAside: Conflict[] } {
  const checks: Check[] = [];
  const others = host.live
    ? listDir(host.kernelRoot, '/sys/class/net').filter(
        (n) => n !== 'lo' && n !== 'bonding_masters' && n !== m.name && !m.slaves.some((s) => s.name === n),
      )
    : [];
  const scan = findConflicts(host.root, m, others);
  const moveAside: Conflict[] = [];
  // A fix is a command to paste: offline (--root) its paths are the ones inside the root.
  const at = (p: string) => (host.live || host.root === '/' ? p : `${host.root.replace(/\/$/, '')}${p}`);
  for (const c of scan.conflicts) {
    const who = c.matches.join(', ');
    const path = c.dropins.length ? `${c.path} (with ${c.dropins.join(', ')})` : c.path;
    const name = c.path.split('/').pop() ?? c.path;
    if (c.movable && !c.wins && c.alsoMatches.length > 0) {
      // networkd uses the first file that matches a link: bondify's sorts first, so this one no longer applies to the
      // slaves, while other links still need it (a stock eth.network with Name=eth* serving eth1 too).
      checks.push(
        ok(
          `${path} matches ${who} but sorts after bondify's files, so networkd does not use it for them; left in place: it also configures ${c.alsoMatches.join(', ')}`,
        ),
      );
    } else if (c.movable && c.uncovers !== null) {
      checks.push(
        fail(
          `${path} configures ${who}, and moving it aside would bring ${c.uncovers} into use, which configures ${who} too`,
          `mask the name instead: move ${at(c.path)} elsewhere, then ln -s /dev/null ${at(c.path)}`,
          'config',
        ),
      );
    } else if (c.movable && c.alsoMatches.length === 0) {
      moveAside.push(c);
      checks.push(
        ok(
          `${path} also configures ${who}: it will be moved aside into the backup${c.uncertain.length ? ` (it has ${c.uncertain.join(', ')} too)` : ''}`,
        ),
      );
    } else if (c.movable) {
      checks.push(
        fail(
          `${path} configures ${who} and also ${c.alsoMatches.join(', ')}, and sorts before bondify's files, so networkd would use it for ${who}`,
          `narrow its [Match] Name= so it no longer matches ${who}, or rename it to sort after 10-bondify-*, then run apply again`,
          'config',
        ),
      );
    } else if (c.wins) {
      checks.push(
        fail(
          `${path} configures ${who} and sorts before bondify's files, so networkd would use it`,
          `mask it: ln -s /dev/null ${at(`/etc/systemd/network/${name}`)}`,
          'config',
        ),
      );
    } else {
      checks.push(
        ok(
          `${path} ${c.uncertain.length ? `may match ${who} (${c.uncertain.join(', ')})` : `matches ${who}`} but sorts after bondify's files, so it is not used for them`,
        ),
      );
    }
  }
  for (const d of scan.ownDropins)
    checks.push(
      warn(
        `${d} is a drop-in for bondify's own file: networkd applies it on top of what bondify writes`,
        `remove it unless it is meant for bondify's file (bondify does not manage it): rm ${at(d)}`,
      ),
    );
  for (const s of scan.skipped)
    checks.push(
      warn(`${s.path} was not read: ${s.why}`, `check by hand that it does not configure ${m.slaves.map((x) => x.name).join(', ')}`),
    );
  return { checks, moveAside };
}

/** The first failed check decides the exit code family (not root → noperm/77). */
export const firstFailure = (p: Preflight): Check | undefined =>
  p.checks.find((c) => c.kind === 'noperm' && c.status === 'fail') ?? p.checks.find((c) => c.status === 'fail');

export function formatChecks(checks: Check[]): string {
  const mark = { ok: '✓', warn: '!', fail: '✗' } as const;
  return checks.map((c) => `  ${mark[c.status]} ${c.title}${c.fix && c.status !== 'ok' ? `\n      fix: ${c.fix}` : ''}\n`).join('');
}
