// One guest at a time on this host: a lock file holding the owner's pid; a dead owner's lock is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { LOCK_FILE } from './paths.mjs';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Wait (up to waitMs) for the lab lock; resolves with a release function. */
export async function acquireLabLock({ waitMs = 45 * 60_000, log = () => {} } = {}) {
  fs.mkdirSync(path.dirname(LOCK_FILE), { recursive: true });
  const start = Date.now();
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(LOCK_FILE, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        // Only remove the lock if it is still ours.
        if (fs.readFileSync(LOCK_FILE, 'utf8').trim() === String(process.pid)) fs.rmSync(LOCK_FILE, { force: true });
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const owner = Number.parseInt(fs.readFileSync(LOCK_FILE, 'utf8').trim(), 10);
    if (!Number.isInteger(owner) || owner === process.pid || !alive(owner)) {
      // Stale (owner gone or file half written): remove it and try again at once.
      fs.rmSync(LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() - start > waitMs) {
      throw new Error(`lab: another lab guest (pid ${owner}) still holds ${LOCK_FILE} after ${Math.round(waitMs / 1000)} s`);
    }
    if (!told) log(`waiting for the lab lock (held by pid ${owner})`);
    told = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
