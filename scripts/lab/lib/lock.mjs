// One guest at a time on this host, first come first served: each waiter holds a ticket (its pid inside the name)
// in .lab-cache/queue/; the oldest live ticket then takes the lock file. Dead owners' tickets and locks are removed.
import fs from 'node:fs';
import path from 'node:path';
import { LOCK_FILE } from './paths.mjs';

const QUEUE = path.join(path.dirname(LOCK_FILE), 'queue');

/** Whether a process lives (EPERM: it does, as another user's). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const pidOf = (ticket) => Number.parseInt(ticket.split('-')[1] ?? '', 10);

/** The oldest ticket whose owner lives (others are swept). */
function head() {
  const live = fs
    .readdirSync(QUEUE)
    .sort()
    .filter((t) => {
      if (alive(pidOf(t))) return true;
      fs.rmSync(path.join(QUEUE, t), { force: true });
      return false;
    });
  return live[0];
}

/** Take the lock file if free or stale; true when it is ours. */
function tryLockFile() {
  try {
    fs.writeFileSync(LOCK_FILE, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  const owner = Number.parseInt(fs.readFileSync(LOCK_FILE, 'utf8').trim(), 10);
  if (!Number.isInteger(owner) || owner === process.pid || !alive(owner)) fs.rmSync(LOCK_FILE, { force: true });
  return false;
}

/** Wait (up to waitMs) for the lab; resolves with a release function. */
export async function acquireLabLock({ waitMs = 45 * 60_000, log = () => {} } = {}) {
  fs.mkdirSync(QUEUE, { recursive: true });
  const ticket = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  fs.writeFileSync(path.join(QUEUE, ticket), '');
  const start = Date.now();
  let told = false;
  try {
    for (;;) {
      if (head() === ticket && tryLockFile()) break;
      if (Date.now() - start > waitMs)
        throw new Error(`lab: waited ${Math.round(waitMs / 1000)} s for the lab (another guest is running; see ${QUEUE})`);
      if (!told) log(`waiting for the lab (${fs.readdirSync(QUEUE).length - 1} run(s) ahead or running)`);
      told = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } catch (e) {
    fs.rmSync(path.join(QUEUE, ticket), { force: true });
    throw e;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Only remove the lock if it is still ours.
    if (fs.existsSync(LOCK_FILE) && fs.readFileSync(LOCK_FILE, 'utf8').trim() === String(process.pid))
      fs.rmSync(LOCK_FILE, { force: true });
    fs.rmSync(path.join(QUEUE, ticket), { force: true });
  };
}
