/**
 * A run against AWS endpoints that never answer: each step ends at its slot of the invocation's
 * time, the SDK request is aborted, every step that did not finish is logged, and the ERROR
 * notification goes out before Lambda's deadline. A write to the account is logged the moment it
 * is made, even when what follows never finishes.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { jsonPutKeys, published } from '../../helpers/aws-fakes.js';
import { useHandlerHarness } from '../../helpers/handler-harness.js';

const harness = useHandlerHarness();
const { s3, sns, newHandler, invoke } = harness;
const never = () => new Promise<never>(() => undefined);
const SHORT_RUN_MS = 3_000;

/** Invokes with SHORT_RUN_MS of Lambda time; how long the handler took. */
async function timedRun(runId: string, env: Record<string, string> = {}, remainingMs = SHORT_RUN_MS) {
  const started = Date.now();
  const outcome = await invoke(newHandler(env), runId, remainingMs);
  return { ...outcome, tookMs: Date.now() - started };
}

function messages(): unknown[] {
  return harness.output.logs().map((line) => line.message);
}

describe('a hung AWS endpoint', () => {
  it('S3 reads: the run logs the step, aborts the request, archives and notifies ERROR before the deadline', async () => {
    s3.on(GetObjectCommand).callsFake(never);
    const { error, tookMs } = await timedRun('run-s3-read-hung');

    expect(tookMs).toBeLessThan(SHORT_RUN_MS);
    expect(error?.message).toMatch(/reading the previous report took longer than the \d+ ms it had/);
    expect(messages()).toEqual(expect.arrayContaining(['reading the previous report', 'could not read the previous report', 'archiving the report', 'publishing the notification']));
    // The SDK got the step's signal, which aborted its request.
    const [call] = s3.commandCalls(GetObjectCommand);
    const options = (call?.args as unknown[] | undefined)?.[1] as { abortSignal?: AbortSignal } | undefined;
    expect(options?.abortSignal?.aborted).toBe(true);
    const [notification] = published(sns);
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', change: 'UNKNOWN' });
    expect(JSON.parse(notification!.message.default).errors).toEqual([
      expect.objectContaining({ operation: 'read_previous_report', message: expect.stringMatching(/took longer than/) }),
    ]);
    // Archived (an ERROR run: not as the customer's latest report).
    expect(jsonPutKeys(s3)).toEqual([expect.stringMatching(/^reports\//), 'latest/runs/last.json']);
  });

  it('S3 writes: the notification says the report could not be archived', async () => {
    s3.on(PutObjectCommand).callsFake(never);
    const { error, tookMs } = await timedRun('run-s3-write-hung');

    expect(tookMs).toBeLessThan(SHORT_RUN_MS);
    expect(error?.message).toMatch(/The report could not be archived: archiving the report took longer than the \d+ ms it had/);
    expect(messages()).toContain('could not archive the report');
    const [notification] = published(sns);
    expect(notification?.attributes.status).toBe('ERROR');
    expect(JSON.parse(notification!.message.default).reportLocation).toBeNull();
  });

  it('SNS: the failure is logged and the invocation fails before the deadline', async () => {
    sns.on(PublishCommand).callsFake(never);
    const { error, tookMs } = await timedRun('run-sns-hung');

    expect(tookMs).toBeLessThan(SHORT_RUN_MS);
    expect(error?.message).toMatch(/notification failed: publishing the notification took longer than the \d+ ms it had/);
    expect(harness.output.logs().find((line) => line.message === 'could not publish the notification')).toMatchObject({ level: 'ERROR' });
    expect(jsonPutKeys(s3)).toHaveLength(3);
  });

  it('logs each slow step before it starts, with the time left', async () => {
    await timedRun('run-steps', {}, 300_000);

    const steps = harness.output.logs().filter((line) => typeof line.remainingMs === 'number');
    expect(steps.map((line) => line.message)).toEqual([
      'reading the Fastly API token',
      'auditing the Fastly account',
      'reading the previous report',
      'archiving the report',
      'publishing the notification',
    ]);
    for (const line of steps) expect(line.remainingMs).toBeLessThanOrEqual(300_000);
  });
});

describe('a write to the account', () => {
  it('is logged as soon as Fastly accepts it, when its read-back then never answers', async () => {
    // The write needs its whole Fastly timeout (10 s) left; the verifying read then hangs until the Fastly slot ends.
    harness.simulator.setFault('get_customer', { hang: true });
    const { error, tookMs } = await timedRun('run-apply-unverified', { REMEDIATION: 'apply' }, 24_000);

    expect(tookMs).toBeLessThan(24_000);
    expect(harness.simulator.customer().has_pci).toBe(true);
    const lines = harness.output.logs();
    const changed = lines.find((line) => line.message === 'account changed');
    expect(changed).toMatchObject({ ruleId: 'account.pci', field: 'has_pci', before: false, after: true, verified: false });
    expect(lines.find((line) => line.message === 'account change failed')).toMatchObject({
      field: 'has_pci',
      verified: false,
      reason: expect.stringMatching(/^written but could not be verified: Fastly API get_customer failed: no response within \d+ ms/),
    });
    expect(error?.message).toMatch(/Could not read the account: no response within \d+ ms/);
    const [notification] = published(sns);
    expect(JSON.parse(notification!.message.default).remediation.changes).toContainEqual(
      expect.objectContaining({ field: 'has_pci', from: false, to: true, status: 'failed' }),
    );
  });
});
