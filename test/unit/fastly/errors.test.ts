import { inspect } from 'node:util';
import { AuditorError } from '../../../lambda/errors.js';
import { adviceForStatus } from '../../../lambda/fastly/advice.js';
import { FastlyApiError, createFastlyApiError, parseErrorBody, statusLine } from '../../../lambda/fastly/errors.js';
import { createRedactor } from '../../../lambda/fastly/redact.js';

describe('parseErrorBody', () => {
  it('reads the legacy {msg, detail} shape', () => {
    expect(parseErrorBody('{"msg":"Record not found","detail":"Cannot find customer \'x\'"}')).toEqual({
      fastlyMessage: 'Record not found',
      detail: "Cannot find customer 'x'",
    });
    expect(parseErrorBody('{"msg":"Provided credentials are missing or invalid"}')).toEqual({
      fastlyMessage: 'Provided credentials are missing or invalid',
    });
  });

  it('reads JSON:API errors, joining several and falling back from title to code', () => {
    const body = JSON.stringify({
      errors: [
        { title: 'Bad request', detail: 'force_2fa must be a boolean', code: '400' },
        { code: 'invalid_field', detail: 'name is too long' },
      ],
    });
    expect(parseErrorBody(body)).toEqual({
      fastlyMessage: 'Bad request; invalid_field',
      detail: 'force_2fa must be a boolean; name is too long',
    });
  });

  it('reads problem+json {title, detail}', () => {
    const body = JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'IP not allowed' });
    expect(parseErrorBody(body)).toEqual({ fastlyMessage: 'Forbidden', detail: 'IP not allowed' });
  });

  it.each([
    ['plain text', 'upstream connect error'],
    ['HTML', '<html><body>502 Bad Gateway</body></html>'],
    ['empty', ''],
    ['a JSON array', '[1,2]'],
    ['JSON without known keys', '{"error":true}'],
    ['blank strings', '{"msg":"  ","detail":""}'],
  ])('yields nothing for %s, so the caller uses the status line', (_label, body) => {
    expect(parseErrorBody(body)).toEqual({});
  });

  it('clips very long messages', () => {
    const parsed = parseErrorBody(JSON.stringify({ msg: 'x'.repeat(2000) }));
    expect(parsed.fastlyMessage).toHaveLength(503);
    expect(parsed.fastlyMessage?.endsWith('...')).toBe(true);
  });
});

describe('statusLine', () => {
  it('uses the reason phrase the server sent, or the standard one', () => {
    expect(statusLine(503, 'Backend Down')).toBe('503 Backend Down');
    expect(statusLine(404, '')).toBe('404 Not Found');
    expect(statusLine(599)).toBe('599 Unknown Status');
  });
});

describe('FastlyApiError', () => {
  const error = new FastlyApiError({
    message: 'Fastly API get_customer failed: HTTP 404 Not Found: Record not found',
    operation: 'get_customer',
    kind: 'http',
    status: 404,
    fastlyMessage: 'Record not found',
    attempts: 1,
  });

  it('is an Error with its own name and fields', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FastlyApiError');
    expect(String(error)).toBe('FastlyApiError: Fastly API get_customer failed: HTTP 404 Not Found: Record not found');
    expect(error.stack?.startsWith('FastlyApiError: Fastly API get_customer failed')).toBe(true);
  });

  it('serializes only its own fields, leaving out the missing ones', () => {
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'FastlyApiError',
      message: 'Fastly API get_customer failed: HTTP 404 Not Found: Record not found',
      operation: 'get_customer',
      kind: 'http',
      status: 404,
      fastlyMessage: 'Record not found',
      attempts: 1,
      action: 'Fastly does not know this account or path: check the API URL and that the token belongs to the account.',
    });
  });

  it('has no cause', () => {
    expect('cause' in error).toBe(false);
  });

  it('is a member of the error family: the operation is the call, the action the advice for the status', () => {
    expect(error).toBeInstanceOf(AuditorError);
    expect(error.operation).toBe('get_customer');
    expect(error.status).toBe(404);
    expect(error.action).toBe(adviceForStatus(404));
  });

  it('gives the reason without the "Fastly API <operation> failed: " lead', () => {
    expect(error.reason).toBe('HTTP 404 Not Found: Record not found');
    const refused = new FastlyApiError({
      message: 'Fastly API update_customer refused before sending: customer id is empty',
      operation: 'update_customer',
      kind: 'invalid-request',
      attempts: 0,
    });
    expect(refused.reason).toBe(refused.message);
  });
});

describe('createFastlyApiError', () => {
  it('redacts the token from every string it carries', () => {
    const token = 'SENTINEL-TOKEN-7f3a9c';
    const error = createFastlyApiError(
      {
        message: `failed with key ${token}`,
        operation: 'list_users',
        kind: 'invalid-response',
        fastlyMessage: `bad key ${token}`,
        detail: `echo: Fastly-Key: ${token}`,
        field: `[0].${token}`,
        attempts: 1,
      },
      createRedactor(token),
    );
    const rendered = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 10 }), String(error)].join('\n');
    expect(rendered).not.toContain(token);
    expect(error.fastlyMessage).toBe('bad key [REDACTED]');
    expect(error.detail).toBe('echo: Fastly-Key: [REDACTED]');
    expect(error.field).toBe('[0].[REDACTED]');
  });
});
