// The monotonic clock every wait, timeout and deadline uses. A Pi has no RTC: its wall clock starts wherever the
// last shutdown left it and NTP's first sync steps it by hours, so a deadline on Date.now() fires at once or an
// hour late. process.hrtime is CLOCK_MONOTONIC, the clock systemd's OnActiveSec= timers run on, counted from boot
// and the same in every process, so a value one process records another can compare (on the same boot only).
export const monotonicMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;
