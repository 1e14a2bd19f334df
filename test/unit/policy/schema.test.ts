import { readFileSync } from 'node:fs';
import { RULES } from '../../../lambda/policy/catalog.js';
import { parsePolicy, policyJsonSchema, PolicyValidationError, type PolicyIssue } from '../../../lambda/policy/schema.js';

function issuesOf(input: unknown): PolicyIssue[] {
  const result = parsePolicy(input);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.issues;
}

function issueAt(input: unknown, path: string): string {
  const issue = issuesOf(input).find((candidate) => candidate.path === path);
  if (!issue) throw new Error(`no issue at ${path}: ${JSON.stringify(issuesOf(input))}`);
  return issue.message;
}

const rules = (block: Record<string, unknown>) => ({ version: 1, rules: block });
const exception = (fields: Record<string, unknown>) => ({
  version: 1,
  exceptions: [{ rule: 'user.2fa-enabled', subject: 'ci-bot@example.com', reason: 'service account', expires: '2027-03-31', ...fields }],
});

describe('parsePolicy accepts', () => {
  it('the smallest policy: only the version', () => {
    expect(parsePolicy({ version: 1 })).toEqual({ ok: true, policy: { version: 1 } });
  });

  it('the design.md example, keeping every value as written', () => {
    const example = {
      version: 1,
      rules: {
        'account.force-2fa': { remediate: 'auto', maxUsersLoggedOut: 0 },
        'account.force-sso': { enabled: false },
        'account.ip-allowlist': {
          minPrefixLength: 16,
          allowedRanges: ['203.0.113.0/24'],
          desired: '203.0.113.0/24',
          auditorEgress: ['203.0.113.10'],
          remediate: 'off',
        },
        'user.superuser-count': { max: 2, breakGlass: ['breakglass@example.com'] },
        'user.email-domain': { allowedDomains: ['example.com'], severity: 'high' },
      },
      exceptions: [
        { rule: 'user.2fa-enabled', subject: 'ci-bot@example.com', reason: 'hardware-key service account', expires: '2027-03-31', ticket: 'SEC-123' },
      ],
    };
    expect(parsePolicy(example)).toEqual({ ok: true, policy: example });
  });

  it('a leap day and wildcard allowlist entries', () => {
    const result = parsePolicy({
      version: 1,
      rules: { 'account.ip-allowlist': { desired: '192.0.2.*, 198.51.*.*,203.0.113.7' } },
      exceptions: [{ rule: 'account.pci', subject: 'c1', reason: 'migration', expires: '2028-02-29' }],
    });
    expect(result.ok).toBe(true);
  });
});

describe('parsePolicy names the path of every mistake', () => {
  it('missing version', () => {
    expect(issuesOf({ rules: {} })).toEqual([{ path: 'version', message: 'is required' }]);
  });

  it('the version written as a string: says to drop the quotes, not "did you mean"', () => {
    expect(issueAt({ version: '1' }, 'version')).toBe('expected number 1, got the string "1": write it without quotes');
    expect(issueAt({ version: 'one' }, 'version')).toBe('expected one of 1, got the string "one"');
  });

  it('wrong version', () => {
    expect(issueAt({ version: 2 }, 'version')).toBe('expected one of 1, got number 2');
  });

  it('not an object at all', () => {
    expect(issuesOf([])).toEqual([{ path: '(root)', message: 'expected an object, got an array' }]);
  });

  it('unknown rule id, with the closest known id', () => {
    expect(issueAt(rules({ 'account.force-3fa': {} }), 'rules["account.force-3fa"]')).toBe(
      'unknown rule id; did you mean "account.force-2fa"?',
    );
  });

  it('unknown rule id without its family prefix', () => {
    expect(issueAt(rules({ 'force-sso': {} }), 'rules["force-sso"]')).toBe('unknown rule id; did you mean "account.force-sso"?');
  });

  it('unknown key, with a suggestion', () => {
    expect(issueAt(rules({ 'account.force-2fa': { remediat: 'auto' } }), 'rules["account.force-2fa"].remediat')).toBe(
      'unknown key; did you mean "remediate"?',
    );
  });

  it('unknown key with nothing close lists the allowed keys', () => {
    expect(issueAt(rules({ 'user.inactive': { colour: 'red' } }), 'rules["user.inactive"].colour')).toBe(
      'unknown key (allowed: enabled, severity, maxInactiveDays)',
    );
  });

  it('unknown top-level key', () => {
    expect(issueAt({ version: 1, ruls: {} }, 'ruls')).toBe('unknown key; did you mean "rules"?');
  });

  it('wrong types', () => {
    const input = rules({
      'user.inactive': { enabled: 'yes', maxInactiveDays: 1.5 },
      'user.superuser-count': { max: '3' },
      'user.email-domain': { allowedDomains: 'example.com' },
    });
    expect(issueAt(input, 'rules["user.inactive"].enabled')).toBe('expected true or false, got the string "yes"');
    expect(issueAt(input, 'rules["user.inactive"].maxInactiveDays')).toBe('expected an integer, got number 1.5');
    expect(issueAt(input, 'rules["user.superuser-count"].max')).toBe('expected a number, got the string "3"');
    expect(issueAt(input, 'rules["user.email-domain"].allowedDomains')).toBe('expected an array, got the string "example.com"');
  });

  it('out-of-range numbers', () => {
    const input = rules({
      'account.ip-allowlist': { minPrefixLength: 33 },
      'account.force-2fa': { maxUsersLoggedOut: -1 },
      'user.inactive': { maxInactiveDays: 0 },
    });
    expect(issueAt(input, 'rules["account.ip-allowlist"].minPrefixLength')).toBe('must be at most 32');
    expect(issueAt(input, 'rules["account.force-2fa"].maxUsersLoggedOut')).toBe('must be at least 0');
    expect(issueAt(input, 'rules["user.inactive"].maxInactiveDays')).toBe('must be at least 1');
  });

  it('a misspelt severity', () => {
    expect(issueAt(rules({ 'user.email-domain': { severity: 'hgh' } }), 'rules["user.email-domain"].severity')).toBe(
      'expected one of "critical", "high", "medium", "low", got the string "hgh"; did you mean "high"?',
    );
  });

  it('bad CIDRs: garbage, IPv6, loose forms and host bits', () => {
    const input = rules({
      'account.ip-allowlist': { allowedRanges: ['not-a-cidr', '2001:db8::/32', '10.0.0/8', '203.0.113.5/24'] },
    });
    const path = 'rules["account.ip-allowlist"].allowedRanges';
    expect(issueAt(input, `${path}[0]`)).toBe('"not-a-cidr" is not an IPv4 CIDR such as 203.0.113.0/24');
    expect(issueAt(input, `${path}[1]`)).toBe('"2001:db8::/32" is not an IPv4 CIDR such as 203.0.113.0/24');
    expect(issueAt(input, `${path}[2]`)).toBe('"10.0.0/8" is not an IPv4 CIDR such as 203.0.113.0/24');
    expect(issueAt(input, `${path}[3]`)).toBe('"203.0.113.5/24" has host bits set; did you mean "203.0.113.0/24"?');
  });

  it('bad addresses', () => {
    const input = rules({ 'account.ip-allowlist': { auditorEgress: ['203.0.113.10', '203.0.113', '010.0.0.1', '203.0.113.0/24'] } });
    const path = 'rules["account.ip-allowlist"].auditorEgress';
    expect(issuesOf(input).map((issue) => issue.path)).toEqual([`${path}[1]`, `${path}[2]`, `${path}[3]`]);
    expect(issueAt(input, `${path}[1]`)).toBe('"203.0.113" is not an IPv4 address such as 203.0.113.10');
  });

  it('a desired allowlist with an invalid entry', () => {
    const input = rules({ 'account.ip-allowlist': { desired: '203.0.113.0/24, 2001:db8::1, 10.*.0.*' } });
    expect(issueAt(input, 'rules["account.ip-allowlist"].desired')).toBe(
      'entry "2001:db8::1" is invalid: IPv6 is not supported by the Fastly account allowlist; entry "10.*.0.*" is invalid: wildcards are only supported in trailing octets (a.b.c.* or a.b.*.*)',
    );
  });

  it('remediate "auto" on the allowlist without desired and auditorEgress', () => {
    const input = rules({ 'account.ip-allowlist': { remediate: 'auto' } });
    expect(issuesOf(input)).toEqual([
      { path: 'rules["account.ip-allowlist"].desired', message: 'is required when remediate is "auto"' },
      { path: 'rules["account.ip-allowlist"].auditorEgress', message: 'is required when remediate is "auto"' },
    ]);
  });

  describe('remediate "auto" on the allowlist with a fix its guardrail would always refuse', () => {
    const PATH = 'rules["account.ip-allowlist"]';
    const block = (patch: Record<string, unknown>) =>
      rules({ 'account.ip-allowlist': { remediate: 'auto', desired: '203.0.113.0/24', auditorEgress: ['203.0.113.10'], ...patch } });

    it('a compliant desired that covers every egress address passes', () => {
      expect(parsePolicy(block({ allowedRanges: ['203.0.113.0/24'], minPrefixLength: 24 })).ok).toBe(true);
    });

    it.each([
      ['desired of 0.0.0.0/0', { desired: '0.0.0.0/0' }, 'entry "0.0.0.0/0" allows every address, so the allowlist is effectively not set'],
      ['desired broader than minPrefixLength', { desired: '10.0.0.0/8', auditorEgress: ['10.1.2.3'], minPrefixLength: 12 }, 'entry "10.0.0.0/8" (/8) is broader than the policy allows (/12 or narrower)'],
      ['desired broader than the default minPrefixLength (16)', { desired: '10.0.0.0/8', auditorEgress: ['10.1.2.3'] }, '(/16 or narrower)'],
      ['desired outside allowedRanges', { desired: '198.51.100.0/24', auditorEgress: ['198.51.100.7'], allowedRanges: ['203.0.113.0/24'] }, 'entry "198.51.100.0/24" is outside the allowed ranges (203.0.113.0/24)'],
    ])('%s', (_what, patch, problem) => {
      const issues = issuesOf(block(patch));

      expect(issues.map((issue) => issue.path)).toEqual([`${PATH}.desired`]);
      expect(issues[0]?.message).toMatch(/^is not compliant with this rule's own settings, so the fix would be refused every time: /);
      expect(issues[0]?.message).toContain(problem);
    });

    it('desired that leaves an auditorEgress address out: that address, by its index', () => {
      const issues = issuesOf(block({ auditorEgress: ['203.0.113.10', '198.51.100.7', '203.0.113.99'] }));

      expect(issues).toEqual([
        {
          path: `${PATH}.auditorEgress[1]`,
          message: '198.51.100.7 is not covered by "desired" (203.0.113.0/24): writing it would lock the auditor out, so the fix would be refused every time',
        },
      ]);
    });

    it('the same desired with remediate "off" is only reported, never written: no problem', () => {
      expect(parsePolicy(block({ remediate: 'off', desired: '0.0.0.0/0', auditorEgress: ['198.51.100.7'] })).ok).toBe(true);
    });
  });

  it('bad email domains', () => {
    const input = rules({ 'user.email-domain': { allowedDomains: ['@example.com', 'exa mple.com', 'Example.COM'] } });
    const path = 'rules["user.email-domain"].allowedDomains';
    expect(issueAt(input, `${path}[0]`)).toBe('"@example.com" must be a domain name without "@", e.g. "example.com"');
    expect(issueAt(input, `${path}[1]`)).toBe('"exa mple.com" is not a domain name such as example.com');
    expect(issuesOf(input)).toHaveLength(2);
    expect(parsePolicy({ version: 1, rules: { 'user.email-domain': { allowedDomains: ['münchen.example', 'xn--bcher-kva.example', '例え.jp'] } } }).ok).toBe(true);
  });

  it.each(RULES.filter((rule) => !rule.remediation.automatic).map((rule) => rule.id))(
    'remediate on %s, which has no automatic fix',
    (id) => {
      expect(issueAt(rules({ [id]: { remediate: 'auto' } }), `rules["${id}"].remediate`)).toBe(
        `"remediate" is not allowed: ${id} has no automatic fix`,
      );
    },
  );

  it('bad dates: not a calendar date, wrong format', () => {
    expect(issueAt(exception({ expires: '2027-02-30' }), 'exceptions[0].expires')).toBe(
      'the string "2027-02-30" is not a real calendar date in the form YYYY-MM-DD',
    );
    expect(issueAt(exception({ expires: '2027-02-29' }), 'exceptions[0].expires')).toMatch(/not a real calendar date/);
    expect(issueAt(exception({ expires: '31/03/2027' }), 'exceptions[0].expires')).toMatch(/not a real calendar date/);
    expect(issueAt(exception({ expires: '2027-03-31T00:00:00Z' }), 'exceptions[0].expires')).toMatch(/not a real calendar date/);
  });

  it('empty or blank reason, missing fields, unknown exception rule', () => {
    expect(issueAt(exception({ reason: '' }), 'exceptions[0].reason')).toBe('must not be empty');
    expect(issueAt(exception({ reason: '   ' }), 'exceptions[0].reason')).toBe('must not be empty');
    expect(issueAt(exception({ subject: undefined }), 'exceptions[0].subject')).toBe('is required');
    expect(issueAt(exception({ rule: 'user.2fa-enable' }), 'exceptions[0].rule')).toBe(
      'unknown rule id "user.2fa-enable"; did you mean "user.2fa-enabled"?',
    );
    expect(issueAt(exception({ note: 'x' }), 'exceptions[0].note')).toMatch(/^unknown key/);
  });

  it('every problem is reported at once, not only the first', () => {
    const input = {
      rules: { 'account.force-3fa': {}, 'user.inactive': { maxInactiveDays: 0 } },
      exceptions: [{ rule: 'account.pci', subject: 'x', reason: '', expires: '2027-02-30' }],
    };
    expect(issuesOf(input).map((issue) => issue.path).sort()).toEqual([
      'exceptions[0].expires',
      'exceptions[0].reason',
      'rules["account.force-3fa"]',
      'rules["user.inactive"].maxInactiveDays',
      'version',
    ]);
  });
});

describe('PolicyValidationError', () => {
  it('lists one "source: path: message" line per problem', () => {
    const issues = [
      { path: 'version', message: 'is required' },
      { path: 'rules["account.force-3fa"]', message: 'unknown rule id' },
    ];
    const error = new PolicyValidationError(issues, 'policy.json');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PolicyValidationError');
    expect(error.issues).toBe(issues);
    expect(error.source).toBe('policy.json');
    expect(error.message).toBe('policy.json: version: is required\npolicy.json: rules["account.force-3fa"]: unknown rule id');
  });

  it('without a source the lines start with the path', () => {
    expect(new PolicyValidationError([{ path: 'version', message: 'is required' }]).message).toBe('version: is required');
  });
});

describe('the committed policy files', () => {
  const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));

  it('policy.schema.json is exactly policyJsonSchema() (regenerate with `npm run schema`)', () => {
    expect(readJson('policy.schema.json')).toEqual(policyJsonSchema());
  });

  it('policy.json is a valid policy that points editors at the schema', () => {
    const json = readJson('policy.json') as Record<string, unknown>;
    const result = parsePolicy(json);
    expect(result).toEqual({ ok: true, policy: json });
    expect(json.$schema).toBe('./policy.schema.json');
  });
});

describe('policyJsonSchema', () => {
  const schema = policyJsonSchema() as {
    $schema: string;
    required: string[];
    additionalProperties: boolean;
    properties: { rules: { properties: Record<string, { properties: Record<string, { default?: unknown }>; additionalProperties: boolean }> } };
  };
  const blocks = schema.properties.rules.properties;

  it('is draft 2020-12, strict, and requires only the version', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['version']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('has a strict block for every rule, allowing remediate exactly where the catalog has an automatic fix', () => {
    expect(Object.keys(blocks)).toEqual(RULES.map((rule) => rule.id));
    for (const rule of RULES) {
      const block = blocks[rule.id];
      expect(block?.additionalProperties).toBe(false);
      expect('remediate' in (block?.properties ?? {})).toBe(rule.remediation.automatic);
    }
  });

  it('documents the defaults', () => {
    expect(blocks['account.ip-allowlist']?.properties.minPrefixLength?.default).toBe(16);
    expect(blocks['user.superuser-count']?.properties.max?.default).toBe(3);
    expect(blocks['user.inactive']?.properties.maxInactiveDays?.default).toBe(90);
    expect(blocks['account.force-2fa']?.properties.maxUsersLoggedOut?.default).toBe(0);
  });
});
