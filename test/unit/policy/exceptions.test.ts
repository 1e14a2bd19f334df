import { exceptionMatches, findException, isExceptionActive } from '../../../lambda/policy/exceptions.js';
import type { PolicyException } from '../../../lambda/policy/schema.js';
import type { RuleId } from '../../../lambda/policy/catalog.js';
import type { Subject } from '../../../lambda/report/model.js';

const userSubject: Subject = { type: 'user', id: 'u-42', name: 'CI-Bot@Example.com' };
const accountSubject: Subject = { type: 'account', id: 'cust-1', name: 'ACME Corp' };
const exception = (subject: string, expires = '2027-03-31', rule: RuleId = 'user.2fa-enabled'): PolicyException => ({
  rule,
  subject,
  reason: 'service account',
  expires,
});

describe('exceptionMatches', () => {
  it('matches a user by login, case-insensitively, or by id', () => {
    expect(exceptionMatches(exception('ci-bot@example.com'), 'user.2fa-enabled', userSubject)).toBe(true);
    expect(exceptionMatches(exception('u-42'), 'user.2fa-enabled', userSubject)).toBe(true);
    expect(exceptionMatches(exception('other@example.com'), 'user.2fa-enabled', userSubject)).toBe(false);
  });

  it('matches the account by customer id, not by company name', () => {
    expect(exceptionMatches(exception('cust-1', '2027-03-31', 'account.pci'), 'account.pci', accountSubject)).toBe(true);
    expect(exceptionMatches(exception('ACME Corp', '2027-03-31', 'account.pci'), 'account.pci', accountSubject)).toBe(false);
  });

  it('a customer-id exception does not mute every user of a rule', () => {
    expect(exceptionMatches(exception('cust-1'), 'user.2fa-enabled', userSubject)).toBe(false);
  });

  it('only for its own rule', () => {
    expect(exceptionMatches(exception('u-42'), 'user.inactive', userSubject)).toBe(false);
  });
});

describe('isExceptionActive', () => {
  it('through the last millisecond of the expires day in UTC, not after', () => {
    expect(isExceptionActive('2027-03-31', new Date('2027-03-31T23:59:59.999Z'))).toBe(true);
    expect(isExceptionActive('2027-03-31', new Date('2027-04-01T00:00:00.000Z'))).toBe(false);
    expect(isExceptionActive('2027-03-31', new Date('2026-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('findException', () => {
  const now = new Date('2027-04-10T12:00:00Z');

  it('prefers an active exception over an expired one for the same finding', () => {
    const found = findException([exception('u-42', '2027-03-31'), exception('u-42', '2027-12-31')], 'user.2fa-enabled', userSubject, now);
    expect(found).toEqual({ reason: 'service account', expires: '2027-12-31', expired: false });
  });

  it('reports the most recently expired one when all have expired', () => {
    const found = findException([exception('u-42', '2027-01-31'), exception('u-42', '2027-03-31')], 'user.2fa-enabled', userSubject, now);
    expect(found).toEqual({ reason: 'service account', expires: '2027-03-31', expired: true });
  });

  it('carries the ticket when there is one, and nothing when no exception matches', () => {
    const withTicket = { ...exception('u-42'), ticket: 'SEC-123' };
    expect(findException([withTicket], 'user.2fa-enabled', userSubject, now)?.ticket).toBe('SEC-123');
    expect(findException([exception('someone-else')], 'user.2fa-enabled', userSubject, now)).toBeUndefined();
  });
});
