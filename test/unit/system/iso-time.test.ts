import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoTime } from '../../../src/system/iso-time.js';

describe('isoTime', () => {
  it('is Date#toISOString for every valid date, extended years and the epoch included', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const d = new Date(ms);
        expect(isoTime(d)).toBe(d.toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const ms of [0, -1, 253402300799999, 253402300800000, -62167219200000, -62167219200001, 8.64e15, -8.64e15])
      expect(isoTime(new Date(ms))).toBe(new Date(ms).toISOString());
  });

  it('throws RangeError for an invalid date, as toISOString does', () => {
    expect(() => isoTime(new Date(NaN))).toThrow(RangeError);
  });
});
