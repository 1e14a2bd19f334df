/** FASTLY_TIMEOUT_MS: whole milliseconds from 1 to 600000, as a person writes them. */
import { requestTimeoutFromEnv } from '../../../bin/cli/request-timeout.js';

describe('requestTimeoutFromEnv', () => {
  it('is the client default when unset or empty', () => {
    expect([requestTimeoutFromEnv({}), requestTimeoutFromEnv({ FASTLY_TIMEOUT_MS: ' ' })]).toEqual([undefined, undefined]);
  });

  it.each([
    ['1', 1],
    ['300', 300],
    [' 15000 ', 15_000],
    ['600000', 600_000],
  ])('reads %j as %i ms', (raw, ms) => {
    expect(requestTimeoutFromEnv({ FASTLY_TIMEOUT_MS: raw })).toBe(ms);
  });

  // 99999999999 overflowed Node's timer into 1 ms; 1e3 and 0x10 parsed as numbers no one means.
  it.each(['0', '600001', '99999999999', '1e3', '0x10', '1.5', '-5', '+5', '10ms', 'Infinity'])('refuses %j, naming the range', (raw) => {
    expect(() => requestTimeoutFromEnv({ FASTLY_TIMEOUT_MS: raw })).toThrow(
      `FASTLY_TIMEOUT_MS must be a whole number of milliseconds from 1 to 600000, got "${raw}"`,
    );
  });
});
