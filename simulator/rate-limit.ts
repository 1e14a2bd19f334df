/** The hourly write budget behind Fastly-RateLimit-Remaining / Fastly-RateLimit-Reset. */

const HOUR_SECONDS = 3600;

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class WriteBudget {
  private remaining: number;
  private resetEpochSeconds = 0;

  constructor(private readonly budget: number) {
    this.remaining = budget;
  }

  /** Spends one write if any is left in the current window (which ends at the next full hour). */
  spend(nowMs: number): RateLimitDecision {
    const nowSeconds = Math.floor(nowMs / 1000);
    if (nowSeconds >= this.resetEpochSeconds) {
      this.remaining = this.budget;
      this.resetEpochSeconds = (Math.floor(nowSeconds / HOUR_SECONDS) + 1) * HOUR_SECONDS;
    }
    const allowed = this.remaining > 0;
    if (allowed) this.remaining -= 1;
    return {
      allowed,
      headers: {
        'Fastly-RateLimit-Remaining': String(this.remaining),
        'Fastly-RateLimit-Reset': String(this.resetEpochSeconds),
      },
    };
  }
}
