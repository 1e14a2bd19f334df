/**
 * FASTLY_TIMEOUT_MS: how long the command line waits for each Fastly API response before it
 * gives up on that attempt (default: the client's 10,000 ms). For slow links, and for tests that
 * make the API hang.
 */
export function requestTimeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FASTLY_TIMEOUT_MS?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`FASTLY_TIMEOUT_MS must be a whole number of milliseconds above 0, got "${raw}"`);
  }
  return value;
}
