/** Exit codes, decided in one place (cli/main.ts) and documented in the README. */
export const ExitCode = {
  /** Ran fine, nothing to report (or only warnings/info). */
  OK: 0,
  /** Ran fine, found problems: lint errors, incompatible changes, failed registrations, stale output. */
  PROBLEMS: 1,
  /** Usage error, unreadable input or internal error. */
  ERROR: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
