// The role's live change (tasks/apply-live.yml) as a control flow, with systemd-run, systemctl, journalctl and
// bondify replaced by argv-logging stubs on PATH (connection=local; nothing on this machine is touched): it
// confirms only once bondify has armed its revert timer, and when bondify keeps the old network (the confirm came
// too late, or apply gave up) the host fails with bondify's own account. The real network is proven in the lab.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_TIMEOUT_MS, needDebianPackages } from './debian.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TASKS = path.join(REPO, 'deploy/ansible/roles/bondify/tasks/apply-live.yml');

beforeAll(() => needDebianPackages(), INSTALL_TIMEOUT_MS);

// The stubs keep the units' states in files; BEHAVIOUR says what bondify does: arm its timer on the third poll and
// take the confirm (ok), arm it but refuse the confirm as too late (late), or give up before arming (verify-fails).
const STUBS: Record<string, string> = {
  'systemd-run': `echo "systemd-run $*" >> "$S/calls"; echo active > "$S/apply"; echo 0 > "$S/polls"`,
  systemctl: `echo "systemctl $*" >> "$S/calls"
[ "$1" = is-active ] || exit 0
shift; n=$(($(cat "$S/polls") + 1)); echo $n > "$S/polls"
if [ $n -ge 3 ] && [ "$(cat "$S/apply")" = active ]; then
  case "$(cat "$S/behaviour")" in verify-fails) echo failed > "$S/apply";; *) echo active > "$S/timer";; esac
fi
rc=0
for u in "$@"; do
  case "$u" in bondify-revert.timer) f="$S/timer";; *) f="$S/apply";; esac
  st=$(cat "$f" 2>/dev/null || echo inactive); echo "$st"; [ "$st" = active ] || rc=3
done
exit $rc`,
  journalctl: `echo "journalctl $*" >> "$S/calls"; cat "$S/journal"`,
  bondify: `echo "bondify $*" >> "$S/calls"
[ "$1" = confirm ] || exit 64
echo inactive > "$S/timer"
if [ "$(cat "$S/behaviour")" = late ]; then
  echo failed > "$S/apply"; echo "bondify: too late: the deadline passed; the change is being reverted" >&2; exit 75
fi
echo inactive > "$S/apply"; echo "confirmed: keeping the configuration"`,
};

async function liveChange(behaviour: 'ok' | 'late' | 'verify-fails') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bondify-live-'));
  const bin = path.join(dir, 'bin');
  const state = path.join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  for (const [name, body] of Object.entries(STUBS)) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\nS=${JSON.stringify(state)}\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  writeFileSync(path.join(state, 'behaviour'), behaviour);
  writeFileSync(path.join(state, 'calls'), '');
  writeFileSync(
    path.join(state, 'journal'),
    'bondify: bond0 did not become healthy within 5 s\n  ✗ gateway 192.168.1.1 does not answer through bond0\nreverted: backup restored\n',
  );
  const playbook = path.join(dir, 'play.yml');
  writeFileSync(
    playbook,
    JSON.stringify([
      {
        name: 'Live change',
        hosts: 'device',
        gather_facts: false,
        tasks: [
          {
            name: 'Change',
            'ansible.builtin.include_tasks': TASKS,
            vars: {
              bondify_command: [path.join(bin, 'bondify')],
              bondify_confirm_seconds: 20,
              bondify_verify_timeout: 5,
              bondify_apply_wait: 20,
              bondify_reconnect_timeout: 5,
              bondify_ssh_retries: 0,
              // An existing config the run left as it was: neither restore task may write /etc on this machine.
              bondify_ini: { changed: false },
            },
          },
        ],
      },
    ]),
  );
  writeFileSync(
    path.join(dir, 'inventory.json'),
    JSON.stringify({ all: { hosts: { device: { ansible_connection: 'local', ansible_python_interpreter: '/usr/bin/python3' } } } }),
  );
  const r = await execa('ansible-playbook', ['-i', path.join(dir, 'inventory.json'), playbook], {
    reject: false,
    all: true,
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      ANSIBLE_HOME: path.join(dir, 'home'),
      ANSIBLE_LOCAL_TEMP: path.join(dir, 'tmp'),
      ANSIBLE_NOCOLOR: '1',
    },
  });
  return { exitCode: r.exitCode, out: r.all, calls: readFileSync(path.join(state, 'calls'), 'utf8').trim().split('\n') };
}

describe('the live change (apply --confirm, a new connection, confirm)', () => {
  it('starts apply detached, waits for the revert timer, then confirms; no failure, no journal read', async () => {
    const r = await liveChange('ok');
    expect(r.exitCode).toBe(0);
    expect(r.calls[0]).toBe('systemctl reset-failed bondify-ansible-apply.service');
    expect(r.calls[1]).toMatch(
      /^systemd-run --unit=bondify-ansible-apply --description=bondify apply from Ansible --setenv=NO_COLOR=1 -- \S+\/bondify apply --yes --confirm 20 --timeout 5 --config \/etc\/bondify\/bondify.ini$/,
    );
    const confirm = r.calls.findIndex((c) => c.endsWith('/bondify confirm') || c === 'bondify confirm');
    const armed = r.calls.findIndex((c, i) => i >= 4 && c.startsWith('systemctl is-active bondify-revert.timer'));
    expect(confirm).toBeGreaterThan(armed);
    expect(armed).toBeGreaterThan(0);
    expect(r.calls.some((c) => c.startsWith('journalctl'))).toBe(false);
  }, 180_000);

  it("a confirm that comes too late: the host fails with bondify's journal", async () => {
    const r = await liveChange('late');
    expect(r.exitCode).toBe(2);
    expect(r.calls).toContain('bondify confirm');
    expect(r.calls.find((c) => c.startsWith('journalctl'))).toMatch(
      /^journalctl --no-pager -o cat --since @\d{10} -u bondify-ansible-apply.service -u bondify-revert.service$/,
    );
    expect(r.out).toContain('bondify did not keep the change on device');
    expect(r.out).toContain('gateway 192.168.1.1 does not answer through bond0');
  }, 180_000);

  it("apply gives up before arming its timer: no confirm, the host fails with bondify's journal", async () => {
    const r = await liveChange('verify-fails');
    expect(r.exitCode).toBe(2);
    expect(r.calls.some((c) => c.includes('bondify confirm'))).toBe(false);
    expect(r.out).toContain('bondify did not keep the change on device (bondify apply ended failed)');
    expect(r.out).toContain('reverted: backup restored');
  }, 180_000);
});
