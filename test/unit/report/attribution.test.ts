/**
 * Attribution, warnings and token/invitation subjects in every renderer: one line
 * "changed by <login> at <time> from <ip> (<event type>)" under the finding in text, markdown,
 * the email and Slack, the fields in JSON; hostile API values stay on that one line where the
 * renderer makes them inert.
 */
import { renderJson } from '../../../lambda/report/json.js';
import { renderMarkdown } from '../../../lambda/report/markdown.js';
import type { Attribution, Report } from '../../../lambda/report/model.js';
import { buildNotification } from '../../../lambda/report/notification.js';
import { renderText } from '../../../lambda/report/text.js';
import { describeAttribution } from '../../../lambda/report/facts.js';
import { makeFinding, makeReport, withFindingsFixed } from '../../helpers/report-fixtures.js';

const ATTRIBUTION: Attribution = {
  eventId: 'EvC8uPd3Tq7xNm2kRw5zLb',
  eventType: 'customer.update',
  at: '2026-11-22T09:14:03Z',
  actor: { id: 'u-tom', login: 'tom@example.com' },
  ip: '203.0.113.45',
  admin: false,
  description: "Customer 'ACME Corp' was updated",
};
const LINE = 'changed by tom@example.com at 2026-11-22T09:14:03Z from 203.0.113.45 (customer.update)';

function withAttribution(attribution: Attribution = ATTRIBUTION): Report {
  const report = makeReport();
  return { ...report, findings: report.findings.map((finding) => (finding.ruleId === 'account.force-2fa' ? { ...finding, attribution } : finding)) };
}

function outputs(report: Report): Record<string, string> {
  const message = JSON.parse(buildNotification(report).message) as { email: string; https: string };
  return {
    text: renderText(report),
    markdown: renderMarkdown(report),
    email: message.email,
    slack: (JSON.parse(message.https) as { content: { description: string } }).content.description,
  };
}

describe('describeAttribution', () => {
  it('says who, when, from where and which event', () => {
    expect(describeAttribution(ATTRIBUTION)).toBe(LINE);
  });

  it('falls back on the actor id, marks Fastly staff, and leaves out an unknown address', () => {
    expect(describeAttribution({ ...ATTRIBUTION, actor: { id: 'u-gone', login: null }, ip: null, admin: true })).toBe(
      'changed by u-gone (Fastly staff) at 2026-11-22T09:14:03Z (customer.update)',
    );
    expect(describeAttribution({ ...ATTRIBUTION, actor: { id: null, login: null } })).toMatch(/^changed by an unknown user at /);
  });
});

it.each(['text', 'markdown', 'email', 'slack'])('%s: one line under the attributed finding', (name) => {
  const output = outputs(withAttribution())[name] ?? '';
  const lines = output.split('\n');
  const index = lines.findIndex((line) => line.includes(LINE));
  expect(lines.filter((line) => line.includes(LINE))).toHaveLength(1);
  // Right after the finding it explains (Slack lists findings by name under their rule).
  expect(lines[index - 1]).toMatch(name === 'slack' ? /account\.force-2fa/ : /force_2fa is false/);
});

it('JSON carries the attribution in its documented order, and reads back', () => {
  const report = withAttribution();
  const json = JSON.parse(renderJson(report)) as Report;
  const finding = json.findings.find((candidate) => candidate.ruleId === 'account.force-2fa');
  expect(Object.keys(finding?.attribution ?? {})).toEqual(['eventId', 'eventType', 'at', 'actor', 'ip', 'admin', 'description']);
  expect(finding?.attribution).toEqual(ATTRIBUTION);
  expect(Object.keys(json)).toContain('warnings');
});

it('a finding this run FIXED shows its fix, not an attribution line; JSON keeps who made the change it undid', () => {
  const report = withFindingsFixed(withAttribution(), ['account.force-2fa']);

  const rendered = outputs(report);

  for (const [name, output] of Object.entries(rendered)) expect([name, output.includes('changed by')]).toEqual([name, false]);
  expect(rendered.text).toContain('Fixed in this run: 1\n  - account.force-2fa (high), account ACME Corp: force_2fa: false -> true, verified');
  const json = JSON.parse(renderJson(report)) as Report;
  expect(json.findings.find((finding) => finding.ruleId === 'account.force-2fa')).toMatchObject({ status: 'FIXED', attribution: ATTRIBUTION });
});

it('a hostile login cannot add a line to markdown or Slack', () => {
  const hostile = { ...ATTRIBUTION, actor: { id: 'u-x', login: 'eve@example.com\n# Owned\n<!channel>' } };
  const { markdown, slack } = outputs(withAttribution(hostile));
  expect(markdown).not.toMatch(/^# Owned/m);
  expect(slack).not.toMatch(/^# Owned/m);
  expect(slack).not.toContain('<!channel>');
});

describe('warnings', () => {
  const warning = {
    message: 'Could not read the audit log: HTTP 403 Forbidden: failing findings are not attributed.',
    operation: 'list_events',
    status: 403,
    action: 'Only a superuser may read the account\'s audit log. Or set "attribution": {"enabled": false} in the policy.',
  };

  it('are listed with what to do in text and markdown, and change nothing else', () => {
    const report = { ...makeReport(), warnings: [warning] };
    const { text, markdown } = outputs(report);
    expect(text).toContain(`Warnings\n  - list_events (403): ${warning.message}\n    what to do: ${warning.action}`);
    expect(markdown).toContain(`## Warnings\n\n- list_events (403): ${warning.message}\n  - What to do: ${warning.action}`);
    expect(report.status).toBe(makeReport().status);
    expect(renderText(makeReport())).not.toContain('Warnings');
  });
});

it('token and invitation subjects read as such', () => {
  const report = makeReport();
  const token = makeFinding({ ruleId: 'token.expiry', severity: 'high', subject: { type: 'token', id: 't-1', name: 'terraform-prod' }, message: 'never expires' });
  const invitation = makeFinding({ ruleId: 'invitation.stale', severity: 'low', subject: { type: 'invitation', id: 'i-1', name: 'x@outlook.com' }, message: 'outside' });
  const { text, markdown, slack } = outputs({ ...report, findings: [...report.findings, token, invitation] });
  expect(text).toContain('- token terraform-prod: never expires');
  expect(text).toContain('- invitation x@outlook.com: outside');
  expect(markdown).toContain('- token terraform-prod: never expires');
  expect(slack).toContain('`terraform-prod`');
});
