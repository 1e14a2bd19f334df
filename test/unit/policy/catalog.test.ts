import { getRule, RULE_IDS, RULES } from '../../../lambda/policy/catalog.js';
import { guidanceText } from '../../../lambda/policy/define-rule.js';
import { SEVERITIES } from '../../../lambda/report/model.js';

it('holds the fifteen rules of design.md, ids exactly as written, in order', () => {
  expect(RULES.map((rule) => rule.id)).toEqual([
    'account.force-2fa',
    'account.force-sso',
    'account.ip-allowlist',
    'account.pci',
    'account.pci-passwords',
    'account.owner-2fa',
    'account.security-contact',
    'user.2fa-enabled',
    'user.superuser-count',
    'user.email-domain',
    'user.inactive',
    'token.expiry',
    'token.unused',
    'token.owner',
    'invitation.stale',
  ]);
  expect(RULE_IDS).toEqual(RULES.map((rule) => rule.id));
});

it('default severities and automatic fixes follow the design table', () => {
  const table = Object.fromEntries(RULES.map((rule) => [rule.id, [rule.severity, rule.remediation.automatic]]));
  expect(table).toEqual({
    'account.force-2fa': ['high', true],
    'account.force-sso': ['high', true],
    'account.ip-allowlist': ['high', true],
    'account.pci': ['medium', true],
    'account.pci-passwords': ['medium', false],
    'account.owner-2fa': ['critical', false],
    'account.security-contact': ['low', false],
    'user.2fa-enabled': ['high', false],
    'user.superuser-count': ['medium', false],
    'user.email-domain': ['medium', false],
    'user.inactive': ['low', false],
    'token.expiry': ['medium', false],
    'token.unused': ['low', false],
    'token.owner': ['high', false],
    'invitation.stale': ['low', false],
  });
});

it.each(RULES.map((rule) => [rule.id, rule] as const))('%s carries its full description', (_id, rule) => {
  expect(SEVERITIES).toContain(rule.severity);
  expect(rule.title).toMatch(/^[A-Z].*[^.]$/);
  expect(rule.risk).toMatch(/^[A-Z].*\.$/);
  expect(rule.references.length).toBeGreaterThan(0);
  for (const reference of rule.references) {
    expect(reference.title).not.toBe('');
    expect(new URL(reference.url).hostname).toMatch(/(^|\.)fastly\.com$/);
  }
  expect(rule.needs.length).toBeGreaterThan(0);
});

describe('remediation by channel', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: console steps without API calls, the API call apart', (_id, rule) => {
    const { console, api } = rule.remediation;
    expect(console).toMatch(/^[A-Z].*\.$/);
    expect(console).not.toMatch(/\b(GET|PUT|POST|DELETE) \//);
    expect(console).not.toMatch(/\bAPI:/);
    // A method and a path with its placeholder, e.g. "PUT /customer/{customer_id}", "DELETE /tokens/{token_id}".
    expect(api).toMatch(/^(PUT|POST|DELETE) \/[a-z-]+(\/\{[a-z]+_id\})?[ ,]/);
    expect(api).toMatch(/\.$/);
  });

  it('guidance, the report field readers of schemaVersion 1 know, is the console steps then " API: " and the call', () => {
    const rule = getRule('account.force-2fa');
    expect(rule.remediation.guidance).toBe(`${rule.remediation.console} API: ${rule.remediation.api}`);
    for (const { remediation } of RULES) {
      expect(remediation.guidance).toBe(remediation.api === undefined ? remediation.console : `${remediation.console} API: ${remediation.api}`);
    }
  });

  it('a rule without an API call has guidance equal to its console steps', () => {
    expect(guidanceText({ console: 'Ask Fastly support.' })).toBe('Ask Fastly support.');
  });

  it('the metadata findings share is frozen: no finding can change another\'s', () => {
    const rule = getRule('user.2fa-enabled');
    expect(Object.isFrozen(rule.remediation)).toBe(true);
    expect(Object.isFrozen(rule.references)).toBe(true);
    expect(rule.references.every((reference) => Object.isFrozen(reference))).toBe(true);
  });
});

it('getRule returns the rule for an id', () => {
  expect(getRule('user.inactive').id).toBe('user.inactive');
  expect(getRule('account.owner-2fa').needs).toEqual(['customer', 'users']);
});
