/** Where the Fastly-Key may go: https anywhere, plain http only to this machine. */
import { BaseUrlError, baseUrlProblem, checkBaseUrl, isLoopbackHost } from '../../../lambda/fastly/base-url.js';
import { AuditorError } from '../../../lambda/errors.js';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.12.34.56', '[::1]', '::1', '[::ffff:127.0.0.1]', 'localhost', 'LOCALHOST', 'localhost.'])('%s is this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '10.0.0.1', '128.0.0.1', 'api.fastly.com', 'localhost.evil.example', '[::]', '[2001:db8::1]'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('baseUrlProblem', () => {
  it.each(['https://api.fastly.com', 'https://10.0.0.1:8443/', 'http://127.0.0.1:4000', 'http://[::1]:4000', 'http://localhost:4000/'])('accepts %s', (url) => {
    expect(baseUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://api.fastly.com', 'Fastly API base URL http://api.fastly.com is plain http to a host that is not this machine'],
    ['http://0.0.0.0:4000', 'is plain http to a host that is not this machine'],
    ['http://2130706433.evil.example', 'is plain http to a host that is not this machine'],
    ['ftp://api.example', 'Fastly API base URL must be http(s): ftp://api.example'],
    ['not a url', 'Fastly API base URL is not a valid URL: not a url'],
  ])('refuses %s', (url, message) => {
    expect(baseUrlProblem(url)).toContain(message);
  });
});

describe('checkBaseUrl', () => {
  it('drops trailing slashes', () => {
    expect(checkBaseUrl('https://api.fastly.com//')).toBe('https://api.fastly.com');
  });

  it('throws a BaseUrlError, a member of the error family with what to do', () => {
    const error = (() => {
      try {
        checkBaseUrl('http://api.fastly.com');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(BaseUrlError);
    expect(error).toBeInstanceOf(AuditorError);
    expect((error as BaseUrlError).action).toMatch(/^Use https:\/\//);
  });
});
