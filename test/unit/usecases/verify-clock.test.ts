// apply's verify waits on the monotonic clock: a wall clock stepped by NTP (a Pi has no RTC) neither ends nor
// stretches the wait for a DHCP lease or an RA address.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryUntil } from '../../../src/usecases/verify.js';

afterEach(() => vi.restoreAllMocks());

describe('retryUntil', () => {
  it('keeps waiting when the wall clock jumps a day ahead during the wait', async () => {
    let wall = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (wall += 86_400_000));
    let looks = 0;
    const r = await retryUntil(async () => (++looks < 4 ? ['bond0.address: desired a lease, current none'] : []), 5_000, 10);
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(4);
    expect(r.elapsedMs).toBeLessThan(5_000);
  });
  it('still ends at its bound when the wall clock goes back', async () => {
    let wall = 1_000_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (wall -= 86_400_000));
    const r = await retryUntil(async () => ['no lease'], 200, 20);
    expect(r.ok).toBe(false);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(150);
    expect(r.elapsedMs).toBeLessThan(2_000);
  });
});
