/**
 * Scripted changes: a person's change of the customer, with the customer.update event the audit
 * log keeps, through recordChange and, with `control`, POST /_simulator/change on loopback.
 */
import { CONTROL_CHANGE_PATH, demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { json, send, TOKEN } from '../../helpers/simulator-request.js';

let controlled: Simulator;
let plain: Simulator;

beforeAll(async () => {
  [controlled, plain] = await Promise.all([startSimulator({ token: TOKEN, control: true }), startSimulator({ token: TOKEN })]);
});

afterAll(async () => {
  await Promise.all([controlled.stop(), plain.stop()]);
});

describe('POST /_simulator/change', () => {
  it('changes the customer and records who did it in the audit log', async () => {
    const reply = await send(controlled, 'POST', CONTROL_CHANGE_PATH, { token: null, body: JSON.stringify({ customer: { force_2fa: true }, userId: 'TzdbKB1Ga8FPJsKbMnY0Lc', ip: '203.0.113.9' }) });

    expect(reply.status).toBe(200);
    expect(controlled.customer().force_2fa).toBe(true);
    const events = json(await send(controlled, 'GET', '/events?filter[event_type]=customer.update&sort=-created_at')) as { data: { id: string; attributes: Record<string, unknown> }[] };
    expect(events.data[0]).toEqual({
      id: (json(reply) as { id: string }).id,
      type: 'event',
      attributes: expect.objectContaining({ event_type: 'customer.update', user_id: 'TzdbKB1Ga8FPJsKbMnY0Lc', ip: '203.0.113.9', metadata: { old: { force_2fa: false }, new: { force_2fa: true } } }),
    });
  });

  it('refuses a change it cannot apply, saying why', async () => {
    const reply = await send(controlled, 'POST', CONTROL_CHANGE_PATH, { token: null, body: JSON.stringify({ customer: { force_2fa: 7 } }) });

    expect(reply.status).toBe(400);
    expect(json(reply)).toMatchObject({ detail: '"customer.force_2fa" must be a string, a boolean or null' });
  });

  it('does not exist without control', async () => {
    const reply = await send(plain, 'POST', CONTROL_CHANGE_PATH, { body: JSON.stringify({ customer: { force_2fa: true } }) });

    expect(reply.status).toBe(404);
    expect(plain.customer().force_2fa).toBe(demoSeed().customer.force_2fa);
  });
});
