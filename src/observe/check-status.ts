// The four results of a health check in the monitoring-plugin convention (Nagios): the number is both the
// process exit code `bondify check` ends with (src/cli/exit.ts) and the value of bondify_check_status in --prom.
export const CHECK_EXIT = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type CheckStatus = keyof typeof CHECK_EXIT;
