// `bondify status` for people: the mode, the active slave highlighted, the primary marked, one row per slave.
import { usesPrimary } from './modes.js';
import type { Paint } from './paint.js';
import type { BondState, SlaveState } from './types.js';
import { forTerminal } from '../terminal-text.js';
import { monitorOf, monitorText } from './monitor.js';

// Every string here comes from the kernel (or a copied file): names are escaped before they are measured or shown.
const show = (v: string | number | null, unit = ''): string => (v === null ? '?' : forTerminal(`${v}${unit}`));

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

function slaveRow(s: SlaveState, b: BondState): string[] {
  const marks = [s.name === b.activeSlave ? 'active' : '', s.name === b.primary ? 'primary' : ''].filter(Boolean).join(', ');
  return [
    `${s.name === b.activeSlave ? '▶' : ' '} ${forTerminal(s.name)}`,
    show(s.miiStatus),
    s.speedMbps === null ? '?' : `${s.speedMbps} Mbps`,
    show(s.duplex),
    show(s.linkFailures),
    show(s.permHwAddr),
    marks,
  ];
}

export function formatStatus(b: BondState, p: Paint): string {
  const settings = [
    b.failOverMac && `fail_over_mac ${b.failOverMac}`,
    b.miimonMs !== null && `miimon ${b.miimonMs} ms`,
    b.updelayMs !== null && `updelay ${b.updelayMs} ms`,
    b.downdelayMs !== null && `downdelay ${b.downdelayMs} ms`,
  ].filter(Boolean);
  const mii = b.miiStatus === 'up' ? p.green('up') : p.red(show(b.miiStatus));
  const lines = [
    `${p.bold(forTerminal(b.bond))}  ${b.mode}  MII ${mii}`,
    `  ${settings.join(', ')}`,
    `  monitor: ${forTerminal(monitorText(b))}`,
  ];
  // Only active-backup, balance-tlb and balance-alb have a primary and one active slave.
  if (usesPrimary(b.mode) || b.activeSlave !== null) {
    lines.push(
      `  primary ${b.primary ? p.bold(forTerminal(b.primary)) : 'none'}${b.primaryReselect ? ` (reselect ${b.primaryReselect})` : ''}` +
        `, active ${b.activeSlave ? p.green(p.bold(forTerminal(b.activeSlave))) : p.red('none')}`,
    );
  }
  lines.push('');
  if (b.slaves.length === 0) return [...lines, '  no slaves', ''].join('\n');
  // Under ARP monitoring the kernel's per-slave link state is the ARP monitor's verdict, not the carrier.
  const head = ['  SLAVE', monitorOf(b) === 'arp' ? 'ARP' : 'MII', 'SPEED', 'DUPLEX', 'FAILURES', 'PERMANENT MAC', ''];
  const rows = b.slaves.map((s) => slaveRow(s, b));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  lines.push(p.dim(pad(head, widths)));
  b.slaves.forEach((s, i) => {
    const text = pad(rows[i] ?? [], widths);
    // Colour after padding: escape codes must not count towards the column widths.
    lines.push(s.miiStatus !== 'up' ? p.red(text) : s.name === b.activeSlave ? p.green(p.bold(text)) : text);
  });
  for (const n of b.notes) lines.push(p.yellow(`  note: ${forTerminal(n)}`));
  return lines.join('\n') + '\n';
}
