import { formatFieldPath, parseResponseBody } from '../../../lambda/fastly/response.js';
import { CustomerSchema, UserListSchema } from '../../../lambda/fastly/schemas.js';

describe('formatFieldPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatFieldPath(['force_2fa'])).toBe('force_2fa');
    expect(formatFieldPath([3, 'two_factor_auth_enabled'])).toBe('[3].two_factor_auth_enabled');
    expect(formatFieldPath([0, 'roles', 1])).toBe('[0].roles[1]');
    expect(formatFieldPath([])).toBe('');
  });
});

describe('parseResponseBody', () => {
  it('returns validated data, keeping unknown keys and nulls', () => {
    const parsed = parseResponseBody('{"id":"c1","force_2fa":null,"brand_new":7}', CustomerSchema);
    expect(parsed).toEqual({ ok: true, data: { id: 'c1', force_2fa: null, brand_new: 7 } });
  });

  it('says when the body is not JSON', () => {
    expect(parseResponseBody('{"id":"c1",', CustomerSchema)).toEqual({ ok: false, reason: 'response is not JSON' });
    expect(parseResponseBody('', CustomerSchema)).toEqual({ ok: false, reason: 'response is not JSON' });
  });

  it('names the field of a wrong type', () => {
    const parsed = parseResponseBody('[{"id":"u1"},{"id":"u2","two_factor_auth_enabled":"no"}]', UserListSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.field).toBe('[1].two_factor_auth_enabled');
    expect(parsed.reason).toMatch(/^field \[1\]\.two_factor_auth_enabled: .*boolean/);
  });

  it('counts further problems', () => {
    const parsed = parseResponseBody('{"force_2fa":"yes","force_sso":"no","has_pci":1}', CustomerSchema);
    expect(parsed).toMatchObject({ ok: false, field: 'force_2fa', reason: expect.stringMatching(/and 2 more problems\)$/) });
  });

  it('reports a wrong shape at the root without a field', () => {
    const parsed = parseResponseBody('{"data":[]}', UserListSchema);
    expect(parsed).toEqual({ ok: false, reason: expect.stringMatching(/^response body: .*array/) });
    expect('field' in parsed).toBe(false);
  });
});
