/**
 * The auditor's CloudWatch dashboard: the trend of the audits themselves (failing findings by
 * severity, runs in ERROR, users and API tokens checked, run duration: the metrics the handler
 * writes in embedded metric format, lambda/run/metrics.ts) beside the function's own errors and
 * duration and the alarms. The audit metrics carry the customer id, which synth cannot know: the
 * graphs find them with SEARCH expressions, one line per customer (and severity), so a fleet of
 * accounts shows on one dashboard too; a fleet's dashboard adds the digest's counts of accounts
 * failing and in ERROR. With the accounts' metrics off (a fleet's default) the per-customer graphs
 * are left out: they would stay empty.
 */
import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  PeriodOverride,
  TextWidget,
  type Alarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { FLEET_METRIC_NAMES } from '../../lambda/aws/metrics.js';
import { METRIC_DIMENSIONS, METRIC_NAMES, METRICS_NAMESPACE } from '../../lambda/run/metrics.js';

/** Runs are nightly: one point a day, over four weeks. */
export const DASHBOARD_PERIOD = Duration.days(1);
const DASHBOARD_RANGE = '-P28D';
const FULL_WIDTH = 24;
const HALF_WIDTH = 12;
const HEIGHT = 6;

/**
 * Every series of an audit metric, whatever the customer (and severity): a CloudWatch search
 * over the namespace and the metric's dimension set. `statistic` per period.
 */
export function auditMetricSearch(metricName: string, dimensions: readonly string[], statistic: 'Maximum' | 'Sum', label: string): MathExpression {
  const schema = [METRICS_NAMESPACE, ...dimensions].join(',');
  return new MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${metricName}"', '${statistic}')`,
    usingMetrics: {},
    label,
    period: DASHBOARD_PERIOD,
  });
}

const BY_CUSTOMER = [METRIC_DIMENSIONS.customer] as const;

function graph(title: string, left: IMetric[], width = HALF_WIDTH, stacked = false): GraphWidget {
  return new GraphWidget({ title, left, width, height: HEIGHT, stacked, period: DASHBOARD_PERIOD, leftYAxis: { min: 0 } });
}

export interface DashboardResources {
  readonly fn: IFunction;
  readonly alarms: readonly (Alarm | undefined)[];
  /** A fleet: the digest's counts of accounts failing and in ERROR get a graph. */
  readonly fleet?: boolean;
  /** The handler writes each account's metrics (ACCOUNT_METRICS): the per-customer graphs. */
  readonly accountMetrics: boolean;
}

/** The digest's fleet metrics, by the function's name (lambda/run/digest.ts). */
function fleetMetric(fn: IFunction, metricName: string, label: string): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { FunctionName: fn.functionName }, statistic: 'Maximum', period: DASHBOARD_PERIOD, label });
}

/** Failing findings by severity, runs in ERROR, users and tokens checked and run duration: one line per customer (and severity). */
function perCustomerGraphs(): { failing: GraphWidget; errors: GraphWidget; checked: GraphWidget; duration: GraphWidget } {
  return {
    failing: graph(
      'Failing findings by severity',
      [auditMetricSearch(METRIC_NAMES.failingFindings, [METRIC_DIMENSIONS.customer, METRIC_DIMENSIONS.severity], 'Maximum', '')],
      FULL_WIDTH,
      true,
    ),
    errors: graph('Audit runs in ERROR', [auditMetricSearch(METRIC_NAMES.auditErrors, BY_CUSTOMER, 'Sum', 'runs in ERROR')]),
    checked: graph('Users and API tokens checked', [
      auditMetricSearch(METRIC_NAMES.usersChecked, BY_CUSTOMER, 'Maximum', 'users'),
      auditMetricSearch(METRIC_NAMES.tokensChecked, BY_CUSTOMER, 'Maximum', 'API tokens'),
    ]),
    duration: graph('Audit run duration (ms)', [auditMetricSearch(METRIC_NAMES.runDuration, BY_CUSTOMER, 'Maximum', 'run')]),
  };
}

function functionGraph(fn: IFunction): GraphWidget {
  return new GraphWidget({
    title: 'Audit function: errors (left) and duration in ms (right)',
    left: [fn.metricErrors({ statistic: 'Sum', period: DASHBOARD_PERIOD, label: 'errors' })],
    right: [fn.metricDuration({ statistic: 'Maximum', period: DASHBOARD_PERIOD, label: 'duration (max)' })],
    width: HALF_WIDTH,
    height: HEIGHT,
    period: DASHBOARD_PERIOD,
    leftYAxis: { min: 0 },
    rightYAxis: { min: 0 },
  });
}

const INTRO = {
  accounts:
    "## Fastly compliance audit\nFailing findings by severity, runs in ERROR, users and API tokens checked and run duration, one line per Fastly customer (and severity), from the audit function's embedded metrics; the function's own errors and duration beside them.",
  withoutAccounts:
    "## Fastly compliance audit\nThe audit function's own errors and duration. Each account's metrics are off (`accountMetrics`): turn them on for graphs per Fastly customer.",
} as const;

export function createDashboard(scope: Construct, resources: DashboardResources): Dashboard {
  const { fn } = resources;
  const alarms = resources.alarms.filter((alarm): alarm is Alarm => alarm !== undefined);
  const dashboard = new Dashboard(scope, 'Dashboard', { start: DASHBOARD_RANGE, periodOverride: PeriodOverride.INHERIT });
  dashboard.addWidgets(new TextWidget({ markdown: resources.accountMetrics ? INTRO.accounts : INTRO.withoutAccounts, width: FULL_WIDTH, height: 2 }));
  if (resources.accountMetrics) {
    const { failing, errors, checked, duration } = perCustomerGraphs();
    dashboard.addWidgets(failing);
    dashboard.addWidgets(errors, checked);
    dashboard.addWidgets(duration, functionGraph(fn));
  } else {
    dashboard.addWidgets(functionGraph(fn));
  }
  if (resources.fleet) {
    dashboard.addWidgets(
      graph(
        'Fleet: accounts failing and in ERROR (each digest)',
        [fleetMetric(fn, FLEET_METRIC_NAMES.accountsFailing, 'accounts failing'), fleetMetric(fn, FLEET_METRIC_NAMES.accountsInError, 'accounts in ERROR')],
        FULL_WIDTH,
      ),
    );
  }
  if (alarms.length > 0) dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: FULL_WIDTH, height: 3 }));
  return dashboard;
}
