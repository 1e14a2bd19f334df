/** What the audit command audits: the demo only when asked, or with neither a token nor an API URL. */
import { chooseTarget } from '../../../bin/cli/target.js';

describe('chooseTarget', () => {
  it('runs the demo with neither a token nor an API URL (empty values count as unset)', () => {
    expect(chooseTarget({}, {})).toEqual({ kind: 'demo', why: 'no Fastly API token (FASTLY_API_TOKEN is not set)' });
    expect(chooseTarget({}, { FASTLY_API_TOKEN: ' ', FASTLY_API_URL: '' }).kind).toBe('demo');
  });

  it('runs the demo with --demo, whatever token the environment holds', () => {
    expect(chooseTarget({ demo: true }, { FASTLY_API_TOKEN: 'token', FASTLY_API_URL: 'https://api.fastly.com' })).toEqual({
      kind: 'demo',
      why: 'no Fastly API token used (--demo)',
    });
  });

  it.each([
    [{ apiUrl: 'https://api.fastly.com' }, {}, '--api-url is set'],
    [{}, { FASTLY_API_URL: 'https://api.fastly.com' }, 'FASTLY_API_URL is set'],
  ])('refuses an API URL without a token (%j %j)', (options, env, where) => {
    expect(() => chooseTarget(options, env)).toThrow(`no Fastly API token: set FASTLY_API_TOKEN or --token-secret (${where}`);
  });

  it('refuses --demo with --api-url or --token-secret', () => {
    expect(() => chooseTarget({ demo: true, apiUrl: 'https://x.example', tokenSecret: 's' }, {})).toThrow('leave out --api-url and --token-secret');
  });

  it('audits the API with the environment token or the secret, the flag before the environment', () => {
    expect(chooseTarget({ apiUrl: 'https://fastly.example/' }, { FASTLY_API_TOKEN: ' tok ', FASTLY_API_URL: 'https://other.example' })).toEqual({
      kind: 'api',
      baseUrl: 'https://fastly.example',
      token: { from: 'environment', value: 'tok' },
    });
    expect(chooseTarget({ tokenSecret: 'fastly/token' }, {})).toEqual({
      kind: 'api',
      baseUrl: 'https://api.fastly.com',
      token: { from: 'secret', secretId: 'fastly/token' },
    });
  });

  it('refuses an environment token that cannot be sent, naming the variable and not the token', () => {
    const token = 'abc\u00e9-not-a-header-value';
    expect(() => chooseTarget({}, { FASTLY_API_TOKEN: token })).toThrow('FASTLY_API_TOKEN: the Fastly API token contains spaces, control or non-ASCII characters');
    expect(() => chooseTarget({}, { FASTLY_API_TOKEN: token })).not.toThrow(token);
  });

  it('leaves the environment token unchecked when --token-secret names the token', () => {
    expect(chooseTarget({ tokenSecret: 'fastly/token' }, { FASTLY_API_TOKEN: 'line\nbreak' }).kind).toBe('api');
  });

  it('refuses plain http to another machine before anything starts', () => {
    expect(() => chooseTarget({ apiUrl: 'http://api.fastly.com' }, { FASTLY_API_TOKEN: 'tok' })).toThrow('is plain http to a host that is not this machine');
  });
});
