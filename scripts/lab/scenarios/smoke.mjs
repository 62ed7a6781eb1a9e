// The smallest scenario: the guest boots into the standard method and can make a bond.
export default async function smoke(lab) {
  await lab.run(['ip', '-br', 'addr']);
  await lab.run(['ip', 'link', 'add', 'btest', 'type', 'bond', 'mode', 'active-backup']);
  lab.record('bondingFile', lab.state.bonding('btest'));
  await lab.run(['systemctl', 'is-system-running']);
}
