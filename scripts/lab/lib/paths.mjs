// Where the lab keeps things: the checkout, the git-ignored cache, and the files shipped into the guest.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
export const LAB_DIR = path.join(REPO, 'scripts', 'lab');
// BONDIFY_LAB_CACHE lets a user keep the ~400 MB kernel cache outside the checkout.
export const CACHE = process.env.BONDIFY_LAB_CACHE ?? path.join(REPO, '.lab-cache');
export const KERNEL_CACHE = path.join(CACHE, 'kernel');
export const LOCK_FILE = path.join(CACHE, 'lab.lock');
export const INIT_SCRIPT = path.join(LAB_DIR, 'initramfs', 'init');
