import { MIN_REDACTABLE_LENGTH, REDACTED, createOutputRedactor, createRedactor, redactSecret } from '../../../lambda/fastly/redact.js';

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

describe('every encoding a body can echo', () => {
  const TOKEN = "fst_A/b+c d~e!'(x)*=&é";

  it.each([
    ['form encoding (URLSearchParams: + for a space, ~ ! \' ( ) escaped)', new URLSearchParams({ key: TOKEN }).toString().slice('key='.length)],
    ['percent-encoding (encodeURIComponent)', encodeURIComponent(TOKEN)],
    ['lower-case percent-encoding', encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())],
    ['every character percent-encoded', [...Buffer.from(TOKEN, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')],
    ['JSON with escaped slashes and \\u escapes', JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, '\\/').replace(/é/g, '\\u00E9')],
    ['a mix of raw and encoded characters', 'fst_A%2fb%2Bc+d~e%21%27(x)*%3D&%C3%A9'],
  ])('%s', (_case, echoed) => {
    const body = `{"msg":"bad key ${echoed}"}`;
    expect(body).not.toContain(TOKEN);
    expect(redactSecret(body, TOKEN)).toBe(`{"msg":"bad key ${REDACTED}"}`);
  });

  it('redacts a token of the characters Fastly tokens use in each form', () => {
    const token = 'abcDEF123_-xyz';
    const redact = createRedactor(token);
    for (const echoed of [token, encodeURIComponent(token), new URLSearchParams({ k: token }).toString().slice(2)]) {
      expect(redact(`Fastly-Key: ${echoed}`)).toBe(`Fastly-Key: ${REDACTED}`);
    }
  });
});

describe('createOutputRedactor', () => {
  it('removes a token of Fastly length from the whole output', () => {
    const token = 'abcdefghijklmnopqrstuvwxyz012345';
    expect(createOutputRedactor(token)(`name: ${token}\n`)).toBe(`name: ${REDACTED}\n`);
  });

  it.each([
    ['no token (the demo)', undefined],
    ['a token too short to tell from ordinary text', 'x'.repeat(MIN_REDACTABLE_LENGTH - 1)],
  ])('leaves the output alone for %s', (_case, token) => {
    expect(createOutputRedactor(token)('xxxxxxx report')).toBe('xxxxxxx report');
  });

  it('removes a token of exactly the minimum length', () => {
    const token = 'y'.repeat(MIN_REDACTABLE_LENGTH);
    expect(createOutputRedactor(token)(`a ${token} b`)).toBe(`a ${REDACTED} b`);
  });
});
