import { renderMarkdown } from '../../../lambda/report/markdown.js';
import { makeReport, RISKS, sampleChanges, userLogin, withCompliance, withFindingsFixed } from '../../helpers/report-fixtures.js';

describe('renderMarkdown', () => {
  it('has a heading and the summary line', () => {
    const markdown = renderMarkdown(makeReport());
    expect(markdown.startsWith('# Fastly audit: ACME Corp\n')).toBe(true);
    expect(markdown).toContain('FAIL - 4 failing (1 critical, 3 high), 1 muted, 5 users checked');
  });

  it('has a rules table with one row per rule', () => {
    const markdown = renderMarkdown(makeReport());
    expect(markdown).toContain('## Rules\n\n| Rule | Title | Severity | Status | Checked | Failed | Muted |\n| --- |');
    expect(markdown).toContain('| `user.2fa-enabled` | Every user has two-factor authentication enabled | high | FAIL | 5 | 2 | 1 |');
    expect(markdown).toContain('| `user.email-domain` | Every login is in an allowed email domain | medium | NOT_APPLICABLE | 5 | 0 | 0 |');
  });

  it('keeps text from the API from breaking the table or the headings', () => {
    const report = makeReport();
    report.rules[0]!.title = 'pipes | and\nnewlines';
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| pipes \\| and\\\\nnewlines |');
  });

  it('lists every failing finding by severity with the shared fix once', () => {
    const markdown = renderMarkdown(makeReport({ failingUsers: 60 }));
    expect(markdown.indexOf('### Critical (1)')).toBeLessThan(markdown.indexOf('### High (61)'));
    expect(markdown).toContain(`- user ${userLogin(60)}: two-factor authentication is not enabled`);
    expect(markdown.match(/Fix in the control panel: Ask the user to enable 2FA/g)).toHaveLength(1);
  });

  it('says each failing rule\'s risk, its fix by channel (labelled) and its references once per rule', () => {
    const report = makeReport({ failingUsers: 60 });
    const rule = report.findings.find((finding) => finding.ruleId === 'user.2fa-enabled')!;
    const markdown = renderMarkdown(report);
    const count = (text: string) => markdown.split(text).length - 1;
    expect(count(`Risk: ${RISKS['user.2fa-enabled']}`)).toBe(1);
    expect(count(`Fix in the control panel: ${rule.remediation.console}`)).toBe(1);
    expect(count(`Fix by API: ${rule.remediation.api}`)).toBe(1);
    expect(count('References: [Fastly: Managing 2FA](https://docs.fastly.com/en/guides/managing-2fa), [Fastly API: User](https://www.fastly.com/documentation/reference/api/account/user/)')).toBe(1);
  });

  it('keeps a reference\'s title and URL inside its link', () => {
    const report = makeReport();
    for (const finding of report.findings) {
      finding.references = [{ title: 'Guide [v2]', url: 'https://docs.fastly.com/a (b)' }];
    }
    expect(renderMarkdown(report)).toContain('References: [Guide \\[v2\\]](https://docs.fastly.com/a%20%28b%29)');
  });

  it('keeps placeholders such as <user id> in the rules\' text from reading as HTML', () => {
    const report = makeReport();
    for (const finding of report.findings) {
      finding.remediation = { ...finding.remediation, api: 'PUT /customer/{customer_id} with owner_id=<user id>.' };
    }
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('Fix by API: PUT /customer/{customer_id} with owner_id=\\<user id>.');
    expect(markdown).not.toMatch(/(^|[^\\])<user id>/m);
  });

  it('has a section for what this run fixed, and says DEMO in the heading of a demo report', () => {
    const report = { ...withFindingsFixed(makeReport(), ['account.force-2fa']), demo: true as const };

    const markdown = renderMarkdown(report);

    expect(markdown.startsWith('# Fastly audit (DEMO): ACME Corp\n')).toBe(true);
    expect(markdown).toContain('## Fixed in this run (1)\n\n- `account.force-2fa` (high), account ACME Corp: force_2fa: false -> true, verified');
    expect(markdown).toContain('| `account.force-2fa` | Two-factor authentication is forced for the account | high | FIXED | 1 | 0 | 0 |');
  });

  it('shows remediation and errors with what to do', () => {
    const markdown = renderMarkdown(
      makeReport({ changes: sampleChanges(), errors: [{ message: 'rate limited', status: 429, action: 'run again after the reset' }] }),
    );
    expect(markdown).toContain('**Would change**\n\n- would set ip_whitelist: "0.0.0.0/0" -> "203.0.113.0/24"');
    expect(markdown).toContain('## Errors\n\n- (429): rate limited\n  - What to do: run again after the reset');
  });

  it('has a compliance table per framework, each requirement with its status and rules', () => {
    const markdown = renderMarkdown(withCompliance(makeReport()));

    expect(markdown).toContain(
      '## Compliance\n\n**PCI DSS 4.0: 0 of 3 requirements met, 2 not met, 1 not assessed**\n\n| Requirement | Status | Title | Rules |\n| --- | --- | --- | --- |\n',
    );
    expect(markdown).toContain('| 8.4.1 | not met (FAIL) | MFA is implemented for administrative access | `account.force-2fa`, `account.owner-2fa` |');
    expect(markdown).toContain('| CC6.2 | not assessed (NOT_APPLICABLE) | Users are registered and authorised');
  });
});
