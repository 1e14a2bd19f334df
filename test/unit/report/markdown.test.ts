import { renderMarkdown } from '../../../lambda/report/markdown.js';
import { makeReport, sampleChanges, userLogin } from '../../helpers/report-fixtures.js';

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
    expect(markdown).toContain('| pipes \\| and newlines |');
  });

  it('lists every failing finding by severity with the shared fix once', () => {
    const markdown = renderMarkdown(makeReport({ failingUsers: 60 }));
    expect(markdown.indexOf('### Critical (1)')).toBeLessThan(markdown.indexOf('### High (61)'));
    expect(markdown).toContain(`- user ${userLogin(60)}: two-factor authentication is not enabled`);
    expect(markdown.match(/Fix: Ask the user to enable 2FA/g)).toHaveLength(1);
  });

  it('shows remediation and errors with what to do', () => {
    const markdown = renderMarkdown(
      makeReport({ changes: sampleChanges(), errors: [{ message: 'rate limited', status: 429, action: 'run again after the reset' }] }),
    );
    expect(markdown).toContain('**Would change**\n\n- would set ip_whitelist: "0.0.0.0/0" -> "203.0.113.0/24"');
    expect(markdown).toContain('## Errors\n\n- (429): rate limited\n  - What to do: run again after the reset');
  });
});
