import { isAddressAllowed, isAllowlistActive } from '../../../simulator/allowlist.js';
import { demoSeed, startSimulator } from '../../../simulator/index.js';
import { json, putForm, send, TOKEN } from '../../helpers/simulator-request.js';

const customerId = String(demoSeed().customer.id);

describe('isAllowlistActive', () => {
  it.each([null, undefined, '', '  ', '0.0.0.0/0'])('%p means no restriction', (value) => {
    expect(isAllowlistActive(value)).toBe(false);
  });

  it('a real list is a restriction', () => {
    expect(isAllowlistActive('203.0.113.0/24')).toBe(true);
  });
});

describe('isAddressAllowed', () => {
  it.each([
    ['203.0.113.10', '203.0.113.10', true],
    ['203.0.113.10', '203.0.113.11', false],
    ['203.0.113.0/24', '203.0.113.200', true],
    ['203.0.113.0/24', '203.0.114.1', false],
    ['203.0.113.*', '203.0.113.77', true],
    ['203.0.113.*', '203.0.112.77', false],
    ['10.*.*.*', '10.200.3.4', true],
    ['198.51.100.7, 203.0.113.0/28', '203.0.113.9', true],
    ['198.51.100.7,203.0.113.0/28', '203.0.113.99', false],
    ['203.0.113.10', '::ffff:203.0.113.10', true],
    ['0.0.0.0/0', '192.0.2.1', true],
  ])('allowlist %p lets %s in: %p', (allowlist, address, allowed) => {
    expect(isAddressAllowed(allowlist, address)).toBe(allowed);
  });

  it.each(['not-an-ip', '203.0.113.0/33', '203.0.*.1', '*.*.*.*', '2001:db8::/32', '203.0.113'])(
    'an invalid entry %p matches nothing',
    (entry) => {
      expect(isAddressAllowed(entry, '203.0.113.1')).toBe(false);
    },
  );

  it('an IPv6 caller never matches an IPv4 list', () => {
    expect(isAddressAllowed('0.0.0.0/1,128.0.0.0/1', '2001:db8::1')).toBe(false);
  });
});

describe('lockout through the simulator', () => {
  it('a PUT writing an allowlist without the caller succeeds, then every route answers 403', async () => {
    const sim = await startSimulator({ token: TOKEN, clientAddress: '203.0.113.10' });
    try {
      const write = await putForm(sim, customerId, 'ip_whitelist=198.51.100.0%2F24');
      expect(write.status).toBe(200);
      expect(sim.customer().ip_whitelist).toBe('198.51.100.0/24');

      const replies = await Promise.all([
        send(sim, 'GET', '/current_customer'),
        send(sim, 'GET', `/customer/${customerId}`),
        send(sim, 'GET', `/customer/${customerId}/users`),
        putForm(sim, customerId, 'ip_whitelist=0.0.0.0%2F0'),
        send(sim, 'DELETE', `/customer/${customerId}`),
      ]);

      for (const reply of replies) {
        expect(reply.status).toBe(403);
        expect(json(reply)).toEqual({
          msg: 'Forbidden',
          detail: "IP address 203.0.113.10 is not allowed by the account's IP allowlist",
        });
      }
      expect(sim.customer().ip_whitelist).toBe('198.51.100.0/24');
    } finally {
      await sim.stop();
    }
  });

  it('an allowlist covering the caller (CIDR or wildcard) keeps it in', async () => {
    const sim = await startSimulator({ token: TOKEN, clientAddress: '203.0.113.10' });
    try {
      expect((await putForm(sim, customerId, 'ip_whitelist=203.0.113.0%2F24')).status).toBe(200);
      expect((await send(sim, 'GET', '/current_customer')).status).toBe(200);
      expect((await putForm(sim, customerId, 'ip_whitelist=198.51.100.1%2C203.0.113.*')).status).toBe(200);
      expect((await send(sim, 'GET', '/current_customer')).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('without clientAddress the socket address (127.0.0.1) is the caller', async () => {
    const sim = await startSimulator({ token: TOKEN });
    try {
      sim.updateState({ customer: { ip_whitelist: '127.0.0.1' } });
      expect((await send(sim, 'GET', '/current_customer')).status).toBe(200);

      sim.updateState({ customer: { ip_whitelist: '10.0.0.0/8' } });
      expect((await send(sim, 'GET', '/current_customer')).status).toBe(403);
    } finally {
      await sim.stop();
    }
  });

  it('an unauthenticated caller outside the allowlist still gets 401 first', async () => {
    const sim = await startSimulator({ token: TOKEN, clientAddress: '203.0.113.10' });
    try {
      sim.updateState({ customer: { ip_whitelist: '198.51.100.0/24' } });

      expect((await send(sim, 'GET', '/current_customer', { token: 'wrong' })).status).toBe(401);
    } finally {
      await sim.stop();
    }
  });
});
