import { publishRunMetrics } from '../../../lambda/run/metrics.js';
import { captureOutput, type OutputCapture } from '../../helpers/aws-fakes.js';
import { describeMetric, emfMetrics } from '../../helpers/emf.js';

let output: OutputCapture;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

const SUMMARY = { bySeverity: { critical: 1, high: 4, medium: 0, low: 2 }, usersChecked: 9, tokensChecked: 12 };

describe('publishRunMetrics', () => {
  it('writes FailingFindings by CustomerId and Severity (zeros too) and the run metrics by CustomerId, as EMF in FastlyComplianceAuditor', () => {
    // Act
    publishRunMetrics({ customerId: 'cust-1', status: 'FAIL', summary: SUMMARY, durationMs: 1234.4 });

    // Assert
    const metrics = emfMetrics(output.logs());
    expect(metrics.map(describeMetric)).toEqual([
      'FastlyComplianceAuditor/FailingFindings{CustomerId=cust-1,Severity=critical}=1 Count',
      'FastlyComplianceAuditor/FailingFindings{CustomerId=cust-1,Severity=high}=4 Count',
      'FastlyComplianceAuditor/FailingFindings{CustomerId=cust-1,Severity=medium}=0 Count',
      'FastlyComplianceAuditor/FailingFindings{CustomerId=cust-1,Severity=low}=2 Count',
      'FastlyComplianceAuditor/AuditErrors{CustomerId=cust-1}=0 Count',
      'FastlyComplianceAuditor/UsersChecked{CustomerId=cust-1}=9 Count',
      'FastlyComplianceAuditor/TokensChecked{CustomerId=cust-1}=12 Count',
      'FastlyComplianceAuditor/RunDuration{CustomerId=cust-1}=1234 Milliseconds',
    ]);
    // Exactly these dimension sets: no `service` dimension the dashboard would not ask for.
    expect(new Set(metrics.map((metric) => JSON.stringify(metric.dimensions)))).toEqual(new Set(['[["CustomerId","Severity"]]', '[["CustomerId"]]']));
  });

  it('publishes AuditErrors = 1 and the duration for an ERROR run, and no partial counts', () => {
    publishRunMetrics({ customerId: 'cust-1', status: 'ERROR', summary: SUMMARY, durationMs: 50 });

    expect(emfMetrics(output.logs()).map(describeMetric)).toEqual([
      'FastlyComplianceAuditor/AuditErrors{CustomerId=cust-1}=1 Count',
      'FastlyComplianceAuditor/RunDuration{CustomerId=cust-1}=50 Milliseconds',
    ]);
  });

  it('starts every run afresh: nothing of the previous run is published again', () => {
    publishRunMetrics({ customerId: 'cust-1', status: 'PASS', summary: SUMMARY, durationMs: 10 });
    publishRunMetrics({ customerId: 'cust-2', status: 'ERROR', durationMs: 20 });

    const second = emfMetrics(output.logs()).filter((metric) => metric.dimensionValues.CustomerId === 'cust-2');
    expect(second.map((metric) => metric.name)).toEqual(['AuditErrors', 'RunDuration']);
    expect(emfMetrics(output.logs())).toHaveLength(10);
  });
});
