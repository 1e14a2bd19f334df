import { REDACTED, createRedactor, redactSecret } from '../../../lambda/fastly/redact.js';

describe('redactSecret', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactSecret('a tok123 b tok123', 'tok123')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('replaces the percent-encoded form too', () => {
    expect(redactSecret('url?key=a%2Fb%2Bc', 'a/b+c')).toBe(`url?key=${REDACTED}`);
  });

  it('treats the secret literally, not as a pattern', () => {
    expect(redactSecret('x.*y and x.*y', 'x.*y')).toBe(`${REDACTED} and ${REDACTED}`);
    expect(redactSecret('xzy', 'x.y')).toBe('xzy');
  });

  it('leaves text alone when the secret is empty', () => {
    expect(redactSecret('nothing to hide', '')).toBe('nothing to hide');
  });

  it('createRedactor binds the secret', () => {
    expect(createRedactor('s3cr3t')('key s3cr3t')).toBe(`key ${REDACTED}`);
  });
});
