/** --fault specs: a route by method and path or by name, then the modes of a Fault. */
import { FaultSpecError, parseFaultSpec, parseFaultSpecs } from '../../../simulator/fault-spec.js';

describe('parseFaultSpec', () => {
  it.each([
    ['GET /current_customer=503', 'get_logged_in_customer', { status: 503 }],
    ['get /customer/{id}/users=403:jsonapi', 'list_users', { status: 403, errorStyle: 'jsonapi' }],
    ['GET /customer/abc123=404:problem', 'get_customer', { status: 404, errorStyle: 'problem' }],
    ['PUT /customer/{id}=latency:2000,500', 'update_customer', { latencyMs: 2000, status: 500 }],
    ['list_users=malformed-json,times:2', 'list_users', { malformedJson: true, times: 2 }],
    ['get_logged_in_customer=wrong-types', 'get_logged_in_customer', { wrongTypes: true }],
    ['list_users=wrong-shape', 'list_users', { wrongShape: true }],
    ['update_customer=reset', 'update_customer', { reset: true }],
    ['GET /current_customer=hang', 'get_logged_in_customer', { hang: true }],
    ['DELETE /customer/{id}=500', 'delete_customer', { status: 500 }],
    ['list_users=429,header:Fastly-RateLimit-Reset:1700000000', 'list_users', { status: 429, headers: { 'Fastly-RateLimit-Reset': '1700000000' } }],
    ['list_users=401,body:{"msg":"a, b = c"}', 'list_users', { status: 401, body: '{"msg":"a, b = c"}' }],
    ['list_users=body:<html>proxy</html>', 'list_users', { body: '<html>proxy</html>' }],
    ['GET /customer/{id}/tokens=403', 'list_customer_tokens', { status: 403 }],
    ['GET /automation-tokens=malformed-json', 'list_automation_tokens', { malformedJson: true }],
    ['GET /invitations=wrong-shape', 'list_invitations', { wrongShape: true }],
    ['GET /events=403:jsonapi', 'list_events', { status: 403, errorStyle: 'jsonapi' }],
    ['list_events=hang', 'list_events', { hang: true }],
    ['list_customer_tokens=reset', 'list_customer_tokens', { reset: true }],
  ])('%s', (spec, route, fault) => {
    expect(parseFaultSpec(spec)).toEqual({ route, fault });
  });

  it.each([
    ['GET /current_customer', 'expected <route>=<mode>'],
    ['GET /nope=503', '"GET /nope" is not a simulated route'],
    ['POST /customer/{id}=503', '"POST /customer/{id}" is not a simulated route'],
    ['POST /invitations=503', '"POST /invitations" is not a simulated route'],
    ['list_users=', 'no mode given'],
    ['list_users=999', '999 is not an HTTP status'],
    ['list_users=503:html', 'the error body shape "html" is not one of legacy, jsonapi, problem'],
    ['list_users=latency:soon', 'latency needs a whole number, got "soon"'],
    ['list_users=times:0', 'times needs a whole number above 0, got "0"'],
    ['list_users=explode', 'unknown mode "explode"'],
    ['list_users=header:X-Only', 'unknown mode "header:X-Only"'],
  ])('refuses %s, saying why', (spec, problem) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(`--fault ${JSON.stringify(spec)}: ${problem}`);
  });
});

describe('parseFaultSpecs', () => {
  it('merges the specs of one route, the later mode winning, and keeps routes apart', () => {
    const faults = parseFaultSpecs([
      'GET /current_customer=503,header:A:1',
      'list_users=hang',
      'get_logged_in_customer=latency:100,500,header:B:2',
    ]);

    expect(Object.fromEntries(faults)).toEqual({
      get_logged_in_customer: { status: 500, latencyMs: 100, headers: { A: '1', B: '2' } },
      list_users: { hang: true },
    });
  });
});
