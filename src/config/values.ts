// zod schemas for single bondify.ini values: text in, typed value out, with a message and a fix when wrong.
import { z } from 'zod';
import { parseCidr, parseIp, type ParsedCidr, type ParsedIp } from './ip.js';

export const IFNAMSIZ = 16;
export const MAX_TIME_MS = 600_000;
/** The bonding driver keeps at most 16 ARP targets (BOND_MAX_ARP_TARGETS). */
export const MAX_ARP_TARGETS = 16;

type Ctx = z.RefinementCtx;

function issue(ctx: Ctx, message: string, fix: string): never {
  ctx.addIssue({ code: 'custom', message, params: { fix } });
  return z.NEVER as never;
}

/**
 * Why a name cannot be an interface name, or null: the kernel's dev_valid_name, systemd's ifname_valid_full (which
 * networkd applies to Name= and the netdev it creates) and what is safe in file names and argv.
 */
export function interfaceNameProblem(name: string): string | null {
  if (name === '') return 'is empty';
  // systemd reads an all-digit name as an interface index, and keeps "all" and "default" for the sysctl
  // directories /proc/sys/net/ipv{4,6}/conf/{all,default}: networkd would never create such a bond.
  if (/^\d+$/.test(name)) return 'is all digits, which systemd reads as an interface index and refuses as a name';
  if (name === 'all' || name === 'default')
    return `is "${name}", which systemd refuses (it names the sysctl directory /proc/sys/net/ipv4/conf/${name})`;
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > IFNAMSIZ - 1) return `is ${bytes} bytes long; Linux allows at most ${IFNAMSIZ - 1}`;
  if (name === '.' || name === '..') return `is "${name}", which the kernel refuses (and which is a path component)`;
  if (name.includes('/')) return "contains '/', which the kernel refuses and which would point outside /etc/systemd/network";
  if (/\s/.test(name)) return 'contains whitespace, which the kernel refuses';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name.includes(':')) return "contains ':', which the kernel refuses (it marks old-style aliases)";
  const bad = /[^A-Za-z0-9_.-]/u.exec(name);
  if (bad)
    return `contains ${showChar(bad[0])}: only letters, digits, '-', '_' and '.' are safe (networkd reads * ? [ in Name= as patterns)`;
  // bondify passes names to ip and networkctl as argv words: a leading '-' would be read as an option there.
  if (name.startsWith('-')) return "starts with '-', which ip and networkctl would read as an option";
  return null;
}

/** A character as a message can show it: look-alikes and invisible ones (U+200B, U+202E) by their code point. */
function showChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return cp >= 0x21 && cp <= 0x7e ? JSON.stringify(c) : `${JSON.stringify(c)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
}

export const interfaceName = z.string().transform((s, ctx) => {
  const p = interfaceNameProblem(s.trim());
  return p === null
    ? s.trim()
    : issue(ctx, `interface name ${JSON.stringify(s.trim())} ${p}`, 'use the name `ip link` shows, e.g. eth0 or wlan0');
});

function items(s: string, ctx: Ctx, what: string, example: string): string[] {
  if (s.trim() === '') return [];
  const parts = s.split(',').map((x) => x.trim());
  if (parts.some((x) => x === '')) issue(ctx, `empty item in the ${what} list`, `separate items with single commas, e.g. ${example}`);
  return parts;
}

export const interfaceList = z.string().transform((s, ctx) =>
  items(s, ctx, 'interface', 'eth0, wlan0').map((name) => {
    const p = interfaceNameProblem(name);
    return p === null
      ? name
      : issue(ctx, `interface name ${JSON.stringify(name)} ${p}`, 'list the names `ip link` shows, e.g. eth0, wlan0');
  }),
);

/** "100ms", "1s", or a bare integer meaning milliseconds (networkd would read a bare number as seconds). */
export const duration = z.string().transform((s, ctx) => {
  const m = /^(\d{1,9})\s*(ms|s)?$/.exec(s.trim());
  if (!m?.[1]) return issue(ctx, `${JSON.stringify(s)} is not a time`, 'write e.g. 100ms or 1s (a bare number means milliseconds)');
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  if (ms > MAX_TIME_MS)
    return issue(ctx, `${s} is longer than ${MAX_TIME_MS / 1000}s`, 'use a time of at most 600s; link monitors run every few hundred ms');
  return ms;
});

export const ipAddress = z.string().transform((s, ctx): ParsedIp => {
  const ip = parseIp(s.trim());
  return (
    ip ?? issue(ctx, `${JSON.stringify(s.trim())} is not an IP address`, 'write an IPv4 or IPv6 address without prefix, e.g. 192.168.1.1')
  );
});

export const optionalIp = z.string().transform((s, ctx): ParsedIp | null => {
  if (s.trim() === '') return null;
  const ip = parseIp(s.trim());
  return (
    ip ?? issue(ctx, `${JSON.stringify(s.trim())} is not an IP address`, 'write an IPv4 or IPv6 address without prefix, e.g. 192.168.1.1')
  );
});

export const ipList = z
  .string()
  .transform((s, ctx): ParsedIp[] =>
    items(s, ctx, 'address', '192.168.1.1, 8.8.8.8').map(
      (x) =>
        parseIp(x) ?? issue(ctx, `${JSON.stringify(x)} is not an IP address`, 'list addresses without prefix, e.g. 192.168.1.1, 8.8.8.8'),
    ),
  );

const CIDR_PROBLEM = {
  syntax: 'is not in CIDR form (address/prefix)',
  address: 'does not start with a valid IP address',
  prefix: 'has an invalid prefix length',
  network: 'is the network address of its subnet, not a host address (only /31 and /32 have none, RFC 3021)',
  broadcast: 'is the broadcast address of its subnet, not a host address (only /31 and /32 have none, RFC 3021)',
} as const;

export const cidrList = z.string().transform((s, ctx): ParsedCidr[] =>
  items(s, ctx, 'address', '192.168.1.252/24').map((x) => {
    if (/^(dhcp|auto|ra|slaac)$/i.test(x))
      return issue(
        ctx,
        `${JSON.stringify(x)} is not an address: address lists static addresses only`,
        'remove address and write ipv4 = dhcp for a DHCP lease (ipv6 = ra for IPv6 from router advertisements)',
      );
    const c = parseCidr(x);
    if (typeof c === 'string')
      return issue(
        ctx,
        `${JSON.stringify(x)} ${CIDR_PROBLEM[c]}`,
        'write address/prefix, e.g. 192.168.1.252/24 (IPv4 prefix 1-32, IPv6 1-128)',
      );
    if ('host' in c)
      return issue(ctx, `${JSON.stringify(x)} ${c.host}`, "give this device's own unicast address, e.g. 192.168.1.252/24 or fd00::252/64");
    return c;
  }),
);

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z.enum(values, {
        error: (iss) => ({
          message: `${JSON.stringify(iss.input)} is not one of ${values.join(', ')}`,
          params: { fix: `use one of: ${values.join(' | ')}` },
        }),
      }),
    );
}

/** A whole number from min to max (a count the kernel keeps in a byte or so); `why` says what it counts. */
export const count = (min: number, max: number, why: string) =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    if (!/^\d{1,3}$/.test(t) || Number(t) < min || Number(t) > max)
      return issue(ctx, `${JSON.stringify(t)} is not a count from ${min} to ${max}`, `use a whole number ${min}-${max} (${why})`);
    return Number(t);
  });

export const wirelessSetting = z.string().transform((s, ctx): 'auto' | boolean => {
  const t = s.trim().toLowerCase();
  if (t === 'auto') return 'auto';
  if (t === 'yes' || t === 'true') return true;
  if (t === 'no' || t === 'false') return false;
  return issue(ctx, `${JSON.stringify(s.trim())} is not auto, yes or no`, 'use wireless = auto (detect from /sys), yes or no');
});

export const powerSave = oneOf(['off', 'on', 'keep']);

/** How a family gets its addresses (see Ipv4Mode/Ipv6Mode in model/bond.ts). */
export const ipv4Mode = oneOf(['static', 'dhcp', 'off']);
export const ipv6Mode = oneOf(['static', 'ra', 'off']);
/** How the bond's dynamic addresses survive a failover (DhcpIdentity in model/bond.ts). */
export const dhcpIdentity = oneOf(['stable', 'ethernet-mac', 'networkd']);

/**
 * The DHCPv4 IAID (RFC 4361), part of the client identifier networkd sends (DUID + IAID): a 32-bit number, written
 * in decimal as networkd's IAID= reads it; 0x… accepted (networkd's lease file and journal show it in hex).
 */
export const dhcpIaid = z.string().transform((s, ctx) => {
  const t = s.trim().toLowerCase();
  const n = /^\d{1,10}$/.test(t) ? Number(t) : /^0x[0-9a-f]{1,8}$/.test(t) ? parseInt(t.slice(2), 16) : NaN;
  if (!Number.isInteger(n) || n > 0xffffffff)
    return issue(
      ctx,
      `${JSON.stringify(s.trim())} is not a 32-bit IAID`,
      "use a whole number 0-4294967295 (or 0x and up to 8 hex digits), e.g. the one `bondify init` read from the ethernet's lease",
    );
  return n;
});

/**
 * A permanent MAC as `ip link` and `ethtool -P` print it (six pairs of hex digits, colons), lower-cased. It must be
 * one a network card can own: not all zeros (what ethtool shows for a link without one), not multicast or
 * broadcast (the low bit of the first byte).
 */
export const macAddress = z.string().transform((s, ctx) => {
  const t = s.trim().toLowerCase();
  const fix = 'write the permanent MAC as `ethtool -P <if>` prints it, e.g. mac = dc:a6:32:12:34:56';
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(t)) return issue(ctx, `${JSON.stringify(s.trim())} is not a MAC address`, fix);
  if (t === '00:00:00:00:00:00')
    return issue(
      ctx,
      `${t} is what a link without a permanent MAC shows, not an address`,
      'remove mac: this link has no permanent MAC, so its files match it by name',
    );
  if (parseInt(t.slice(0, 2), 16) & 1)
    return issue(ctx, `${t} is a ${t === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : 'multicast'} address, which no network card owns`, fix);
  return t;
});
