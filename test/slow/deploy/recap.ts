// ansible-playbook's PLAY RECAP read back into numbers: the offline role tests and the lab's run from the LAN.

export interface Stats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

/** Each host's counts from the PLAY RECAP (ansible-core's own callbacks have no JSON one). */
export function recap(out: string): Record<string, Stats> {
  const at = out.lastIndexOf('PLAY RECAP');
  const stats: Record<string, Stats> = {};
  if (at < 0) return stats;
  for (const m of out.slice(at).matchAll(/^(\S+)\s+: ((?:\w+=\d+\s*)+)$/gm)) {
    stats[m[1] as string] = Object.fromEntries(
      [...(m[2] as string).matchAll(/(\w+)=(\d+)/g)].map((x) => [x[1], Number(x[2])]),
    ) as unknown as Stats;
  }
  return stats;
}
