/** The bench's network lower bound counts requests sent side by side as one round trip. */
import { sequentialRoundTrips } from '../../../scripts/bench/round-trips.js';

it('counts one round trip per group of requests sent together', () => {
  // customer; users, tokens, automation tokens and invitations together; page 2; five event types together.
  const arrivals = [0, 41, 42, 42, 43, 82, 123, 123, 124, 124, 125];
  expect(sequentialRoundTrips(arrivals, 40)).toBe(4);
});

it('orders arrivals first, and a lone request is one round trip', () => {
  expect(sequentialRoundTrips([90, 0, 45], 40)).toBe(3);
  expect(sequentialRoundTrips([5], 40)).toBe(1);
  expect(sequentialRoundTrips([], 40)).toBe(0);
});

it('jitter below half the delay stays in the same round trip', () => {
  expect(sequentialRoundTrips([0, 19, 40, 59], 40)).toBe(2);
});
