/**
 * The handler's Security Hub step over a mocked Security Hub (aws-sdk-client-mock), the real
 * Fastly client against the simulator and the in-memory bucket: on only with
 * SECURITY_HUB_PRODUCT_ARN, the lifecycle of findings across two runs, and every way the import
 * can fail ending as an error of the run (archived, notified), within its slot, never a crash.
 */
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding, type BatchImportFindingsCommandInput } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { Report } from '../../../lambda/report/model.js';
import { asffProblems } from '../../helpers/asff-checks.js';
import { everythingSent, published, storedReport } from '../../helpers/aws-fakes.js';
import { BUCKET, LATEST, POLICY, TOKEN, useHandlerHarness } from '../../helpers/handler-harness.js';

const harness = useHandlerHarness();
const { sns, newHandler, invoke } = harness;
const securityHub = mockClient(SecurityHubClient);
const PRODUCT_ARN = 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default';
const ON = { SECURITY_HUB_PRODUCT_ARN: PRODUCT_ARN };
const never = () => new Promise<never>(() => undefined);

/** Every finding sent, by call; the last import of each record id wins, as in Security Hub. */
function sentCalls(): AwsSecurityFinding[][] {
  return securityHub.commandCalls(BatchImportFindingsCommand).map((call) => (call.args[0].input as BatchImportFindingsCommandInput).Findings ?? []);
}

function lastRecords(): Map<string, AwsSecurityFinding> {
  return new Map(sentCalls().flat().map((record) => [record.ProductFields?.['fastly-compliance-auditor/FindingId'] ?? '', record]));
}

function findingId(report: Report, ruleId: string, subjectName: string): string {
  const finding = report.findings.find((candidate) => candidate.ruleId === ruleId && candidate.subject.name === subjectName);
  if (!finding) throw new Error(`no ${ruleId} finding for ${subjectName}`);
  return finding.id;
}

function archivedReports(): Report[] {
  // The JSON reports: the run's page and access review (.html, .csv) are archived beside them.
  return [...harness.bucket.keys()].filter((key) => key.startsWith(`${BUCKET}/reports/`) && key.endsWith('.json')).map((key) => storedReport(harness.bucket, key));
}

beforeEach(() => {
  securityHub.reset();
  securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({ SuccessCount: input.Findings?.length ?? 0, FailedCount: 0, FailedFindings: [] }));
});

describe('turning the import on and off', () => {
  it('does not call Security Hub without SECURITY_HUB_PRODUCT_ARN', async () => {
    const { result } = await invoke(newHandler(), 'run-off');

    expect(result?.status).toBe('FAIL');
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('imports every open finding of the run into the product, each a valid ASFF record with no token in it, and logs it', async () => {
    const { result } = await invoke(newHandler(ON), 'run-on');

    expect(result?.status).toBe('FAIL');
    const report = storedReport(harness.bucket, LATEST);
    const records = sentCalls().flat();
    const open = report.findings.filter((finding) => ['FAIL', 'ERROR', 'MUTED'].includes(finding.status));
    expect(records).toHaveLength(open.length);
    expect(sentCalls().every((call) => call.length <= 100)).toBe(true);
    for (const record of records) {
      expect(record).toMatchObject({ ProductArn: PRODUCT_ARN, AwsAccountId: '123456789012', Resources: [expect.objectContaining({ Region: 'eu-west-1', Partition: 'aws' })] });
      expect(asffProblems(record)).toEqual([]);
    }
    expect(everythingSent(securityHub)).not.toContain(TOKEN);
    expect(harness.output.logs()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: 'importing the findings into Security Hub', findings: records.length }),
        expect.objectContaining({ message: 'findings imported into Security Hub', sent: records.length, imported: records.length, refused: 0 }),
      ]),
    );
    expect(report.errors).toEqual([]);
  });
});

describe('the lifecycle across runs', () => {
  it('X fixed by the run and Z fixed by hand are archived as PASSED, Y muted is SUPPRESSED, and W is left open while its rule cannot be evaluated', async () => {
    // Run 1 (plan): X = has_pci false, Y and Z = users without 2FA, W = a token that never expires.
    await invoke(newHandler(ON), 'run-1');
    const first = storedReport(harness.bucket, LATEST);
    const X = findingId(first, 'account.pci', first.customer.name);
    const Y = findingId(first, 'user.2fa-enabled', 'tom.becker@acme.example');
    const Z = findingId(first, 'user.2fa-enabled', 'aiko.tanaka@acme.example');
    const W = findingId(first, 'token.expiry', 'terraform-prod');
    for (const id of [X, Y, Z, W]) expect(lastRecords().get(id)).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } });
    const firstSeen = lastRecords().get(Y)?.CreatedAt;

    // Run 2 (apply): the run fixes has_pci, Y is accepted by an exception, Aiko enabled 2FA.
    securityHub.resetHistory();
    const exception = { rule: 'user.2fa-enabled', subject: 'tom.becker@acme.example', reason: 'hardware key on order', expires: '2099-12-31', ticket: 'SEC-42' };
    process.env.FASTLY_AUDIT_POLICY_JSON = JSON.stringify({ ...POLICY, exceptions: [exception] });
    harness.setUser('aiko.tanaka@acme.example', { two_factor_auth_enabled: true });
    await invoke(newHandler({ ...ON, REMEDIATION: 'apply' }), 'run-2');

    const second = lastRecords();
    expect(second.get(X)).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' } });
    expect(second.get(X)?.Description).toMatch(/^Fixed by the auditor in run run-2 \(has_pci: false -> true, verified\)\./);
    expect(second.get(Y)).toMatchObject({
      Compliance: { Status: 'WARNING' },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Accepted by a policy exception until 2099-12-31, ticket SEC-42: hardware key on order.', UpdatedBy: 'fastly-compliance-auditor' },
      CreatedAt: firstSeen,
    });
    expect(second.get(Z)).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED', Title: 'Every user has two-factor authentication enabled (user aiko.tanaka@acme.example)' });
    expect(second.get(W)).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });

    // Run 3: the token list answers 403 (a run on partial data fixes nothing, so this is a run of its own).
    securityHub.resetHistory();
    harness.simulator.setFault('list_customer_tokens', { status: 403 });
    const { error } = await invoke(newHandler({ ...ON, REMEDIATION: 'apply' }), 'run-3');

    expect(error?.message).toContain('403');
    const third = lastRecords();
    // token.expiry could not be evaluated: W is not archived, and the rule's ERROR is never PASSED.
    expect(third.has(W)).toBe(false);
    const unchecked = [...third.values()].filter((record) => record.ProductFields?.['fastly-compliance-auditor/Status'] === 'ERROR');
    expect(unchecked.map((record) => record.GeneratorId).sort()).toEqual(['token.expiry', 'token.owner', 'token.unused']);
    for (const record of unchecked) expect(record).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE' }, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } });
    // X, archived in run 2, passes: nothing more to say about it.
    expect(third.has(X)).toBe(false);
    for (const record of [...second.values(), ...third.values()]) expect(asffProblems(record)).toEqual([]);
  });
});

describe('a failing import is an error of the run, never a crash', () => {
  it('access denied: the run is archived and notified with status ERROR, saying what failed and what to do', async () => {
    securityHub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('User is not authorized to perform: securityhub:BatchImportFindings'), { name: 'AccessDeniedException' }));

    const { error } = await invoke(newHandler(ON), 'run-denied');

    expect(error?.message).toMatch(/^Fastly audit run run-denied failed: .*Security Hub import into arn:aws:securityhub:eu-west-1:123456789012:product\/123456789012\/default failed after 0 of \d+ findings: AccessDeniedException/);
    const [archived] = archivedReports();
    expect(archived?.status).toBe('ERROR');
    expect(archived?.errors).toEqual([expect.objectContaining({ operation: 'import_security_hub_findings', action: expect.stringContaining('securityhub:BatchImportFindings') })]);
    const [notification] = published(sns);
    expect(notification?.attributes.status).toBe('ERROR');
    expect(notification?.message.email).toContain('Security Hub import into');
    // The findings themselves were complete: the customer's latest report stays the one before, so the next run imports the resolved ones again.
    expect(harness.bucket.has(LATEST)).toBe(false);
  });

  it('refused findings: retried once, then named in the errors and in the notification', async () => {
    let refusedId: string | undefined;
    securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      refusedId ??= input.Findings?.[0]?.Id;
      const refused = input.Findings?.filter((finding) => finding.Id === refusedId) ?? [];
      return {
        SuccessCount: (input.Findings?.length ?? 0) - refused.length,
        FailedCount: refused.length,
        FailedFindings: refused.map((finding) => ({ Id: finding.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding is invalid' })),
      };
    });

    await invoke(newHandler(ON), 'run-refused');

    expect(sentCalls().at(-1)?.map((finding) => finding.Id)).toEqual([refusedId]);
    const [notification] = published(sns);
    const errors = JSON.parse(notification!.message.default).errors as { message: string }[];
    expect(errors).toEqual([expect.objectContaining({ message: `Security Hub import partly failed: 1 of ${sentCalls()[0]!.length} findings were refused twice: ${refusedId} (InvalidInput: Finding is invalid)` })]);
    expect(notification?.message.email).toContain('Security Hub import partly failed');
  });

  it('a hung Security Hub: the step ends at its slot, and the archive and the notification still happen before the deadline', async () => {
    securityHub.on(BatchImportFindingsCommand).callsFake(never);
    const remainingMs = 3_000;
    const started = Date.now();

    const { error } = await invoke(newHandler(ON), 'run-hung', remainingMs);

    expect(Date.now() - started).toBeLessThan(remainingMs);
    expect(error?.message).toMatch(/importing the findings into Security Hub took longer than the \d+ ms it had; 0 of \d+ findings were imported/);
    const options = (securityHub.commandCalls(BatchImportFindingsCommand)[0]?.args as unknown[] | undefined)?.[1] as { abortSignal?: AbortSignal } | undefined;
    expect(options?.abortSignal?.aborted).toBe(true);
    expect(archivedReports()).toHaveLength(1);
    expect(published(sns)[0]?.attributes.status).toBe('ERROR');
  });

  it('a run that failed before it knew the account imports nothing', async () => {
    harness.simulator.setFault('get_logged_in_customer', { status: 401 });

    await invoke(newHandler(ON), 'run-401');

    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(published(sns)[0]?.attributes).toMatchObject({ status: 'ERROR', customer_id: 'unknown' });
  });
});
