/** The CloudWatch embedded-metric-format documents among a run's log lines, read as CloudWatch reads them. */

export interface EmfMetric {
  namespace: string;
  /** Each dimension set, as the names the document declares. */
  dimensions: string[][];
  name: string;
  unit: string;
  value: unknown;
  /** The values of the dimensions the document declares. */
  dimensionValues: Record<string, unknown>;
}

/** Every metric of every EMF document among the lines (a line with `_aws.CloudWatchMetrics`). */
export function emfMetrics(lines: readonly Record<string, unknown>[]): EmfMetric[] {
  return lines.flatMap((line) => {
    const aws = line._aws as { CloudWatchMetrics?: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } | undefined;
    return (aws?.CloudWatchMetrics ?? []).flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        dimensions: directive.Dimensions,
        name: metric.Name,
        unit: metric.Unit,
        value: line[metric.Name],
        dimensionValues: Object.fromEntries(directive.Dimensions.flat().map((name) => [name, line[name]])),
      })),
    );
  });
}

/** "FailingFindings{CustomerId=c1,Severity=high}=2": one metric as a line, for comparing a run's metrics at a glance. */
export function describeMetric(metric: EmfMetric): string {
  const dimensions = Object.entries(metric.dimensionValues)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(',');
  return `${metric.namespace}/${metric.name}{${dimensions}}=${String(metric.value)} ${metric.unit}`;
}
