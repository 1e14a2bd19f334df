/**
 * The run's metrics, in CloudWatch embedded metric format (Powertools Metrics: JSON lines on
 * stdout that CloudWatch Logs turns into metrics; no API call, no permission), namespace
 * FastlyComplianceAuditor, flushed once at the end of every run, ERROR runs included:
 *
 * - FailingFindings by CustomerId and Severity (one datapoint per severity, zeros included, so a
 *   graph falls to 0 rather than breaking off when the last finding of a severity is fixed);
 * - AuditErrors (1 for an ERROR run, else 0), UsersChecked, TokensChecked and RunDuration by CustomerId.
 *
 * An ERROR run publishes AuditErrors = 1 and RunDuration only: its counts are partial (a run that
 * could not read the tokens would say 0 tokens), and a 0 on the dashboard must mean none.
 * lib/parts/dashboard.ts draws these names; they are a contract between the two.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from '../aws/metrics.js';
import { SEVERITIES, type Report } from '../report/model.js';
import { TOOL_NAME } from '../version.js';

export { METRICS_NAMESPACE };

export const METRIC_NAMES = {
  failingFindings: 'FailingFindings',
  auditErrors: 'AuditErrors',
  usersChecked: 'UsersChecked',
  tokensChecked: 'TokensChecked',
  runDuration: 'RunDuration',
} as const;

export const METRIC_DIMENSIONS = { customer: 'CustomerId', severity: 'Severity' } as const;

/**
 * Powertools adds a `service` dimension to every metric by default (and a single-metric instance
 * it derives adds it again); the dashboard finds the metrics by CustomerId (and Severity) alone,
 * so each instance is made here, without it.
 */
function metricsInstance(singleMetric = false): Metrics {
  const instance = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: TOOL_NAME, singleMetric });
  instance.clearDefaultDimensions();
  return instance;
}

/** The run's own metrics, one instance for the container. */
const metrics = metricsInstance();

export interface RunOutcome {
  /** The audited customer's id, or the unknown customer's when the run failed before reading it. */
  customerId: string;
  status: Report['status'];
  /** The report's summary: counts are published for a run that is not ERROR. */
  summary?: Pick<Report['summary'], 'bySeverity' | 'usersChecked' | 'tokensChecked'>;
  durationMs: number;
}

/** Writes the run's metrics (one EMF line per severity, then one for the run). */
export function publishRunMetrics(outcome: RunOutcome): void {
  const customer = { [METRIC_DIMENSIONS.customer]: outcome.customerId };
  const complete = outcome.status !== 'ERROR' && outcome.summary !== undefined;
  if (complete) {
    for (const severity of SEVERITIES) {
      // A metric of its own per severity: one EMF document carries one value per metric name.
      const single = metricsInstance(true);
      single.addDimensions({ ...customer, [METRIC_DIMENSIONS.severity]: severity });
      single.addMetric(METRIC_NAMES.failingFindings, MetricUnit.Count, outcome.summary?.bySeverity[severity] ?? 0);
    }
  }
  metrics.addDimensions(customer);
  metrics.addMetric(METRIC_NAMES.auditErrors, MetricUnit.Count, outcome.status === 'ERROR' ? 1 : 0);
  if (complete) {
    metrics.addMetric(METRIC_NAMES.usersChecked, MetricUnit.Count, outcome.summary?.usersChecked ?? 0);
    metrics.addMetric(METRIC_NAMES.tokensChecked, MetricUnit.Count, outcome.summary?.tokensChecked ?? 0);
  }
  metrics.addMetric(METRIC_NAMES.runDuration, MetricUnit.Milliseconds, Math.max(0, Math.round(outcome.durationMs)));
  metrics.publishStoredMetrics();
}
