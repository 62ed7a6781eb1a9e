// The contract's driver in a lab guest (guest-side, given the lab API of scripts/lab/guest/lab.mjs): bondify from the
// checkout's dist/, faults from the router's side, files on the guest's own root, settling polled from /proc.
import { fingerprints, shows } from './bond-contract.mjs';

/** Active slave and each slave's MII from /proc/net/bonding/bond0, the shape `shows` reads; null without the bond. */
function procView(text) {
  if (text === null) return null;
  const slaves = [...text.matchAll(/^Slave Interface: (\S+)\nMII Status: (\S+)/gm)].map((m) => ({ name: m[1], miiStatus: m[2] }));
  return { activeSlave: /^Currently Active Slave: (\S+)/m.exec(text)?.[1] ?? null, slaves };
}

export function labDriver(lab, { settleMs = 30_000 } = {}) {
  return {
    async bondify(args) {
      const r = await lab.bondify(args);
      return { code: r.code, stdout: r.stdout, out: r.all };
    },
    fault: (name) => lab.fault[name](),
    // Real links take their time (miimon, updelay, wifi): poll the kernel's own file, bounded.
    settle: (want) =>
      lab
        .waitFor(`the kernel to show ${JSON.stringify(want)}`, () => shows(procView(lab.state.bonding('bond0')), want), {
          timeoutMs: settleMs,
        })
        .then(
          () => true,
          () => false,
        ),
    files: async () => fingerprints('/'),
  };
}
