import { renderText } from '../../../lambda/report/text.js';
import { makeReport, passingReport, REFERENCES, RISKS, sampleChanges, userLogin, withCompliance, withFindingsFixed } from '../../helpers/report-fixtures.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

describe('renderText', () => {
  it('starts with one summary line: customer, status, failing by severity, users checked', () => {
    const text = renderText(makeReport({ failingUsers: 2 }));
    const [first] = text.split('\n');
    expect(first).toBe(
      'Fastly audit ACME Corp (x4xCwxxJxGCx123Rx5xTx): FAIL - 4 failing (1 critical, 3 high), 1 muted, 5 users checked',
    );
  });

  it('groups failing findings by severity, critical first, each with subject, what is wrong and the fix', () => {
    const text = renderText(makeReport({ failingUsers: 2 }));
    const critical = text.indexOf('CRITICAL (1)');
    const high = text.indexOf('HIGH (3)');
    expect(critical).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(critical);
    expect(text).toContain(
      '    - user owner@example.com: The account owner owner@example.com does not have two-factor authentication enabled',
    );
    expect(text).toContain('    fix: Ask the owner to enable 2FA under Profile > Two-factor authentication');
    expect(text).toContain(`    - user ${userLogin(2)}: two-factor authentication is not enabled`);
  });

  it('says each failing rule\'s risk, fix in the control panel and by API, and references once per rule', () => {
    const report = makeReport({ failingUsers: 10_000 });
    const rule = report.findings.find((finding) => finding.ruleId === 'user.2fa-enabled')!;
    const text = renderText(report);
    const once = (line: string) => expect(text.split('\n').filter((candidate) => candidate === line)).toHaveLength(1);
    once(`    risk: ${RISKS['user.2fa-enabled']}`);
    once(`    fix: ${rule.remediation.console}`);
    once(`    api: ${rule.remediation.api}`);
    once(`    references: ${REFERENCES['user.2fa-enabled']!.map((reference) => reference.url).join(' ')}`);
    const block = text.slice(text.indexOf('  user.2fa-enabled:'));
    expect(block.indexOf('    risk:')).toBeLessThan(block.indexOf('    fix:'));
    expect(block.indexOf('    references:')).toBeLessThan(block.indexOf(`    - user ${userLogin(1)}`));
  });

  it('leaves out the api line for a rule without an API call', () => {
    const text = renderText(makeReport());
    const owner = text.slice(text.indexOf('  account.owner-2fa:'), text.indexOf('HIGH ('));
    expect(owner).toContain('    fix: Ask the owner to enable 2FA under Profile > Two-factor authentication');
    expect(owner).not.toContain('api:');
  });

  it('for email: the risk and the control-panel steps, without API calls or references', () => {
    const report = makeReport();
    const rule = report.findings.find((finding) => finding.ruleId === 'user.2fa-enabled')!;
    const text = renderText(report, { audience: 'email' });
    expect(text).toContain(`    risk: ${RISKS['user.2fa-enabled']}`);
    expect(text).toContain(`    fix: ${rule.remediation.console}`);
    expect(text).not.toContain('api:');
    expect(text).not.toContain(rule.remediation.api!);
    expect(text).not.toContain('references:');
  });

  it('gives each finding its own fix when the findings of a rule disagree', () => {
    const report = makeReport({ failingUsers: 2 });
    const second = report.findings.find((finding) => finding.subject.name === userLogin(2))!;
    second.remediation = { ...second.remediation, console: 'Ask this user in person.', api: 'PUT /user/{user_id} nothing.' };
    const text = renderText(report);
    expect(text).toContain(`    - user ${userLogin(2)}: two-factor authentication is not enabled\n      fix: Ask this user in person.\n      api: PUT /user/{user_id} nothing.`);
    expect(text.split('\n').filter((line) => line.startsWith(`    risk: ${RISKS['user.2fa-enabled']}`))).toHaveLength(1);
  });

  it('counts muted findings with the exception reason and expiry without listing them', () => {
    const text = renderText(makeReport());
    expect(text).toContain('Muted by exception: 1');
    expect(text).toContain('  - user.2fa-enabled: 1 (hardware-key service account; expires 2027-03-31; ticket SEC-123)');
    expect(text).not.toContain('ci-bot@example.com');
    expect(text).toContain('Not applicable: user.email-domain');
  });

  it('cuts long lists with "... and N more" and the pointer to the full report', () => {
    const text = renderText(makeReport({ failingUsers: 30 }), { maxPerSeverity: 5, reportLocation: 's3://bucket/key.json' });
    // HIGH holds force-2fa (1 finding) then 30 users: 4 users fit in the budget of 5.
    expect(text).toContain(userLogin(4));
    expect(text).not.toContain(userLogin(5));
    expect(text).toContain('    ... and 26 more; full report: s3://bucket/key.json');
    expect(text.trimEnd().endsWith('Full report: s3://bucket/key.json')).toBe(true);
  });

  it('says plainly what was changed, what failed, what would change and what was refused', () => {
    const text = renderText(makeReport({ mode: 'apply', changes: sampleChanges() }));
    expect(text).toContain('Remediation (mode apply)');
    expect(text).toContain('  Changed and verified:\n    - set force_2fa: false -> true (account.force-2fa), verified');
    expect(text).toContain(
      '  Failed:\n    - tried to set has_pci: false -> true (account.pci) but found false: read back false after the write',
    );
    expect(text).toContain(
      '  Would change:\n    - would set ip_whitelist: "0.0.0.0/0" -> "203.0.113.0/24" (account.ip-allowlist): remediation mode is plan',
    );
    expect(text).toContain('  Refused:\n    - refused to set force_sso: false -> true (account.force-sso): the policy does not state ssoConfigured: true');
    expect(text).toContain('      usersLoggedOut: a@example.com, b@example.com');
  });

  it('says there is nothing to change when remediation has no changes', () => {
    expect(renderText(passingReport())).toContain('Remediation (mode plan): nothing to change.');
  });

  it('lists errors with what to do about them', () => {
    const report = makeReport({
      errors: [{ message: 'could not read users', status: 403, operation: 'list_users', action: 'add this address to the allowlist' }],
    });
    const text = renderText(report);
    expect(text.split('\n')[0]).toContain(': ERROR - audit incomplete, 1 error,');
    expect(text).toContain('Errors\n  - list_users (403): could not read users\n    what to do: add this address to the allowlist');
  });

  it('marks new findings when a delta is known', () => {
    const report = makeReport({ failingUsers: 1 });
    const fresh = report.findings.find((finding) => finding.subject.name === userLogin(1));
    report.delta = { new: [fresh!.id], resolved: [], unchanged: [], previousStatus: 'FAIL' };
    const text = renderText(report);
    expect(text).toContain(`user ${userLogin(1)}: two-factor authentication is not enabled [new]`);
    expect(text).toContain('Since the previous run (FAIL): 1 new, 0 resolved, 0 unchanged');
  });

  it('says what this run fixed and verified, apart from what fails, and counts it in the summary line', () => {
    const report = withFindingsFixed(makeReport({ failingUsers: 1 }), ['account.force-2fa']);

    const text = renderText(report);

    expect(text.split('\n')[0]).toBe(
      'Fastly audit ACME Corp (x4xCwxxJxGCx123Rx5xTx): FAIL - 2 failing (1 critical, 1 high), 1 fixed, 1 muted, 4 users checked',
    );
    expect(text).toContain('Fixed in this run: 1\n  - account.force-2fa (high), account ACME Corp: force_2fa: false -> true, verified');
    expect(text.slice(text.indexOf('Failing findings'), text.indexOf('Fixed in this run'))).not.toMatch(/^ {2}account\.force-2fa:/m);
  });

  it('lists the rules it could not check apart from the failing ones, under "Not checked"', () => {
    const report = makeReport({ failingUsers: 0, accountFailing: false, errors: [{ message: 'could not read users', operation: 'list_users' }] });
    report.findings = report.findings.map((finding) =>
      finding.ruleId === 'user.2fa-enabled' ? { ...finding, status: 'ERROR' as const, message: 'Not evaluated: the user list could not be read.' } : finding,
    );
    report.summary = { ...report.summary, byStatus: { ...report.summary.byStatus, MUTED: 0, ERROR: 1 } };

    const text = renderText(report);

    expect(text.split('\n')[0]).toContain(': ERROR - audit incomplete, 1 error, 0 failing, 1 not checked,');
    expect(text).not.toContain('Failing findings');
    expect(text).toContain('Not checked (1): the data these rules need could not be read\n  - user.2fa-enabled (high): Not evaluated: the user list could not be read.');
  });

  it('says DEMO in the first line of a demo report', () => {
    expect(renderText({ ...makeReport(), demo: true }).split('\n')[0]).toMatch(/^Fastly audit \(DEMO\) ACME Corp /);
  });

  it('uses ANSI colour only when asked', () => {
    const report = makeReport();
    expect(renderText(report)).not.toMatch(ANSI);
    expect(renderText(report, { color: false })).not.toMatch(ANSI);
    expect(renderText(report, { color: true })).toMatch(ANSI);
  });

  it('lists every compliance requirement with its status and rules on a terminal, after each framework\'s counts', () => {
    const text = renderText(withCompliance(makeReport()));

    const section = text.slice(text.indexOf('\nCompliance\n'), text.indexOf('\nRemediation'));
    expect(section).toContain('\n  PCI DSS 4.0: 0 of 3 requirements met, 2 not met, 1 not assessed\n');
    expect(section).toContain('\n    8.4.2  not met       MFA is implemented for all access into the cardholder data environment (account.force-2fa, user.2fa-enabled)\n');
    expect(section).toContain('\n    8.2.1  not assessed  Every user is assigned a unique ID (user.email-domain)\n');
    expect(section).toContain('\n  SOC 2 2017 TSC: 0 of 2 requirements met, 1 not met, 1 not assessed\n');
  });

  it('sums compliance up in one line in the email', () => {
    const text = renderText(withCompliance(passingReport()), { audience: 'email' });

    const lines = text.split('\n').filter((line) => line.includes('Compliance') || line.includes('requirements met'));
    expect(lines).toEqual([
      'Compliance: PCI DSS 4.0: 1 of 3 requirements met, 1 by exception, 1 not assessed; SOC 2 2017 TSC: 0 of 2 requirements met, 1 by exception, 1 not assessed',
    ]);
  });

  it('has no compliance section for a report without a summary (written before it existed)', () => {
    expect(renderText(makeReport())).not.toContain('Compliance');
  });
});
