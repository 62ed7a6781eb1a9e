// The Ansible role from a controller on the LAN (guest/ansible-lan.mjs) on a boot of its own, for working on the
// role: `npm run lab -- ansible-lan`. The lab tests run it at the end of apply-confirm's boot (test/lab/apply.lab.ts).
import { ansibleFromLan } from '../guest/ansible-lan.mjs';

export default async function ansibleLan(lab) {
  await ansibleFromLan(lab);
  return 0;
}
