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
    // Real links take their time (miimon, updelay, wifi): poll the kernel's own file, bounded. Shown is not yet
    // settled: a link failure count can still rise just after a slave comes up (networkd takes a link down to
    // enslave it), so the counts must also hold still for 3 s before the step's status and check read them.
    settle: (want) => {
      let last;
      let since = Date.now();
      return lab
        .waitFor(
          `the kernel to show ${JSON.stringify(want)}, its link failure counts still for 3 s`,
          () => {
            const text = lab.state.bonding('bond0');
            const counts = text === null ? null : [...text.matchAll(/^Link Failure Count: (\d+)/gm)].map((m) => m[1]).join();
            if (counts !== last) [last, since] = [counts, Date.now()];
            return shows(procView(text), want) && Date.now() - since >= 3000;
          },
          { timeoutMs: settleMs },
        )
        .then(
          () => true,
          () => false,
        );
    },
    files: async () => fingerprints('/'),
  };
}
