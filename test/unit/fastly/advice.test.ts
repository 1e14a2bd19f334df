import { adviceFor, adviceForStatus } from '../../../lambda/fastly/advice.js';

describe('adviceForStatus', () => {
  it.each([
    [401, /token is missing, invalid or expired: create a new token/],
    [403, /global:read scope.*IP allowlist/],
    [404, /check the API URL and that the token belongs to the account/],
    [429, /rate limit reached: wait for the limit to reset/],
    [500, /usually temporary; the next run retries/],
    [503, /fastlystatus\.com/],
    [400, /^Check the Fastly API and run again\.$/],
    [undefined, /^Check the Fastly API and run again\.$/],
  ])('HTTP %s: %s', (status, advice) => {
    expect(adviceForStatus(status)).toMatch(advice);
  });
});

describe('adviceFor', () => {
  it('gives the status advice for an HTTP failure', () => {
    expect(adviceFor({ kind: 'http', status: 403 })).toBe(adviceForStatus(403));
  });

  it.each([
    ['timeout', /did not answer in time/],
    ['network', /could not be reached: check the API URL and network egress/],
    ['invalid-request', /bug in the auditor, please report it/],
  ] as const)('a %s failure: %s', (kind, advice) => {
    expect(adviceFor({ kind })).toMatch(advice);
  });

  it('names the field an invalid response got wrong, when known', () => {
    expect(adviceFor({ kind: 'invalid-response', field: '[0].two_factor_auth_enabled' })).toBe(
      'Fastly answered with data the auditor cannot trust (field [0].two_factor_auth_enabled): nothing was judged on it. Run again; report it if it persists.',
    );
    expect(adviceFor({ kind: 'invalid-response' })).toMatch(/^Fastly answered with data the auditor cannot trust: nothing was judged/);
  });
});
