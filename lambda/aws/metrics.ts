/**
 * Custom metrics in CloudWatch's embedded metric format: one JSON line on stdout that CloudWatch
 * Logs turns into metrics, so the function needs no cloudwatch:PutMetricData and no extra call
 * that could hang. Written to process.stdout directly: the Lambda runtime wraps console output
 * in its own JSON log format, and a wrapped line is not read as metrics.
 */
export const METRICS_NAMESPACE = 'FastlyComplianceAuditor';

/** A fleet's metrics, by FunctionName, written by the digest: the AccountsInError alarm and the dashboard read them. */
export const FLEET_METRIC_NAMES = { accountsFailing: 'FleetAccountsFailing', accountsInError: 'FleetAccountsInError' } as const;

export function emitMetrics(dimensions: Record<string, string>, metrics: Record<string, number>, write: (line: string) => void = (line) => void process.stdout.write(line)): void {
  const names = Object.keys(metrics);
  const document = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [Object.keys(dimensions)], Metrics: names.map((name) => ({ Name: name, Unit: 'Count' })) }],
    },
    ...dimensions,
    ...metrics,
  };
  write(`${JSON.stringify(document)}\n`);
}
