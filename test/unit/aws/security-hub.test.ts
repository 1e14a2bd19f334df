/**
 * BatchImportFindings as the run calls it: batches of at most 100, the findings Security Hub
 * refuses sent once more, what it refuses twice named by id and error, and a call that fails as a
 * whole ending the import with how far it got and what to do.
 */
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding, type BatchImportFindingsCommandInput } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { importFindings, partialImportError, SecurityHubImportError } from '../../../lambda/aws/security-hub.js';
import { toReportError } from '../../../lambda/failure.js';
import { securityHubTarget } from '../../../lambda/securityhub/target.js';

const TARGET = securityHubTarget('123456789012', 'us-east-1');
const securityHub = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: 'us-east-1' });
const signal = new AbortController().signal;

function findings(count: number): { total: number; records: AwsSecurityFinding[] } {
  return { total: count, records: Array.from({ length: count }, (_, index) => ({ Id: `finding-${index}` }) as AwsSecurityFinding) };
}

/** The ids of each call, in the order they were made. */
function callIds(): string[][] {
  return securityHub.commandCalls(BatchImportFindingsCommand).map((call) => (call.args[0].input as BatchImportFindingsCommandInput).Findings!.map((finding) => finding.Id!));
}

function accept(input: BatchImportFindingsCommandInput) {
  return { SuccessCount: input.Findings?.length ?? 0, FailedCount: 0, FailedFindings: [] };
}

beforeEach(() => {
  securityHub.reset();
  securityHub.on(BatchImportFindingsCommand).callsFake(accept);
});

describe('importFindings', () => {
  it.each([
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
  ])('sends %i findings in calls of %j, each finding once', async (count, sizes) => {
    const sent = findings(count);

    const outcome = await importFindings(client, TARGET, sent, signal);

    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, sizes.length);
    expect(callIds().map((ids) => ids.length).sort((a, b) => b - a)).toEqual(sizes);
    expect(callIds().flat().sort()).toEqual(sent.records.map((finding) => finding.Id).sort());
    expect(outcome).toEqual({ sent: count, imported: count, refused: [] });
  });

  it('makes no call for no findings', async () => {
    await expect(importFindings(client, TARGET, findings(0), signal)).resolves.toEqual({ sent: 0, imported: 0, refused: [] });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('sends the refused findings once more, and names the ones refused again by id and error', async () => {
    const refuseAlways = new Set(['finding-3']);
    const refuseOnce = new Set(['finding-7', 'finding-150']);
    securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      const failed = input.Findings!.filter((finding) => refuseAlways.has(finding.Id!) || refuseOnce.delete(finding.Id!));
      return {
        SuccessCount: input.Findings!.length - failed.length,
        FailedCount: failed.length,
        FailedFindings: failed.map((finding) => ({ Id: finding.Id, ErrorCode: 'InvalidInput', ErrorMessage: `Finding ${finding.Id} is invalid` })),
      };
    });

    const outcome = await importFindings(client, TARGET, findings(250), signal);

    // Three calls, then one more with the three refused findings.
    expect(callIds().map((ids) => ids.length)).toEqual([100, 100, 50, 3]);
    expect(callIds()[3]).toEqual(['finding-3', 'finding-7', 'finding-150']);
    expect(outcome).toEqual({ sent: 250, imported: 249, refused: [{ id: 'finding-3', code: 'InvalidInput', message: 'Finding finding-3 is invalid' }] });

    const error = toReportError(partialImportError(outcome, TARGET));
    expect(error).toEqual({
      message: 'Security Hub import partly failed: 1 of 250 findings were refused twice: finding-3 (InvalidInput: Finding finding-3 is invalid)',
      operation: 'import_security_hub_findings',
      action: 'The next run imports these findings again; if Security Hub keeps refusing them, report it with the error above.',
    });
  });

  it('names the first ten refused findings and counts the rest; Security Hub not enabled says to enable it or turn the import off', async () => {
    securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
      SuccessCount: 0,
      FailedCount: input.Findings!.length,
      FailedFindings: input.Findings!.map((finding) => ({ Id: finding.Id, ErrorCode: 'InvalidAccess', ErrorMessage: 'Account is not subscribed to AWS Security Hub' })),
    }));

    const outcome = await importFindings(client, TARGET, findings(12), signal);
    const error = toReportError(partialImportError(outcome, TARGET));

    expect(outcome.imported).toBe(0);
    expect(error.message).toMatch(/^Security Hub import partly failed: 12 of 12 findings were refused twice: finding-0 \(InvalidAccess: Account is not subscribed to AWS Security Hub\); .*finding-9 \(InvalidAccess: [^)]+\); and 2 more$/);
    expect(error.action).toBe('Enable Security Hub CSPM in us-east-1 for account 123456789012 (the Region the stack is deployed to), or deploy with -c securityHub=false.');
  });

  it('keeps a refused id it never sent as refused, without sending anything for it', async () => {
    securityHub.on(BatchImportFindingsCommand).resolvesOnce({ SuccessCount: 1, FailedCount: 1, FailedFindings: [{ Id: 'not-sent', ErrorCode: 'InternalError', ErrorMessage: 'oops' }] });

    const outcome = await importFindings(client, TARGET, findings(1), signal);

    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(outcome.refused).toEqual([{ id: 'not-sent', code: 'InternalError', message: 'oops' }]);
  });

  it('ends the import when a call fails as a whole, saying how far it got and what to do about access denied', async () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .callsFakeOnce(accept)
      .rejects(Object.assign(new Error('User is not authorized to perform: securityhub:BatchImportFindings'), { name: 'AccessDeniedException' }));

    const error = await importFindings(client, TARGET, findings(1_000), signal).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecurityHubImportError);
    expect(toReportError(error)).toEqual({
      message: `Security Hub import into ${TARGET.productArn} failed after 100 of 1000 findings: AccessDeniedException: User is not authorized to perform: securityhub:BatchImportFindings`,
      operation: 'import_security_hub_findings',
      action: `The function's role may call securityhub:BatchImportFindings on ${TARGET.productArn}: deploy the stack with securityHub on (it grants that), and check that no SCP or permissions boundary denies it.`,
    });
    // No call starts after the failure: at most the calls already in flight.
    expect(callIds().length).toBeLessThanOrEqual(4);
  });

  it('makes each batch only when a call is free: a failed import never built the findings it did not send', async () => {
    let made = 0;
    function* lazily(): Generator<AwsSecurityFinding> {
      for (let index = 0; index < 100_000; index += 1) {
        made += 1;
        yield { Id: `finding-${index}` } as AwsSecurityFinding;
      }
    }
    securityHub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(importFindings(client, TARGET, { total: 100_000, records: lazily() }, signal)).rejects.toThrow(/failed after 0 of 100000 findings: ThrottlingException: Rate exceeded$/);

    // The calls in flight at most: three batches of 100.
    expect(made).toBeLessThanOrEqual(300);
  });

  it('passes the step\'s abort signal to every call', async () => {
    const controller = new AbortController();
    await importFindings(client, TARGET, findings(150), controller.signal);
    for (const call of securityHub.commandCalls(BatchImportFindingsCommand)) expect((call.args as unknown[])[1]).toEqual({ abortSignal: controller.signal });
  });
});
