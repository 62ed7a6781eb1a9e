// Date#toISOString without the time zone: V8 loads the local zone (reading /etc/localtime) on the first
// toISOString of a process, even though the result is UTC: work the every-minute `bondify check`, whose cold start
// is budgeted against bare `node -e 0`, does not need. The getUTC* methods do not load it. Same text as toISOString for every valid date (test/unit/system/iso-time.test.ts); an invalid one throws
// RangeError, as toISOString does.
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function isoTime(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : `${y < 0 ? '-' : '+'}${pad(Math.abs(y), 6)}`;
  return (
    `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`
  );
}
