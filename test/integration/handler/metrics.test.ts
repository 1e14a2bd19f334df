/**
 * The handler's metrics, read from its log output as CloudWatch Logs reads them (embedded metric
 * format), over the mocked AWS clients (aws-sdk-client-mock) and the simulator: every run ends
 * with them, ERROR runs and a broken configuration included.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { storedReport } from '../../helpers/aws-fakes.js';
import { describeMetric, emfMetrics } from '../../helpers/emf.js';
import { BUCKET, CUSTOMER_ID, LATEST, useHandlerHarness } from '../../helpers/handler-harness.js';

const harness = useHandlerHarness();
const { sns, s3, newHandler, invoke } = harness;

function metricsOfRun() {
  return emfMetrics(harness.output.logs());
}

describe('the metrics of a run', () => {
  it('a FAIL run: failing findings by severity, no audit error, users and tokens checked, the duration', async () => {
    const { result } = await invoke(newHandler(), 'run-metrics');

    const report = storedReport(harness.bucket, LATEST);
    const { bySeverity, usersChecked, tokensChecked } = report.summary;
    const metrics = metricsOfRun();
    expect(metrics.filter((metric) => metric.name !== 'RunDuration').map(describeMetric)).toEqual([
      `FastlyComplianceAuditor/FailingFindings{CustomerId=${CUSTOMER_ID},Severity=critical}=${bySeverity.critical} Count`,
      `FastlyComplianceAuditor/FailingFindings{CustomerId=${CUSTOMER_ID},Severity=high}=${bySeverity.high} Count`,
      `FastlyComplianceAuditor/FailingFindings{CustomerId=${CUSTOMER_ID},Severity=medium}=${bySeverity.medium} Count`,
      `FastlyComplianceAuditor/FailingFindings{CustomerId=${CUSTOMER_ID},Severity=low}=${bySeverity.low} Count`,
      `FastlyComplianceAuditor/AuditErrors{CustomerId=${CUSTOMER_ID}}=0 Count`,
      `FastlyComplianceAuditor/UsersChecked{CustomerId=${CUSTOMER_ID}}=${usersChecked} Count`,
      `FastlyComplianceAuditor/TokensChecked{CustomerId=${CUSTOMER_ID}}=${tokensChecked} Count`,
    ]);
    expect(result?.status).toBe('FAIL');
    expect(bySeverity.critical + bySeverity.high).toBeGreaterThan(0);
    const duration = metrics.find((metric) => metric.name === 'RunDuration');
    expect(duration).toMatchObject({ namespace: 'FastlyComplianceAuditor', unit: 'Milliseconds', dimensions: [['CustomerId']] });
    expect(duration?.value).toEqual(expect.any(Number));
    // Flushed at the end: after the archive and the notification.
    expect(s3).toHaveReceivedCommand(PutObjectCommand);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('an ERROR run (Fastly answers 403): AuditErrors = 1 and the duration, flushed before the invocation fails', async () => {
    harness.simulator.setFault('get_logged_in_customer', { status: 403 });

    const { error } = await invoke(newHandler(), 'run-metrics-403');

    expect(error?.message).toMatch(/403/);
    expect(metricsOfRun().map((metric) => `${metric.name}{${String(metric.dimensionValues.CustomerId)}}=${metric.name === 'RunDuration' ? 'ms' : String(metric.value)}`)).toEqual([
      'AuditErrors{unknown}=1',
      'RunDuration{unknown}=ms',
    ]);
  });

  it('a partial ERROR run of a known customer (users refused): AuditErrors = 1, no partial counts', async () => {
    harness.simulator.setFault('list_users', { status: 403 });

    await invoke(newHandler(), 'run-metrics-users-403');

    expect(metricsOfRun().map((metric) => [metric.name, metric.dimensionValues.CustomerId, metric.name === 'AuditErrors' ? metric.value : 'x'])).toEqual([
      ['AuditErrors', CUSTOMER_ID, 1],
      ['RunDuration', CUSTOMER_ID, 'x'],
    ]);
  });

  it('a broken configuration: AuditErrors = 1 for the unknown customer, though the run never started', async () => {
    const { error } = await invoke(newHandler({ REPORT_BUCKET: '' }), 'run-metrics-config');

    expect(error?.message).toContain('REPORT_BUCKET');
    expect(metricsOfRun().map((metric) => [metric.name, metric.dimensionValues.CustomerId])).toEqual([
      ['AuditErrors', 'unknown'],
      ['RunDuration', 'unknown'],
    ]);
    expect(metricsOfRun()[0]?.value).toBe(1);
    expect(harness.bucket.has(`${BUCKET}/latest/runs/last.json`)).toBe(false);
  });
});

describe('the metrics of a run with ACCOUNT_METRICS', () => {
  it('off: a FAIL run writes no EMF document, yet audits, archives, notifies and logs as before', async () => {
    const { result } = await invoke(newHandler({ ACCOUNT_METRICS: 'off' }), 'run-metrics-off');

    const logs = harness.output.logs();
    expect(result?.status).toBe('FAIL');
    expect(logs.some((line) => line.message === 'audit finished')).toBe(true);
    expect(logs.filter((line) => '_aws' in line)).toEqual([]);
    expect(emfMetrics(logs)).toEqual([]);
    expect(s3).toHaveReceivedCommand(PutObjectCommand);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('off: an ERROR run (Fastly answers 403) writes no AuditErrors either; the invocation still fails for the Errors alarm', async () => {
    harness.simulator.setFault('get_logged_in_customer', { status: 403 });

    const { error } = await invoke(newHandler({ ACCOUNT_METRICS: 'off' }), 'run-metrics-off-403');

    expect(error?.message).toMatch(/403/);
    expect(metricsOfRun()).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('off: a broken configuration writes none either', async () => {
    const { error } = await invoke(newHandler({ ACCOUNT_METRICS: 'off', REPORT_BUCKET: '' }), 'run-metrics-off-config');

    expect(error?.message).toContain('REPORT_BUCKET');
    expect(metricsOfRun()).toEqual([]);
  });

  it('on: the run writes its metrics, as when it is unset', async () => {
    await invoke(newHandler({ ACCOUNT_METRICS: 'on' }), 'run-metrics-on');

    expect(metricsOfRun().map((metric) => metric.name)).toEqual([
      'FailingFindings',
      'FailingFindings',
      'FailingFindings',
      'FailingFindings',
      'AuditErrors',
      'UsersChecked',
      'TokensChecked',
      'RunDuration',
    ]);
  });

  it('neither on nor off: a configuration error naming ACCOUNT_METRICS, its ERROR still counted', async () => {
    const { error } = await invoke(newHandler({ ACCOUNT_METRICS: 'no' }), 'run-metrics-bad-switch');

    expect(error?.message).toContain('ACCOUNT_METRICS');
    expect(metricsOfRun().map((metric) => [metric.name, metric.dimensionValues.CustomerId])).toEqual([
      ['AuditErrors', 'unknown'],
      ['RunDuration', 'unknown'],
    ]);
  });
});
