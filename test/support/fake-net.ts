// A fake Host for apply's unit tests: a temp root, a temp kernelRoot, and an exec that logs every argv and
// plays a tiny networkd + kernel: on reload/reconfigure it reads the .network/.netdev files under the root and
// sets links, the bond, addresses and routes the way networkd would, then answers ip/ping/systemctl from that.
// Scenarios steer it (gateway down, a failing command, networkd's version). The real thing is proven in the lab.
import fs from 'node:fs';
import path from 'node:path';
import type { ExecResult, Host } from '../../src/system/host.js';
import { tempRoot } from './fixtures.js';
import { globMatches, kernelSpelling, readUnit, setting, wordsOf } from './fake-unit-file.js';
import { monotonicMs } from '../../src/system/clock.js';

interface Bond {
  mode: string;
  failOverMac: string;
  primary: string | null;
  slaves: string[];
  /** Every file of /sys/class/net/bond0/bonding/ that holds a setting, as the kernel prints it ("active 1"). */
  sysfs: Record<string, string>;
}

const first = (text: string | undefined) => text?.split(' ')[0] ?? '';

/** render writes every time as `<n>ms`; the kernel's default when the key is not written. */
const msOf = (v: string | undefined, dflt: number) => (v === undefined ? dflt : Number(v.replace(/ms$/, '')));

// The fake's own knowledge of the kernel, written from bonding.rst and not from bondify's settings table (so a wrong
// row cannot hide behind it): each [Bond] key of systemd.netdev(5) → the sysfs file that shows it, as the kernel
// prints it, with the kernel's default when the key is not written. Words carry their index, as sysfs prints them.
const word = (v: string | undefined, values: string[]) => `${v ?? values[0]} ${values.indexOf(v ?? values[0] ?? '')}`;
const KERNEL_FILES: Array<[key: string, file: string, show: (v: string | undefined, arp: boolean) => string]> = [
  // Under ARP monitoring the kernel switches the MII monitor off.
  ['MIIMonitorSec', 'miimon', (v, arp) => String(msOf(v, arp ? 0 : 100))],
  ['UpDelaySec', 'updelay', (v) => String(msOf(v, 0))],
  ['DownDelaySec', 'downdelay', (v) => String(msOf(v, 0))],
  ['PrimaryReselectPolicy', 'primary_reselect', (v) => word(v, ['always', 'better', 'failure'])],
  ['GratuitousARP', 'num_grat_arp', (v) => v ?? '1'],
  ['ARPIntervalSec', 'arp_interval', (v) => String(msOf(v, 0))],
  ['ARPIPTargets', 'arp_ip_target', (v) => v ?? ''],
  ['ARPValidate', 'arp_validate', (v) => word(v, ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'])],
  ['ARPAllTargets', 'arp_all_targets', (v) => word(v, ['any', 'all'])],
  ['ARPMissedMax', 'arp_missed_max', (v) => v ?? '2'],
  ['ResendIGMP', 'resend_igmp', (v) => v ?? '1'],
];

/** The settings files the kernel shows for a bond whose .netdev gives `value(key)` (undefined: not written). */
export function kernelFiles(value: (key: string) => string | undefined = () => undefined): Record<string, string> {
  const arp = msOf(value('ARPIntervalSec'), 0) > 0;
  return Object.fromEntries(KERNEL_FILES.map(([key, file, show]) => [file, show(value(key), arp)]));
}

export class FakeNet {
  root = tempRoot();
  kernelRoot = tempRoot();
  calls: string[][] = [];
  links = new Set(['lo', 'eth0', 'wlan0']);
  bond: Bond | null = null;
  addrs = new Map<string, string[]>();
  routes: Array<{ gateway: string; dev: string }> = [];
  version = 252;
  /** Whether the gateway answers a ping through a link. */
  gatewayAnswers: (dev: string) => boolean = () => true;
  /** argv prefix (joined by spaces) → a forced failure. */
  failures = new Map<string, { exitCode: number; stderr: string }>();
  rivals: string[] = [];
  timerActive = false;
  /** Slaves of a deleted bond and the file that bound them: like networkd 252, reload does not re-enslave them. */
  staleBinding = new Map<string, string>();
  /** Makes the kernel create the bond in this mode whatever the .netdev says (e.g. a module option won). */
  bondModeOverride: string | null = null;
  /** Settings the kernel shows whatever the .netdev says (a value changed behind networkd's back), by sysfs file:
   * `{ updelay: '0' }`. /proc shows the same values. */
  bondSettingsOverride: Record<string, string> = {};
  live = true;
  /** Links whose cable is pulled (carrier down), and each slave's link failure count as the bonding driver keeps it. */
  noCarrier = new Set<string>();
  linkFailures = new Map<string, number>();
  /** Each wifi link's power save as iw reports it; mac80211 starts a link with it on. */
  powerSave = new Map<string, 'on' | 'off'>([['wlan0', 'on']]);
  /** The router: the address a DHCP=ipv4|yes link is leased (null: no DHCP server answers), the address SLAAC gives
   * a link with IPv6AcceptRA=yes (null: no router advertisement). Both show as `dynamic` in `ip -j addr`. */
  dhcpLease: string | null = null;
  raAddress: string | null = null;
  dynamic = new Set<string>();
  /** The drill: the slave made active by hand (`ip link set dev bond0 type bond active_slave X`), until a carrier
   * change reselects; the guard timer (armed, its argv); whether the gateway answers through a slave when it is
   * active; wifi links that are associated (iw dev X link); and the silence after a switch, in ms. */
  activeByHand: string | null = null;
  guard: { armed: boolean; argv: string[] | null } = { armed: false, argv: null };
  carries: (slave: string) => boolean = () => true;
  associated = new Set(['wlan0']);
  switchSilenceMs = 40;
  private switchedAt = 0;

  constructor() {
    fs.mkdirSync(path.join(this.kernelRoot, 'sys/module/bonding'), { recursive: true });
    this.sync();
  }

  /** Pulls or puts back a link's cable: the bond fails over to (or back from) the other slave, as miimon sees it. */
  setCarrier(link: string, up: boolean): void {
    if (!up && !this.noCarrier.has(link) && this.bond?.slaves.includes(link))
      this.linkFailures.set(link, (this.linkFailures.get(link) ?? 0) + 1);
    if (up) this.noCarrier.delete(link);
    else this.noCarrier.add(link);
    this.activeByHand = null;
    this.sync();
  }

  host(): Host {
    return {
      root: this.root,
      kernelRoot: this.kernelRoot,
      live: this.live,
      env: {},
      now: () => new Date(),
      monotonicMs,
      isRoot: () => true,
      exec: async (argv) => this.exec(argv),
    };
  }

  /** Commands run, as strings, without the read-only probes (ip -j, ping, systemctl is-*). */
  actions(): string[] {
    return this.calls
      .map((a) => a.join(' '))
      .filter((c) => !/^(ip -j|ping|systemctl (is-|list-units)|networkctl --version|modinfo|iw dev \S+ get )/.test(c));
  }

  private ok = (stdout = '') => ({ exitCode: 0, stdout, stderr: '' });

  exec(argv: readonly string[]): ExecResult {
    this.calls.push([...argv]);
    const cmd = argv.join(' ');
    for (const [prefix, f] of this.failures) if (cmd.startsWith(prefix)) return { ...f, stdout: '', argv };
    return { ...this.answer(argv, cmd), argv };
  }

  private answer(a: readonly string[], cmd: string): Omit<ExecResult, 'argv'> {
    if (cmd === 'networkctl --version') return this.ok(`systemd ${this.version} (${this.version}.1-1)\n+PAM\n`);
    if (cmd === 'systemctl is-active systemd-networkd.service') return this.ok('active\n');
    if (cmd.startsWith('systemctl is-enabled wpa_supplicant@')) return this.ok('enabled\n');
    if (cmd.startsWith('systemctl list-units')) return this.ok(this.rivals.map((r) => `${r} loaded active running x\n`).join(''));
    if (cmd === 'modinfo -n bonding') return this.ok('/lib/modules/x/bonding.ko\n');
    if (cmd === 'systemctl is-active bondify-revert.timer')
      return { exitCode: this.timerActive ? 0 : 3, stdout: this.timerActive ? 'active\n' : 'inactive\n', stderr: '' };
    if (cmd === 'systemctl stop bondify-revert.timer') return ((this.timerActive = false), this.ok());
    if (cmd === 'systemctl stop bondify-drill-guard.timer') return ((this.guard.armed = false), this.ok());
    if (a[0] === 'systemd-run' && a.includes('--unit=bondify-drill-guard'))
      return (
        (this.guard = { armed: true, argv: a.slice(a.indexOf('--') + 1) }),
        this.ok('Running timer as unit: bondify-drill-guard.timer\n')
      );
    if (cmd.startsWith('ip link set dev bond0 type bond active_slave ')) {
      const slave = a.at(-1) ?? '';
      if (!this.bond?.slaves.includes(slave) || this.noCarrier.has(slave))
        return { exitCode: 2, stdout: '', stderr: `Error: ${slave} is not a slave that is up.\n` };
      this.activeByHand = slave;
      this.switchedAt = Date.now();
      return (this.sync(), this.ok());
    }
    if (cmd === 'ip -4 route show default dev bond0')
      return this.ok(
        this.routes
          .filter((r) => r.dev === 'bond0')
          .map((r) => `default via ${r.gateway} proto static\n`)
          .join(''),
      );
    if (a[0] === 'iw' && a[1] === 'dev' && a[3] === 'link') {
      const dev = a[2] ?? '';
      if (!this.powerSave.has(dev)) return { exitCode: 237, stdout: '', stderr: 'command failed: No such device (-19)\n' };
      return this.ok(
        this.associated.has(dev)
          ? `Connected to 02:00:00:00:01:00 (on ${dev})\n\tSSID: lab\n\tsignal: -31 dBm\n\ttx bitrate: 54.0 MBit/s\n`
          : 'Not connected.\n',
      );
    }
    if (cmd.startsWith('systemctl reset-failed')) return this.ok();
    if (a[0] === 'logger') return this.ok();
    if (a[0] === 'systemd-run') return ((this.timerActive = true), this.ok('Running timer as unit: bondify-revert.timer\n'));
    if (cmd === 'networkctl reload' || a.slice(0, 2).join(' ') === 'networkctl reconfigure') return (this.reconcile(), this.ok());
    if (cmd === 'systemctl restart systemd-networkd.service') return (this.staleBinding.clear(), this.reconcile(), this.ok());
    if (a[0] === 'ip' && a[1] === 'link' && a[2] === 'delete') {
      if (this.bond === null || a[3] !== 'bond0') return { exitCode: 1, stdout: '', stderr: `Cannot find device "${a[3]}"\n` };
      for (const s of this.bond.slaves) this.staleBinding.set(s, this.fileText(s));
      this.bond = null;
      this.links.delete('bond0');
      this.addrs.delete('bond0');
      this.routes = this.routes.filter((r) => r.dev !== 'bond0');
      return (this.sync(), this.ok());
    }
    if (a[0] === 'ip' && a[1] === 'link' && a[2] === 'set' && a[3] === 'dev' && a[5] === 'nomaster') {
      const dev = a[4] ?? '';
      if (!this.links.has(dev)) return { exitCode: 1, stdout: '', stderr: `Cannot find device "${dev}"\n` };
      if (this.bond) this.bond.slaves = this.bond.slaves.filter((s) => s !== dev);
      if (this.bond?.primary === dev) this.bond.primary = null;
      return (this.sync(), this.ok());
    }
    if (cmd.startsWith('ip -j addr show dev ')) {
      const dev = a[5] ?? '';
      if (!this.links.has(dev)) return { exitCode: 1, stdout: '', stderr: `Device "${dev}" does not exist.\n` };
      // The kernel prints each address in one canonical spelling, whatever the file said.
      const info = (this.addrs.get(dev) ?? []).map((c) => ({
        family: c.includes(':') ? 'inet6' : 'inet',
        local: kernelSpelling(c.split('/')[0] ?? ''),
        prefixlen: Number(c.split('/')[1]),
        scope: 'global',
        ...(this.dynamic.has(`${dev} ${c}`) ? { dynamic: true } : {}),
      }));
      return this.ok(JSON.stringify([{ ifname: dev, addr_info: info }]));
    }
    if (cmd === 'ip -j route show default' || cmd === 'ip -j -6 route show default') {
      const v6 = cmd.includes('-6');
      return this.ok(
        JSON.stringify(
          this.routes.filter((r) => r.gateway.includes(':') === v6).map((r) => ({ dst: 'default', gateway: r.gateway, dev: r.dev })),
        ),
      );
    }
    if (cmd.startsWith('ip -j neigh show dev ')) {
      // The gateway's entry as the kernel keeps it after a ping: REACHABLE when the gateway answers on that link.
      const [dev, target] = [a[5] ?? '', a[7] ?? ''];
      if (!this.links.has(dev)) return { exitCode: 1, stdout: '', stderr: `Cannot find device "${dev}"\n` };
      const answers = !this.noCarrier.has(dev) && target === '192.168.1.1' && this.gatewayAnswers(dev);
      return this.ok(
        JSON.stringify([
          { dst: target, dev, ...(answers ? { lladdr: '02:00:00:00:01:00' } : {}), state: [answers ? 'REACHABLE' : 'FAILED'] },
        ]),
      );
    }
    if (a[0] === 'iw' && a[1] === 'dev' && a[4] === 'power_save') {
      // nl80211 knows only wifi links that are there: anything else is "No such device", as iw prints it.
      const dev = a[2] ?? '';
      if (!this.links.has(dev) || !this.powerSave.has(dev))
        return { exitCode: 237, stdout: '', stderr: 'command failed: No such device (-19)\n' };
      if (a[3] === 'get') return this.ok(`Power save: ${this.powerSave.get(dev)}\n`);
      if (a[3] === 'set' && (a[5] === 'on' || a[5] === 'off')) return (this.powerSave.set(dev, a[5]), this.ok());
    }
    if (a[0] === 'ping' && a.includes('-D')) return this.timedPing(a);
    if (a[0] === 'ping') {
      const dev = a[a.indexOf('-I') + 1] ?? '';
      // Only the LAN's real router answers; a config naming another gateway never gets a reply.
      const carried = dev === 'bond0' ? (this.bond?.slaves ?? []).some((s) => !this.noCarrier.has(s)) : !this.noCarrier.has(dev);
      const up =
        carried &&
        (this.addrs.get(dev) ?? []).length > 0 &&
        ['192.168.1.1', 'fe80::1'].includes(a.at(-1) ?? '') &&
        this.gatewayAnswers(dev);
      return up ? this.ok('1 received\n') : { exitCode: 1, stdout: '0 received\n', stderr: '' };
    }
    return { exitCode: 127, stdout: '', stderr: `fake host: unknown command ${cmd}\n` };
  }

  /** The drill's `ping -D -i 0.01 [-c N] -w S`: replies every 10 ms through the active slave when it carries, the
   * first one `switchSilenceMs` after the last switch. */
  private timedPing(a: readonly string[]): Omit<ExecResult, 'argv'> {
    const count = a.includes('-c') ? Number(a[a.indexOf('-c') + 1]) : Infinity;
    const deadlineMs = Number(a[a.indexOf('-w') + 1]) * 1000;
    const active = this.activeSlave();
    const answers = active !== null && this.carries(active) && (this.addrs.get('bond0') ?? []).length > 0;
    const start = Math.max(Date.now(), this.switchedAt + this.switchSilenceMs);
    const lines: string[] = [];
    let sent = 0;
    for (let t = 0; t < deadlineMs && lines.length < count; t += 10) {
      sent++;
      if (answers && Date.now() + t >= start)
        lines.push(`[${((Date.now() + t) / 1000).toFixed(6)}] 64 bytes from ${a.at(-1)}: icmp_seq=${sent} ttl=64 time=0.5 ms`);
    }
    const summary = `${sent} packets transmitted, ${lines.length} received\n`;
    return { exitCode: lines.length > 0 ? 0 : 1, stdout: [...lines, '', summary].join('\n'), stderr: '' };
  }

  /** The active slave as the kernel would say: one chosen by hand while it has carrier, else the primary first. */
  activeSlave(): string | null {
    const b = this.bond;
    if (b === null) return null;
    const carried = b.slaves.filter((s) => !this.noCarrier.has(s));
    if (this.activeByHand !== null && carried.includes(this.activeByHand)) return this.activeByHand;
    return b.primary && carried.includes(b.primary) ? b.primary : (carried[0] ?? null);
  }

  /** The text of the first .network file matching a link (what binds it), '' when none. */
  private fileText(link: string): string {
    const dir = path.join(this.root, 'etc/systemd/network');
    if (!fs.existsSync(dir)) return '';
    const name = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.network'))
      .sort()
      .find((n) => wordsOf(readUnit(fs.readFileSync(path.join(dir, n), 'utf8')), 'Match', 'Name').some((g) => globMatches(g, link)));
    return name ? fs.readFileSync(path.join(dir, name), 'utf8') : '';
  }

  private files(ext: string) {
    const dir = path.join(this.root, 'etc/systemd/network');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(ext))
      .sort()
      .map((n) => readUnit(fs.readFileSync(path.join(dir, n), 'utf8')));
  }

  /** What networkd would make of the files: the first matching .network per link wins (lexical order). */
  reconcile(): void {
    for (const nd of this.files('.netdev')) {
      if (setting(nd, 'NetDev', 'Kind')[0] !== 'bond') continue;
      const value = (key: string) =>
        key === 'ARPIPTargets' ? wordsOf(nd, 'Bond', key).join(' ') || undefined : setting(nd, 'Bond', key)[0];
      if (this.bond !== null) {
        // networkd 257+ re-applies a changed .netdev's settings to the existing link (not its mode or
        // fail_over_mac); an older one keeps the bond as it is.
        if (this.version >= 257) this.bond.sysfs = { ...kernelFiles(value), ...this.bondSettingsOverride };
        continue;
      }
      this.bond = {
        mode: this.bondModeOverride ?? setting(nd, 'Bond', 'Mode')[0] ?? 'balance-rr',
        failOverMac: setting(nd, 'Bond', 'FailOverMACPolicy')[0] ?? 'none',
        primary: null,
        slaves: [],
        sysfs: { ...kernelFiles(value), ...this.bondSettingsOverride },
      };
      this.links.add('bond0');
    }
    const nets = this.files('.network');
    this.routes = [];
    for (const link of [...this.links].filter((l) => l !== 'lo')) {
      const n = nets.find((u) => wordsOf(u, 'Match', 'Name').some((g) => globMatches(g, link)));
      const bondOf = n ? setting(n, 'Network', 'Bond')[0] : undefined;
      if (bondOf !== undefined && this.bond !== null && this.staleBinding.get(link) === this.fileText(link)) {
        this.addrs.set(link, []); // networkd 252: still bound to the deleted bond, stays "configuring"
        continue;
      }
      if (bondOf !== undefined && this.bond !== null) {
        if (!this.bond.slaves.includes(link)) this.bond.slaves.push(link);
        if (setting(n!, 'Network', 'PrimarySlave')[0] === 'yes') this.bond.primary = link;
        this.addrs.set(link, []);
        continue;
      }
      // Like networkd (the lab's apply-core): a link whose file no longer names the bond stays enslaved until
      // `ip link set dev X nomaster` or the bond's deletion.
      if (this.bond?.slaves.includes(link)) continue;
      const got = n ? setting(n, 'Network', 'Address') : [];
      const dhcp = n ? setting(n, 'Network', 'DHCP')[0] : undefined;
      const given = [
        ...(this.dhcpLease !== null && (dhcp === 'ipv4' || dhcp === 'yes') ? [this.dhcpLease] : []),
        ...(this.raAddress !== null && n && setting(n, 'Network', 'IPv6AcceptRA')[0] === 'yes' ? [this.raAddress] : []),
      ];
      for (const c of given) this.dynamic.add(`${link} ${c}`);
      this.addrs.set(link, [...got, ...given]);
      const gw = n ? setting(n, 'Network', 'Gateway')[0] : undefined;
      if (gw) this.routes.push({ gateway: gw, dev: link });
    }
    this.sync();
  }

  /** Writes the kernel's view (sysfs dirs, /proc/net/bonding) for the code under test to read. */
  sync(): void {
    fs.rmSync(path.join(this.kernelRoot, 'sys/class/net'), { recursive: true, force: true });
    fs.rmSync(path.join(this.kernelRoot, 'proc/net'), { recursive: true, force: true });
    for (const l of this.links) {
      fs.mkdirSync(path.join(this.kernelRoot, 'sys/class/net', l), { recursive: true });
      fs.writeFileSync(path.join(this.kernelRoot, 'sys/class/net', l, 'operstate'), this.noCarrier.has(l) ? 'down\n' : 'up\n');
      fs.writeFileSync(path.join(this.kernelRoot, 'sys/class/net', l, 'carrier'), this.noCarrier.has(l) ? '0\n' : '1\n');
      if (this.powerSave.has(l)) fs.mkdirSync(path.join(this.kernelRoot, 'sys/class/net', l, 'wireless'));
    }
    const b = this.bond;
    if (b === null) return;
    fs.mkdirSync(path.join(this.kernelRoot, 'sys/class/net/bond0/bonding'), { recursive: true });
    fs.writeFileSync(path.join(this.kernelRoot, 'sys/class/net/bond0/bonding/mode'), `${b.mode} ${b.mode === 'active-backup' ? 1 : 0}\n`);
    fs.writeFileSync(path.join(this.kernelRoot, 'sys/class/net/bond0/bonding/fail_over_mac'), `${b.failOverMac} 1\n`);
    for (const [file, text] of Object.entries(b.sysfs))
      fs.writeFileSync(path.join(this.kernelRoot, 'sys/class/net/bond0/bonding', file), `${text}\n`);
    for (const s of b.slaves) fs.writeFileSync(path.join(this.kernelRoot, 'sys/class/net', s, 'master'), 'bond0');
    const long =
      b.mode === 'active-backup'
        ? `fault-tolerance (active-backup)${b.failOverMac !== 'none' ? ` (fail_over_mac ${b.failOverMac})` : ''}`
        : 'load balancing (round-robin)';
    // primary_reselect always: the primary whenever it has carrier, else the first slave that has.
    const carried = b.slaves.filter((s) => !this.noCarrier.has(s));
    const active = this.activeSlave() ?? 'None';
    const bonding = path.join(this.kernelRoot, 'sys/class/net/bond0/bonding');
    fs.writeFileSync(path.join(bonding, 'primary'), `${b.primary ?? ''}\n`);
    fs.writeFileSync(path.join(bonding, 'active_slave'), `${active === 'None' ? '' : active}\n`);
    fs.writeFileSync(path.join(bonding, 'slaves'), `${b.slaves.join(' ')}\n`);
    const text = [
      'Ethernet Channel Bonding Driver: v6.1.0-18-amd64',
      '',
      `Bonding Mode: ${long}`,
      ...(b.mode === 'active-backup'
        ? [
            `Primary Slave: ${b.primary ?? 'None'}${b.primary ? ` (primary_reselect ${first(b.sysfs.primary_reselect)})` : ''}`,
            `Currently Active Slave: ${active}`,
          ]
        : []),
      `MII Status: ${carried.length > 0 ? 'up' : 'down'}`,
      `MII Polling Interval (ms): ${b.sysfs.miimon}`,
      `Up Delay (ms): ${b.sysfs.updelay}`,
      `Down Delay (ms): ${b.sysfs.downdelay}`,
      'Peer Notification Delay (ms): 0',
      // Printed only while ARP monitoring runs.
      ...(b.sysfs.arp_interval !== '0'
        ? [
            `ARP Polling Interval (ms): ${b.sysfs.arp_interval}`,
            `ARP Missed Max: ${b.sysfs.arp_missed_max}`,
            `ARP IP target/s (n.n.n.n form): ${(b.sysfs.arp_ip_target ?? '').split(' ').join(',')}`,
          ]
        : []),
      '',
      ...b.slaves.flatMap((s, i) => [
        `Slave Interface: ${s}`,
        `MII Status: ${this.noCarrier.has(s) ? 'down' : 'up'}`,
        // A wifi radio tells the bonding driver no speed or duplex.
        ...(s.startsWith('wl') ? ['Speed: Unknown', 'Duplex: Unknown'] : ['Speed: 10000 Mbps', 'Duplex: full']),
        `Link Failure Count: ${this.linkFailures.get(s) ?? 0}`,
        `Permanent HW addr: 52:54:00:00:00:0${i}`,
        'Slave queue ID: 0',
        '',
      ]),
    ].join('\n');
    fs.mkdirSync(path.join(this.kernelRoot, 'proc/net/bonding'), { recursive: true });
    fs.writeFileSync(path.join(this.kernelRoot, 'proc/net/bonding/bond0'), text);
  }
}
