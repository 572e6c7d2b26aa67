/**
 * What the process exit code means. Scripts branch on these, so they are part of the CLI's contract
 * and documented in the help text and the README.
 */
export const EXIT_CODES = {
  /** Every selected account answered (an empty result included). */
  success: 0,
  /** Nothing could be listed: every selected account failed, or an unexpected error. */
  failure: 1,
  /** Some accounts answered and some failed: the instances that arrived are printed. */
  partialFailure: 2,
  /**
   * The command line or its configuration is wrong: an unknown flag or command, a bad value, an
   * unreadable or invalid accounts file, no account configured (sysexits' EX_USAGE).
   */
  usage: 64,
  /** Interrupted by Ctrl-C (128 + SIGINT), the shell's convention. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code of a listing, from how many of the selected accounts failed. */
export function exitCodeForListing(selectedAccounts: number, failedAccounts: number): ExitCode {
  if (failedAccounts === 0) return EXIT_CODES.success;
  return failedAccounts >= selectedAccounts ? EXIT_CODES.failure : EXIT_CODES.partialFailure;
}
