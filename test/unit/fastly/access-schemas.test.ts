/**
 * The token, invitation and event schemas against go-fastly's recorded responses: what the API
 * really sends parses, nulls and unknown fields are tolerated, a secret field is dropped, a wrong
 * type or a broken envelope is refused with the field named.
 */
import {
  ApiTokenListSchema,
  AutomationTokenPageSchema,
  EventPageSchema,
  flattenResource,
  InvitationPageSchema,
} from '../../../lambda/fastly/access-schemas.js';
import { parseResponseBody } from '../../../lambda/fastly/response.js';
import { invitationResource, recordedBody } from '../../helpers/access-fixtures.js';

describe('recorded responses parse', () => {
  it('GET /customer/{id}/tokens: four tokens, a browser session among them, nulls kept', () => {
    const parsed = parseResponseBody(recordedBody('customer-tokens.json'), ApiTokenListSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.map((token) => token.name)).toEqual([
      'TempTokenForGoFastlyTests',
      'manage.fastly.com browser session',
      'read-only-reporting',
      'curl-scripts',
    ]);
    expect(parsed.data[2]).toMatchObject({ last_used_at: null, ip: null, user_agent: null, scopes: ['global:read'], expires_at: '2021-04-14T10:20:53Z' });
    expect(parsed.data[1]).toMatchObject({ expires_at: null, sudo_expires_at: '2021-01-14T11:25:52Z', services: [], service_id: null });
  });

  it('GET /automation-tokens: scopes as a string, services null, and access_token never kept', () => {
    const parsed = parseResponseBody(recordedBody('automation-tokens.json'), AutomationTokenPageSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.meta).toEqual({ per_page: 100, current_page: 1, record_count: 2, total_pages: 1 });
    expect(parsed.data.data.map((token) => [token.name, token.scopes, token.services, token.role])).toEqual([
      ['fastly-exporter', 'global:read', [], 'engineer'],
      ['my-test-token', 'global', null, 'engineer'],
    ]);
    for (const token of parsed.data.data) expect('access_token' in token).toBe(false);
  });

  it('GET /events: a JSON:API page with links.next and a repeated ip list', () => {
    const parsed = parseResponseBody(recordedBody('events.json'), EventPageSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.links?.next).toBe('https://api.fastly.com/events?page[number]=2&page[size]=1');
    expect(parsed.data.meta?.record_count).toBe(197261);
    const [event] = parsed.data.data.map(flattenResource);
    expect(event).toMatchObject({
      id: '5ThmATeNYLVLXcHYTpb4G1',
      event_type: 'logging.update',
      ip: '192.0.2.48, 192.0.2.48',
      admin: false,
      metadata: { old: { name: 'test-elasticsearch' }, new: { name: 'new-test-elasticsearch' } },
    });
  });
});

describe('tolerance', () => {
  it('a token with only an id, unknown fields and nulls everywhere parses; unknown fields are not kept', () => {
    const parsed = parseResponseBody('[{"id":"t1","name":null,"scopes":null,"brand_new":{"x":1},"access_token":"secret-value"}]', ApiTokenListSchema);
    expect(parsed).toEqual({ ok: true, data: [{ id: 't1', name: null, scopes: null }] });
  });

  it('an invitation and an event keep unknown attributes, and an attribute cannot replace the id', () => {
    const page = { data: [{ ...invitationResource('i-1'), attributes: { email: 'a@example.com', id: 'spoofed', team: 'x' } }], links: null };
    const parsed = parseResponseBody(JSON.stringify(page), InvitationPageSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.data.map(flattenResource)).toEqual([{ id: 'i-1', email: 'a@example.com', team: 'x' }]);
  });

  it('events without metadata, links or meta parse', () => {
    const parsed = parseResponseBody('{"data":[{"id":"e1","type":"event","attributes":{"event_type":"user.login"}}]}', EventPageSchema);
    expect(parsed.ok).toBe(true);
  });
});

describe('refusals name the field', () => {
  it.each([
    ['a token whose expires_at is a number', '[{"id":"t1","expires_at":1610623573}]', ApiTokenListSchema, '[0].expires_at'],
    ['an event whose created_at is a number', '{"data":[{"id":"e1","attributes":{"created_at":1}}]}', EventPageSchema, 'data[0].attributes.created_at'],
    ['an invitation without attributes', '{"data":[{"id":"i1","type":"invitation"}]}', InvitationPageSchema, 'data[0].attributes'],
    ['a links.next that is not a string', '{"data":[],"links":{"next":7}}', EventPageSchema, 'links.next'],
    ['a page count that is negative', '{"data":[],"meta":{"total_pages":-1}}', AutomationTokenPageSchema, 'meta.total_pages'],
  ] as const)('%s', (_name, body, schema, field) => {
    expect(parseResponseBody(body, schema)).toMatchObject({ ok: false, field });
  });

  it.each([
    ['a token list that is an object', '{"data":[]}', ApiTokenListSchema],
    ['a page without data', '{"meta":{"total_pages":1}}', EventPageSchema],
    ['a page that is a bare array', '[]', InvitationPageSchema],
  ] as const)('%s: the envelope is checked', (_name, body, schema) => {
    expect(parseResponseBody(body, schema).ok).toBe(false);
  });
});
