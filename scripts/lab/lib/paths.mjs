// Where the lab keeps things: the checkout, the git-ignored cache, and the files shipped into the guest.
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
export const LAB_DIR = path.join(REPO, 'scripts', 'lab');
// BONDIFY_LAB_CACHE lets a user keep the ~400 MB kernel cache outside the checkout.
export const CACHE = process.env.BONDIFY_LAB_CACHE ?? path.join(REPO, '.lab-cache');
export const KERNEL_CACHE = path.join(CACHE, 'kernel');
// Host-wide, not per checkout: two clones (a CI run beside a working tree) must not run two guests at once.
const LOCK_DIR = process.env.BONDIFY_LAB_LOCK_DIR ?? (fs.existsSync('/run/lock') ? '/run/lock/bondify-lab' : path.join(CACHE, 'lock'));
export const LOCK_FILE = path.join(LOCK_DIR, 'lab.lock');
export const INIT_SCRIPT = path.join(LAB_DIR, 'initramfs', 'init');
