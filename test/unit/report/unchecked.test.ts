/**
 * "Not checked": the rules whose data could not be read, listed apart from what fails, with what
 * to do said once for the rules it applies to. The findings come from the evaluator, so the link
 * between an ERROR finding and the run error behind it is the one the audit really makes.
 */
import { evaluatePolicy } from '../../../lambda/policy/evaluate.js';
import { renderMarkdown } from '../../../lambda/report/markdown.js';
import type { Report, ReportError } from '../../../lambda/report/model.js';
import { renderText } from '../../../lambda/report/text.js';
import { groupUnchecked } from '../../../lambda/report/unchecked.js';
import { invitation } from '../../helpers/access-fixtures.js';
import { customer, NOW, owner, policy } from '../../helpers/policy-fixtures.js';
import { makeReport } from '../../helpers/report-fixtures.js';

const TOKENS_ERROR: ReportError = {
  message: 'Could not read the API tokens: HTTP 403 Forbidden',
  operation: 'list_customer_tokens',
  status: 403,
  action: 'Give the auditor a token of a superuser. Or turn off token.expiry, token.unused, token.owner in the policy ("enabled": false).',
};
const OTHER_ERROR: ReportError = { message: 'Something else failed', operation: 'list_users', action: 'Not this one.' };

/** A run whose token reads were refused: the three token rules ERROR, the rest judged. */
function tokensRefused(errors: ReportError[] = [OTHER_ERROR, TOKENS_ERROR]): Report {
  const evaluation = evaluatePolicy({
    customer: customer(),
    users: [owner()],
    invitations: [invitation('i-new')],
    policy: policy(),
    now: NOW,
    missing: { tokens: TOKENS_ERROR.message },
  });
  return { ...makeReport({ errors }), findings: evaluation.findings, rules: evaluation.rules, summary: evaluation.summary };
}

describe('groupUnchecked', () => {
  it('puts the ERROR findings of the token rules together with the action of the read that failed', () => {
    const groups = groupUnchecked(tokensRefused());

    expect(groups).toEqual([{ action: TOKENS_ERROR.action, findings: expect.any(Array) }]);
    expect(groups[0]?.findings.map((finding) => finding.ruleId).sort()).toEqual(['token.expiry', 'token.owner', 'token.unused']);
  });

  it('has no action when no run error explains the findings', () => {
    const groups = groupUnchecked(tokensRefused([OTHER_ERROR]));

    expect(groups).toHaveLength(1);
    expect(groups[0]).not.toHaveProperty('action');
  });

  it('is empty when every rule was checked', () => {
    expect(groupUnchecked(makeReport())).toEqual([]);
  });
});

describe('the Not checked section', () => {
  it('text: one line per rule, then what to do once for them, and nothing under "Failing findings"', () => {
    const text = renderText(tokensRefused());

    const section = text.slice(text.indexOf('Not checked (3)'));
    expect(section).toMatch(
      /^Not checked \(3\): the data these rules need could not be read\n( {2}- token\.(expiry|owner|unused) \(\w+\): Not evaluated: the account's API tokens could not be read \(Could not read the API tokens: HTTP 403 Forbidden\)\.\n){3} {2}what to do about token\.\w+, token\.\w+, token\.\w+: Give the auditor a token of a superuser\. Or turn off token\.expiry/,
    );
    expect(text.split('\n').filter((line) => line.includes('Give the auditor a token of a superuser'))).toHaveLength(2); // here and under Errors
    expect(text).not.toMatch(/Failing findings[\s\S]*token\.expiry[\s\S]*Not checked/);
  });

  it('markdown: the rules as a list, then what to do about them', () => {
    const markdown = renderMarkdown(tokensRefused());

    expect(markdown).toMatch(/## Not checked \(3\)\n\n(- `token\.\w+` \(\w+\): Not evaluated: .*\n){3}\nWhat to do about `token\.\w+`, `token\.\w+`, `token\.\w+`: Give the auditor a token of a superuser\./);
  });
});
