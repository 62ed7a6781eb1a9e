// The Ansible role from a controller on the LAN (guest/ansible-lan.mjs) on a boot of its own: `npm run lab --
// ansible-lan`. Not yet part of the lab tests (test/lab/pending/ansible-lan.ts says why and how to wire it).
import { ansibleFromLan } from '../guest/ansible-lan.mjs';

export default async function ansibleLan(lab) {
  await ansibleFromLan(lab);
  return 0;
}
