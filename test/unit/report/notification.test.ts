import { computeDelta } from '../../../lambda/report/delta.js';
import { createErrorReport } from '../../../lambda/report/error-report.js';
import type { Report } from '../../../lambda/report/model.js';
import { buildNotification, notificationBytes, SNS_MAX_PUBLISH_BYTES } from '../../../lambda/report/notification.js';
import type { Notification } from '../../../lambda/report/notification.js';
import { buildSubject, toPrintableAscii } from '../../../lambda/report/subject.js';
import { makeReport, passingReport, REFERENCES, RISKS, sampleChanges, userLogin, withCompliance, withFindingsFixed } from '../../helpers/report-fixtures.js';

interface Parts {
  default: string;
  email: string;
  https: string;
}

function parts(notification: Notification): Parts {
  return JSON.parse(notification.message) as Parts;
}

function chat(notification: Notification) {
  return JSON.parse(parts(notification).https) as {
    version: string;
    source: string;
    id: string;
    content: { textType: string; title: string; description: string; nextSteps: string[]; keywords: string[] };
  };
}

const LOCATION = 's3://audit-bucket/reports/x4xCwxxJxGCx123Rx5xTx/2026/03/14/run-0001.json';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const URL = 'https://us-east-1.console.aws.amazon.com/s3/object/audit-bucket?region=us-east-1&prefix=reports/x4xCwxxJxGCx123Rx5xTx/2026/03/14/run-0001.html';

describe('buildSubject', () => {
  it('says how many fail, the worst severity and how many are new', () => {
    const previous = makeReport({ failingUsers: 1 });
    const current = makeReport({ failingUsers: 2 });
    current.delta = computeDelta(current, previous);
    expect(buildSubject(current)).toBe('Fastly audit ACME Corp: 4 failing (critical), 1 new');
  });

  it('says PASS for a passing run, with what was resolved', () => {
    expect(buildSubject(passingReport())).toBe('Fastly audit ACME Corp: PASS');
    const current = passingReport();
    current.delta = computeDelta(current, makeReport({ failingUsers: 0 }));
    expect(buildSubject(current)).toBe('Fastly audit ACME Corp: PASS, 2 resolved');
  });

  it('says what failed for an ERROR run', () => {
    const report = makeReport({ errors: [{ message: 'could not read users', status: 403, operation: 'list_users' }] });
    expect(buildSubject(report)).toBe('Fastly audit ACME Corp: ERROR - could not read users (403)');
  });

  it('cleans and shortens a hostile customer name, never the status part', () => {
    const hostile = `Evil\r\nBcc: victim@example.com\t😈 Corp ${'x'.repeat(300)}`;
    const report = makeReport({ customer: { id: 'c-1', name: hostile } });
    const subject = buildSubject(report);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(PRINTABLE_ASCII);
    expect(subject.startsWith('Fastly audit Evil Bcc: victim@example.com Corp xxx')).toBe(true);
    expect(subject.endsWith('...: 4 failing (critical)')).toBe(true);
  });

  it('keeps a long error within the limit and still printable', () => {
    const report = makeReport({ errors: [{ message: `the API said ${'no '.repeat(100)}\u0007` }] });
    const subject = buildSubject(report);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(PRINTABLE_ASCII);
    expect(subject).toContain(': ERROR - the API said no no');
  });

  it('falls back to the customer id when the name has nothing printable', () => {
    expect(buildSubject(makeReport({ customer: { id: 'c-1', name: '😈🔥' } }))).toBe('Fastly audit c-1: 4 failing (critical)');
  });
});

describe('toPrintableAscii', () => {
  it('transliterates accents and common letters, drops emoji and collapses whitespace', () => {
    expect(toPrintableAscii('  Café\u00a0Straße —\nØresund 🚀 ')).toBe('Cafe Strasse - Oresund');
  });
});

describe('buildNotification', () => {
  it('sets the filterable attributes', () => {
    const notification = buildNotification(makeReport());
    expect(notification.messageAttributes).toEqual({
      status: { DataType: 'String', StringValue: 'FAIL' },
      severity: { DataType: 'String', StringValue: 'critical' },
      customer_id: { DataType: 'String', StringValue: 'x4xCwxxJxGCx123Rx5xTx' },
      change: { DataType: 'String', StringValue: 'FIRST_RUN' },
    });
    expect(buildNotification(passingReport()).messageAttributes.severity.StringValue).toBe('NONE');
  });

  it('has a Chatbot custom notification for https that lists the findings', () => {
    const notification = buildNotification(makeReport({ failingUsers: 2 }), { reportLocation: LOCATION });
    const payload = chat(notification);
    expect(payload.version).toBe('1.0');
    expect(payload.source).toBe('custom');
    expect(payload.id).toBe('run-0001');
    expect(payload.content.textType).toBe('client-markdown');
    expect(payload.content.title).toBe(':red_circle: Fastly audit ACME Corp: 4 failing (critical)');
    expect(payload.content.description).toContain('`user.2fa-enabled` Every user has two-factor authentication enabled (2): `user00001@example.com`, `user00002@example.com`');
    expect(payload.content.nextSteps.at(-1)).toBe(`Full report: ${LOCATION}`);
    expect(payload.content.keywords).toEqual(['FAIL', 'critical', 'FIRST_RUN']);
    expect(Object.keys(payload).sort()).toEqual(['content', 'id', 'source', 'version']);
  });

  it('makes names from the API inert in Slack (no mentions, no code-span breaks)', () => {
    const report = makeReport({ failingUsers: 1 });
    report.findings[2]!.subject.name = '<!channel> `x`';
    const description = chat(buildNotification(report)).content.description;
    expect(description).toContain('`\u2039!channel\u203a x`');
    expect(description).not.toContain('<!channel>');
  });

  it('has an email for people with what was changed, planned and refused and where the report is', () => {
    const email = parts(buildNotification(makeReport({ changes: sampleChanges() }), { reportLocation: LOCATION })).email;
    expect(email.split('\n')[0]).toContain('Fastly audit ACME Corp');
    expect(email).toContain('Changed and verified:\n    - set force_2fa: false -> true (account.force-2fa), verified');
    expect(email).toContain('Would change:\n    - would set ip_whitelist: "0.0.0.0/0" -> "203.0.113.0/24"');
    expect(email).toContain('Refused:\n    - refused to set force_sso: false -> true');
    expect(email).toContain(`Full report: ${LOCATION}`);
    // eslint-disable-next-line no-control-regex
    expect(email).not.toMatch(/\u001b\[/);
  });

  it('says what the run fixed in the subject, the email, Slack and the machine summary', () => {
    const previous = makeReport({ failingUsers: 1 });
    const report = withFindingsFixed(makeReport({ failingUsers: 1 }), ['account.force-2fa']);
    report.delta = computeDelta(report, previous);

    const notification = buildNotification(report);

    expect(notification.subject).toBe('Fastly audit ACME Corp: 2 failing (critical), 1 fixed, 1 resolved');
    expect(parts(notification).email).toContain('Fixed in this run: 1\n  - account.force-2fa (high), account ACME Corp: force_2fa: false -> true, verified');
    const { description } = chat(notification).content;
    expect(description).toContain('1 fixed');
    expect(description).toContain('*Fixed in this run* (1)\n• `account.force-2fa` force_2fa: false \u2192 true, verified');
    expect(JSON.parse(parts(notification).default)).toMatchObject({ change: 'RESOLVED', counts: { failing: 2, fixed: 1 } });
    expect(notification.messageAttributes.change.StringValue).toBe('RESOLVED');
  });

  it('shows the risk and the control-panel steps in the email, not the API call or the references', () => {
    const report = makeReport({ failingUsers: 2 });
    const { email } = parts(buildNotification(report));
    const rule = report.findings.find((finding) => finding.ruleId === 'user.2fa-enabled')!;
    expect(rule.remediation.api).toBeDefined();
    expect(email).toContain(`    risk: ${RISKS['user.2fa-enabled']}`);
    expect(email).toContain(`    fix: ${rule.remediation.console}`);
    expect(email).not.toContain(rule.remediation.api!);
    expect(email).not.toContain('api:');
    expect(email).not.toContain(REFERENCES['user.2fa-enabled']![0]!.url);
  });

  it('keeps Slack short: the control-panel steps as next steps, no API call, risk or references', () => {
    const report = makeReport({ failingUsers: 2 });
    const { content } = chat(buildNotification(report));
    const rule = report.findings.find((finding) => finding.ruleId === 'user.2fa-enabled')!;
    expect(content.nextSteps).toContain(`\`user.2fa-enabled\`: ${rule.remediation.console}`);
    const slack = `${content.description}\n${content.nextSteps.join('\n')}`;
    expect(slack).not.toContain(rule.remediation.api!);
    expect(slack).not.toContain(RISKS['user.2fa-enabled']!);
    expect(slack).not.toContain(REFERENCES['user.2fa-enabled']![0]!.url);
  });

  it('says in Slack what was changed and what would be', () => {
    const description = chat(buildNotification(makeReport({ changes: sampleChanges() }))).content.description;
    expect(description).toContain('*Remediation* (plan)\n• Changed: set force_2fa: false \u2192 true (account.force-2fa), verified');
    expect(description).toContain('• Would change: would set ip_whitelist: "0.0.0.0/0" \u2192 "203.0.113.0/24"');
    expect(description).toContain('• Refused: refused to set force_sso: false \u2192 true');
  });

  it('has a compact machine summary as default', () => {
    const previous = makeReport({ failingUsers: 1 });
    const report = makeReport({ failingUsers: 2 });
    report.delta = computeDelta(report, previous);
    const summary = JSON.parse(parts(buildNotification(report, { reportLocation: LOCATION, reportUrl: URL })).default);
    expect(summary).toEqual({
      runId: 'run-0001',
      customer: { id: 'x4xCwxxJxGCx123Rx5xTx', name: 'ACME Corp' },
      status: 'FAIL',
      change: 'NEW',
      highestSeverity: 'critical',
      counts: { failing: 4, bySeverity: { critical: 1, high: 3, medium: 0, low: 0 }, muted: 1, fixed: 0, usersChecked: 5 },
      delta: { new: 1, resolved: 0, unchanged: 3 },
      errors: [],
      remediation: { mode: 'plan', changes: [] },
      reportLocation: LOCATION,
      reportUrl: URL,
    });
  });

  it('tells machines what the run changed in the account, whether or not the report was archived', () => {
    const report = makeReport({ mode: 'apply', changes: sampleChanges() });
    report.remediation.changes[2] = { ...report.remediation.changes[2]!, to: `${'203.0.113.0/24,'.repeat(40)}198.51.100.0/24` };

    for (const reportLocation of [LOCATION, undefined]) {
      const { remediation } = JSON.parse(parts(buildNotification(report, { reportLocation })).default);
      expect(remediation.mode).toBe('apply');
      expect(remediation.changes.slice(0, 2)).toEqual([
        { ruleId: 'account.force-2fa', field: 'force_2fa', from: false, to: true, status: 'verified', after: true },
        { ruleId: 'account.pci', field: 'has_pci', from: false, to: true, status: 'failed', after: false, reason: 'read back false after the write' },
      ]);
      // A long allowlist is cut; the change is still there.
      expect(remediation.changes[2]).toMatchObject({ field: 'ip_whitelist', status: 'planned', to: expect.stringMatching(/^203\.0\.113\.0\/24,.*\.\.\.$/) });
      expect(remediation.changes[2].to).toHaveLength(300);
      expect(remediation.changes.map((change: { status: string }) => change.status)).toEqual(['verified', 'failed', 'planned', 'refused']);
    }
  });

  it('keeps a 20,000-user failing account under 256 KiB and still lists findings with "and N more"', () => {
    const report = makeReport({ failingUsers: 20_000 });
    const notification = buildNotification(report, { reportLocation: LOCATION });
    expect(notificationBytes(notification)).toBeLessThan(SNS_MAX_PUBLISH_BYTES);
    const { email } = parts(notification);
    expect(email).toContain(userLogin(1));
    expect(email).toMatch(/\.\.\. and [\d,]+ more; full report: s3:\/\/audit-bucket\//);
    const description = chat(notification).content.description;
    expect(description.length).toBeLessThanOrEqual(3000);
    expect(description).toContain(userLogin(1));
    expect(description).toMatch(/and 19,99\d more/);
  });

  it('measures the whole publish in UTF-8 bytes: subject, message and attributes', () => {
    const notification = buildNotification(makeReport({ customer: { id: 'c-1', name: 'Café 😀' } }));
    const attributes = Object.entries(notification.messageAttributes).reduce(
      (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value.DataType) + Buffer.byteLength(value.StringValue),
      0,
    );
    expect(notificationBytes(notification)).toBe(
      Buffer.byteLength(notification.subject) + Buffer.byteLength(notification.message) + attributes,
    );
  });

  it('cuts the email as a last resort when the findings themselves are huge', () => {
    const report = makeReport({ failingUsers: 3 });
    // The fix is printed once per rule even when no finding is listed: only a cut can make it fit.
    const console = `ü${'very long console steps '.repeat(20_000)}`;
    for (const finding of report.findings) finding.remediation = { ...finding.remediation, console };
    const maxBytes = 100_000;
    const notification = buildNotification(report, { reportLocation: LOCATION, maxBytes });
    expect(notificationBytes(notification)).toBeLessThanOrEqual(maxBytes);
    expect(notificationBytes(notification)).toBeGreaterThan(maxBytes - 1_000);
    expect(parts(notification).email).toContain(`... cut to fit one notification; full report: ${LOCATION}`);
    expect(chat(notification).content.description.length).toBeLessThanOrEqual(3000);
  });

  it('notifies an ERROR report with what failed and what to do', () => {
    const report: Report = createErrorReport({
      runId: 'req-9',
      startedAt: new Date('2026-03-14T02:00:00Z'),
      finishedAt: new Date('2026-03-14T02:00:01Z'),
      errors: [
        {
          message: 'secret fastly-token has no token',
          action: 'aws secretsmanager put-secret-value --secret-id fastly-token --secret-string <token>',
        },
      ],
      mode: 'plan',
    });
    const notification = buildNotification(report);
    expect(notification.subject).toBe('Fastly audit unknown customer: ERROR - secret fastly-token has no token');
    expect(notification.messageAttributes.status.StringValue).toBe('ERROR');
    expect(notification.messageAttributes.customer_id.StringValue).toBe('unknown');
    expect(parts(notification).email).toContain('what to do: aws secretsmanager put-secret-value --secret-id fastly-token');
    const payload = chat(notification);
    expect(payload.content.title.startsWith(':warning: ')).toBe(true);
    expect(payload.content.description).toContain('*Errors*\n• secret fastly-token has no token');
    expect(payload.content.nextSteps[0]).toBe(
      'aws secretsmanager put-secret-value --secret-id fastly-token --secret-string \u2039token\u203a',
    );
  });

  it('sums compliance up in one line in the email and in Slack', () => {
    const notification = buildNotification(withCompliance(makeReport()));
    const line = 'Compliance: PCI DSS 4.0: 0 of 3 requirements met, 2 not met, 1 not assessed; SOC 2 2017 TSC: 0 of 2 requirements met, 1 not met, 1 not assessed';

    expect(parts(notification).email.split('\n')).toContain(line);
    expect(chat(notification).content.description.split('\n')).toContain(line);
  });

  it('links the email and Slack to the report page in the S3 console (never a pre-signed URL)', () => {
    const notification = buildNotification(makeReport(), { reportLocation: LOCATION, reportUrl: URL });

    const { email } = parts(notification);
    expect(email.trimEnd().split('\n').slice(-2)).toEqual([`Full report: ${LOCATION}`, `Open the report: ${URL}`]);
    expect(chat(notification).content.nextSteps.at(-1)).toBe(`Open the report: ${URL}`);
    expect(notification.message).not.toMatch(/X-Amz-(Signature|Credential)/);
  });

  it('keeps the link when the email is cut to fit one notification', () => {
    // Errors are never left out of the email: only the last resort, cutting the text, makes this fit.
    const report = makeReport({ errors: [{ message: 'x'.repeat(100_000) }] });

    const { email } = parts(buildNotification(report, { reportLocation: LOCATION, reportUrl: URL, maxBytes: 60_000 }));

    expect(email).toContain('... cut to fit one notification');
    expect(email.trimEnd().endsWith(`Open the report: ${URL}`)).toBe(true);
  });
});
