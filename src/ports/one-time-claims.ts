/** Tokens claimed once per window across every process, so shared schedules (polls, digests, briefs) run once. */
export interface OneTimeClaims {
  /**
   * Claims a one-time token (e.g. one feed's next poll) for `ttlMs`; only the first caller, across every process
   * sharing this store, gets true. This is how several schedulers fetch each feed once per interval.
   */
  claimOnce(token: string, ttlMs: number, now: Date): Promise<boolean>;
}
