/**
 * The Lambda handler's wiring: mocked AWS clients (aws-sdk-client-mock), the real Fastly client
 * against the simulator, the policy given the way the bundle's `define` gives it
 * (test/helpers/handler-harness.ts).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { PublishCommand } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { demoSeed } from '../../../simulator/index.js';
import { everythingSent, jsonPutKeys, published, putKeys, storedReport } from '../../helpers/aws-fakes.js';
import { BUCKET, CUSTOMER_ID, LATEST, SECRET_ARN, TOKEN, TOPIC_ARN, useHandlerHarness } from '../../helpers/handler-harness.js';
import { FUNCTION_ARN, FUNCTION_NAME } from '../../helpers/lambda-context.js';

const harness = useHandlerHarness();
const { secrets, sns, s3, newHandler, invoke, setUser } = harness;

describe('a FAIL run', () => {
  it('archives the run then latest, publishes once with the four attributes, and returns a summary', async () => {
    const { result, error } = await invoke(newHandler(), 'run-1');

    expect(error).toBeUndefined();
    const [archiveKey, latestKey, lastRunKey] = jsonPutKeys(s3);
    expect(jsonPutKeys(s3)).toHaveLength(3);
    // The page and the access review beside the report, and the page of latest/.
    const page = archiveKey!.replace(/\.json$/, '.html');
    expect(putKeys(s3)).toEqual([archiveKey, archiveKey!.replace(/\.json$/, '.csv'), page, latestKey, `latest/${CUSTOMER_ID}.html`, lastRunKey]);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: page, ContentType: 'text/html; charset=utf-8' });
    expect(archiveKey).toMatch(new RegExp(`^reports/${CUSTOMER_ID}/\\d{4}/\\d{2}/\\d{2}/run-1\\.json$`));
    expect(latestKey).toBe(`latest/${CUSTOMER_ID}.json`);
    expect(lastRunKey).toBe('latest/runs/last.json');
    const report = storedReport(harness.bucket, `${BUCKET}/${archiveKey}`);
    expect(archiveKey).toContain(`/${report.startedAt.slice(0, 10).replaceAll('-', '/')}/`);
    expect(report).toMatchObject({ schemaVersion: 1, runId: 'run-1', status: 'FAIL', customer: { id: CUSTOMER_ID } });
    expect(harness.bucket.get(LATEST)).toBe(harness.bucket.get(`${BUCKET}/${archiveKey}`));
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: BUCKET, ContentType: 'application/json' });

    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const [notification] = published(sns);
    expect(notification).toMatchObject({
      topicArn: TOPIC_ARN,
      messageStructure: 'json',
      attributes: { status: 'FAIL', severity: 'critical', customer_id: CUSTOMER_ID, change: 'FIRST_RUN' },
    });
    expect(notification!.subject).toMatch(/^Fastly audit Acme Streaming Ltd: \d+ failing/);
    expect(Object.keys(notification!.message).sort()).toEqual(['default', 'email', 'https']);
    expect(JSON.parse(notification!.message.default)).toMatchObject({ runId: 'run-1', reportLocation: `s3://${BUCKET}/${archiveKey}` });

    expect(result).toEqual({
      runId: 'run-1',
      customerId: CUSTOMER_ID,
      status: 'FAIL',
      findings: report.findings.length,
      notified: true,
      reportLocation: `s3://${BUCKET}/${archiveKey}`,
    });
  });

  it("links the notification to the run's page in the S3 console of the function's region", async () => {
    const { result } = await invoke(newHandler({ AWS_REGION: 'eu-west-1' }), 'run-link');

    const page = putKeys(s3).find((key) => key.endsWith('/run-link.html'));
    const url = `https://eu-west-1.console.aws.amazon.com/s3/object/${BUCKET}?region=eu-west-1&prefix=${page}`;
    const [notification] = published(sns);
    expect(JSON.parse(notification!.message.default).reportUrl).toBe(url);
    expect(notification!.message.email).toContain(`Open the report: ${url}`);
    expect(result?.reportUrl).toBe(url);
    expect(harness.bucket.get(`${BUCKET}/${page}`)).toContain('<h2>Users (');
  });

  it('logs JSON lines with the run id, customer id and counts', async () => {
    await invoke(newHandler(), 'run-logs');

    const finished = harness.output.logs().find((line) => line.message === 'audit finished');
    expect(finished).toMatchObject({
      level: 'INFO',
      service: 'fastly-compliance-auditor',
      runId: 'run-logs',
      customerId: CUSTOMER_ID,
      status: 'FAIL',
      notified: true,
      usersChecked: demoSeed().users.length,
    });
    expect(finished?.byStatus).toEqual(expect.objectContaining({ FAIL: expect.any(Number), PASS: expect.any(Number) }));
  });

  it("keeps one run's ids out of the next run's logs", async () => {
    await invoke(newHandler(), 'run-1');
    await invoke(newHandler({ NOTIFY: 'never' }), 'run-2');

    const invalid = harness.output.logs().find((line) => line.message === 'invalid configuration');
    expect(invalid).toMatchObject({ level: 'ERROR', runId: 'run-2', function_request_id: 'run-2' });
    expect(invalid).not.toHaveProperty('customerId');
  });

  it('binds every line to the Lambda context: function, request id and cold start (false once warm)', async () => {
    const handler = newHandler();
    await invoke(handler, 'run-warm-1');
    await invoke(handler, 'run-warm-2');

    // The logger's lines: the run's metrics (EMF documents, `_aws`) are for CloudWatch, not a log line.
    const lines = harness.output.logs().filter((line) => !('_aws' in line));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).toMatchObject({
        function_name: FUNCTION_NAME,
        function_arn: FUNCTION_ARN,
        function_memory_size: '512',
        function_request_id: line.runId,
        cold_start: expect.any(Boolean),
      });
    }
    // The module-level logger is the container's: its second invocation is warm.
    expect(lines.find((line) => line.runId === 'run-warm-2' && line.message === 'audit finished')).toMatchObject({ cold_start: false });
  });

  it('reads the secret once per container', async () => {
    const handler = newHandler();
    await invoke(handler, 'run-1');
    await invoke(handler, 'run-2');
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
    expect(published(sns)).toHaveLength(2);
  });

  it('takes the token from a JSON secret too', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN }) });
    const { result } = await invoke(newHandler(), 'run-json-secret');
    expect(result?.status).toBe('FAIL');
  });
});

describe('the delta from the previous latest report', () => {
  it('is UNCHANGED on a night like the one before', async () => {
    const handler = newHandler();
    await invoke(handler, 'run-1');
    await invoke(handler, 'run-2');

    expect(published(sns).map((n) => n.attributes.change)).toEqual(['FIRST_RUN', 'UNCHANGED']);
    const second = storedReport(harness.bucket, LATEST);
    expect(second.runId).toBe('run-2');
    expect(second.delta).toMatchObject({ new: [], resolved: [], previousStatus: 'FAIL' });
    expect(second.delta?.unchanged.length).toBe(second.findings.filter((f) => f.status === 'FAIL').length);
  });

  it('is NEW when a user loses 2FA, naming the new finding', async () => {
    const handler = newHandler();
    await invoke(handler, 'run-1');
    setUser('marcus.webb@acme.example', { two_factor_auth_enabled: false });
    await invoke(handler, 'run-2');

    expect(published(sns)[1]?.attributes.change).toBe('NEW');
    const report = storedReport(harness.bucket, LATEST);
    expect(report.delta?.new).toHaveLength(1);
    const added = report.findings.find((finding) => finding.id === report.delta?.new[0]);
    expect(added).toMatchObject({ ruleId: 'user.2fa-enabled', subject: { name: 'marcus.webb@acme.example' } });
  });

  it('is RESOLVED when a user turns 2FA on', async () => {
    const handler = newHandler();
    await invoke(handler, 'run-1');
    const before = storedReport(harness.bucket, LATEST).findings.find(
      (finding) => finding.ruleId === 'user.2fa-enabled' && finding.subject.name === 'tom.becker@acme.example',
    );
    setUser('tom.becker@acme.example', { two_factor_auth_enabled: true });
    await invoke(handler, 'run-2');

    expect(published(sns)[1]?.attributes.change).toBe('RESOLVED');
    expect(before).toBeDefined();
    expect(storedReport(harness.bucket, LATEST).delta).toMatchObject({ new: [], resolved: [before!.id] });
  });
});

describe('NOTIFY=change', () => {
  it('publishes nothing on an unchanged night, and still archives', async () => {
    const handler = newHandler({ NOTIFY: 'change' });
    await invoke(handler, 'run-1');
    const { result } = await invoke(handler, 'run-2');

    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(result).toMatchObject({ status: 'FAIL', notified: false });
    expect(jsonPutKeys(s3)).toHaveLength(6);
    expect(storedReport(harness.bucket, LATEST).runId).toBe('run-2');
  });

  it('publishes an ERROR run even when it is like the one before', async () => {
    const handler = newHandler({ NOTIFY: 'change' });
    harness.simulator.setFault('list_users', { status: 403 });
    const first = await invoke(handler, 'run-1');
    const second = await invoke(handler, 'run-2');

    expect(first.error).toBeDefined();
    expect(second.error?.message).toContain('403');
    // A partial report is no base for a delta: the second run has none to compare with either.
    expect(published(sns).map((n) => [n.attributes.status, n.attributes.change])).toEqual([
      ['ERROR', 'FIRST_RUN'],
      ['ERROR', 'FIRST_RUN'],
    ]);
    expect(harness.bucket.has(LATEST)).toBe(false);
  });
});

describe('REMEDIATION', () => {
  it('apply writes the fix through the API with one PUT and reports it verified', async () => {
    const { result } = await invoke(newHandler({ REMEDIATION: 'apply' }), 'run-apply');

    const writes = harness.simulator.requests.filter((request) => request.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'PUT', path: `/customer/${CUSTOMER_ID}`, status: 200 });
    expect(writes[0]!.body).toContain('has_pci=true');
    expect(harness.simulator.customer().has_pci).toBe(true);
    const report = storedReport(harness.bucket, LATEST);
    expect(report.remediation.mode).toBe('apply');
    expect(report.remediation.changes.find((change) => change.field === 'has_pci')).toMatchObject({
      ruleId: 'account.pci',
      from: false,
      to: true,
      after: true,
      status: 'verified',
    });
    expect(result?.status).toBe('FAIL');
  });

  it('plan writes nothing and reports the change as planned', async () => {
    await invoke(newHandler({ REMEDIATION: 'plan' }), 'run-plan');

    expect(harness.simulator.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(harness.simulator.customer().has_pci).toBe(false);
    const { remediation } = storedReport(harness.bucket, LATEST);
    expect(remediation.mode).toBe('plan');
    expect(remediation.changes.find((change) => change.field === 'has_pci')).toMatchObject({ ruleId: 'account.pci', to: true, status: 'planned' });
  });
});

describe('a run that cannot complete notifies ERROR, then throws', () => {
  it('a token Fastly rejects (401): names the token problem and what to do', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'fst_WRONG-token-0000' });
    const { result, error } = await invoke(newHandler(), 'run-401');

    expect(result).toBeUndefined();
    expect(error?.message).toMatch(/^Fastly audit run run-401 failed: .*401/);
    const [notification] = published(sns);
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', customer_id: 'unknown' });
    expect(notification?.message.email).toContain('Fastly API token is missing, invalid or expired');
    expect(notification?.message.email).toContain('create a new token');
    expect(JSON.parse(notification!.message.default).errors[0]).toMatchObject({ status: 401, operation: 'get_logged_in_customer' });
    // The failed run is archived too, under the unknown customer; it is nobody's latest report.
    expect(putKeys(s3)).toEqual([
      expect.stringMatching(/^reports\/unknown\/.*\/run-401\.json$/),
      expect.stringMatching(/^reports\/unknown\/.*\/run-401\.html$/),
      'latest/runs/last.json',
    ]);
    expect(everythingSent(sns, s3) + error?.message + harness.output.text()).not.toContain('fst_WRONG-token-0000');
  });

  it('after a 401 the next invocation reads the secret again, so a rotated token is picked up', async () => {
    const handler = newHandler();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'fst_WRONG-token-0000' });
    const first = await invoke(handler, 'run-stale-token');
    secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });

    const second = await invoke(handler, 'run-rotated-token');

    expect(first.error?.message).toContain('401');
    expect(second.error).toBeUndefined();
    expect(second.result?.status).toBe('FAIL');
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('after a 403 the next invocation reads the secret again, so a replaced token is picked up', async () => {
    const handler = newHandler();
    harness.simulator.setFault('list_users', { status: 403, times: 1 });
    const first = await invoke(handler, 'run-forbidden');

    const second = await invoke(handler, 'run-replaced-token');

    expect(first.error?.message).toContain('403');
    expect(second.error).toBeUndefined();
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('a missing secret: says how to create it', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' }));
    const { error } = await invoke(newHandler(), 'run-no-secret');

    expect(error?.message).toContain(`could not read secret ${SECRET_ARN}: ResourceNotFoundException`);
    const [notification] = published(sns);
    expect(notification?.attributes.status).toBe('ERROR');
    expect(notification?.message.email).toContain(`aws secretsmanager put-secret-value --secret-id ${SECRET_ARN}`);
    expect(harness.simulator.requests).toEqual([]);
  });

  it('an empty secret: says how to put the token', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '' });
    const { error } = await invoke(newHandler(), 'run-empty-secret');

    expect(error?.message).toContain(`secret ${SECRET_ARN} has no token`);
    expect(published(sns)[0]?.message.email).toContain('put-secret-value');
    expect(harness.simulator.requests).toEqual([]);
  });

  it('a policy missing from the bundle: says how to deploy it', async () => {
    delete process.env.FASTLY_AUDIT_POLICY_JSON;
    const { error } = await invoke(newHandler(), 'run-no-policy');

    expect(error?.message).toContain('No policy is baked into this bundle');
    const [notification] = published(sns);
    expect(notification?.attributes.status).toBe('ERROR');
    expect(notification?.message.email).toContain('FastlyComplianceAuditor construct');
    expect(JSON.parse(notification!.message.default).errors[0]).toMatchObject({ operation: 'load_policy' });
    expect(notification?.message.email).toContain('cdk deploy');
    expect(harness.simulator.requests).toEqual([]);
  });

  it('a baked policy that is not valid: names the problem', async () => {
    process.env.FASTLY_AUDIT_POLICY_JSON = JSON.stringify({ version: 1, rules: { 'account.nope': {} } });
    const { error } = await invoke(newHandler(), 'run-bad-policy');

    expect(error?.message).toContain('account.nope');
    expect(published(sns)[0]?.attributes.status).toBe('ERROR');
  });

  it('S3 failing: still notifies, then throws naming the archive', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const { error } = await invoke(newHandler(), 'run-s3-down');

    expect(error?.message).toMatch(/The report could not be archived to s3:\/\/fastly-audit-reports\/reports\/.*\/run-s3-down\.json: AccessDenied: Access Denied/);
    expect(harness.output.logs().find((line) => line.message === 'could not archive the report')?.error).toMatchObject({
      name: 'ArchiveError',
      operation: 'archive_report',
      message: expect.stringContaining('AccessDenied: Access Denied'),
    });
    const [notification] = published(sns);
    expect(notification?.attributes.status).toBe('ERROR');
    expect(notification?.message.email).toContain('The report could not be archived');
    expect(notification?.message.email).toContain('may write reports/ and latest/');
    expect(JSON.parse(notification!.message.default).reportLocation).toBeNull();
  });

  it('SNS failing: archives, then throws naming the notification', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AuthorizationErrorException' }));
    const { error } = await invoke(newHandler(), 'run-sns-down');

    expect(error?.message).toContain(`notification failed: could not publish the notification to ${TOPIC_ARN}`);
    expect(jsonPutKeys(s3)).toHaveLength(3);
  });
});

describe('an invalid environment', () => {
  it('throws naming the variable, and notifies when the topic is known', async () => {
    const { error } = await invoke(newHandler({ REMEDIATION: 'yes' }), 'run-bad-env');

    expect(error?.message).toMatch(/^Invalid Lambda environment: REMEDIATION: /);
    const [notification] = published(sns);
    expect(notification).toMatchObject({ topicArn: TOPIC_ARN, attributes: { status: 'ERROR' } });
    expect(notification?.message.email).toContain('REMEDIATION');
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('throws naming every bad variable, and cannot notify without a topic', async () => {
    const { error } = await invoke(newHandler({ TOPIC_ARN: 'audit-topic', REPORT_BUCKET: undefined, NOTIFY: 'sometimes' }), 'run-bad-env');

    expect(error?.message).toContain('TOPIC_ARN: must be an SNS topic ARN');
    expect(error?.message).toContain('REPORT_BUCKET');
    expect(error?.message).toContain('NOTIFY');
    expect(sns.calls()).toHaveLength(0);
  });
});

describe('errors in the logs', () => {
  /** The `error` of the first log line with this message. */
  function loggedError(message: string): Record<string, unknown> | undefined {
    return harness.output.logs().find((line) => line.message === message)?.error as Record<string, unknown> | undefined;
  }

  it('a token-secret problem: logged as a structured error (name, message, stack, step, action), never the token', async () => {
    // A secret whose JSON is cut short, with the token inside it.
    secrets.on(GetSecretValueCommand).resolves({ SecretString: `{"token": "${TOKEN}` });
    const { error } = await invoke(newHandler(), 'run-broken-secret');

    expect(error?.message).toContain('looks like JSON but does not parse');
    expect(loggedError('the audit could not run')).toMatchObject({
      name: 'TokenSecretError',
      message: `secret ${SECRET_ARN} looks like JSON but does not parse`,
      operation: 'read_token_secret',
      action: expect.stringContaining('put-secret-value'),
      secretId: SECRET_ARN,
      stack: expect.anything(),
      location: expect.any(String),
    });
    expect(harness.output.text()).not.toContain(TOKEN);
    expect(everythingSent(sns, s3)).not.toContain(TOKEN);
  });

  it('an invalid environment: the ConfigError with the variables it names', async () => {
    await invoke(newHandler({ REMEDIATION: 'yes' }), 'run-bad-env');

    expect(loggedError('invalid configuration')).toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(/^Invalid Lambda environment: REMEDIATION: /),
      operation: 'read_configuration',
      action: 'Deploy with the FastlyComplianceAuditor construct, which sets these variables.',
      stack: expect.anything(),
    });
  });

  it('an AWS error keeps its own name and metadata', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    await invoke(newHandler(), 'run-denied');

    expect(loggedError('the audit could not run')).toMatchObject({
      name: 'TokenSecretError',
      action: expect.stringContaining('secretsmanager:GetSecretValue'),
      cause: { name: 'AccessDeniedException', message: expect.stringContaining('not authorized'), $metadata: { httpStatusCode: 400 } },
    });
  });
});

describe('the token', () => {
  it('appears in no publish, archive, error or log line, on success or failure', async () => {
    const handler = newHandler({ REMEDIATION: 'apply' });
    const ok = await invoke(handler, 'run-ok');
    harness.simulator.setFault('get_logged_in_customer', { status: 500, body: `{"msg":"echo ${TOKEN}"}` });
    const failed = await invoke(handler, 'run-echo');

    expect(ok.result?.status).toBe('FAIL');
    expect(failed.error).toBeDefined();
    expect(published(sns)).toHaveLength(2);
    const everything = [everythingSent(sns, s3, secrets), failed.error?.message, failed.error?.stack, harness.output.text()].join('\n');
    expect(everything).toContain('echo [REDACTED]');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(encodeURIComponent(TOKEN));
  });
});
