/**
 * FASTLY_TIMEOUT_MS: how long the command line waits for each Fastly API response before it
 * gives up on that attempt (default: the client's 10,000 ms). For slow links, and for tests that
 * make the API hang. Only plain digits from 1 to 600000: Node turns a timer above 2^31-1 ms into
 * 1 ms, and "1e3" or "0x10" are not numbers a person writes for milliseconds.
 */
export const MAX_REQUEST_TIMEOUT_MS = 600_000;

export function requestTimeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FASTLY_TIMEOUT_MS?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= MAX_REQUEST_TIMEOUT_MS)) {
    throw new Error(`FASTLY_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}, got "${raw}"`);
  }
  return value;
}
