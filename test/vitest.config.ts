// Two projects: fast unit tests (fake host, temp dirs) and the lab (real kernel in a QEMU guest, slow, serial).
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'lab',
          root,
          include: ['test/lab/**/*.test.ts'],
          // Each lab file boots one guest under TCG; two at once on 2 cores only slows both.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
