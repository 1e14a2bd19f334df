/**
 * The CloudWatch dashboard, read from the synthesised template: its widgets graph the metrics the
 * handler writes (lambda/run/metrics.ts: names, namespace, dimensions) and the function's own.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { METRIC_DIMENSIONS, METRIC_NAMES, METRICS_NAMESPACE } from '../../../lambda/run/metrics.js';
import { auditorStack, fleetAccounts } from '../../helpers/cdk.js';

interface Widget {
  type: string;
  width: number;
  height: number;
  properties: {
    title?: string;
    markdown?: string;
    metrics?: unknown[][];
    alarms?: string[];
    stacked?: boolean;
    period?: number;
  };
}

/** The dashboard body with each CloudFormation reference written as {Ref:<id>} or {GetAtt:<id>.<attr>}, parsed. */
function dashboardBody(template: Template): { start: string; widgets: Widget[] } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as { Properties: { DashboardBody: unknown } }[];
  const body = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] } | string;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((part) => {
            if (typeof part === 'string') return part;
            const token = part as { Ref?: string; 'Fn::GetAtt'?: string[] };
            return token.Ref !== undefined ? `{Ref:${token.Ref}}` : `{GetAtt:${token['Fn::GetAtt']?.join('.')}}`;
          })
          .join('');
  return JSON.parse(text) as { start: string; widgets: Widget[] };
}

function expressions(widget: Widget | undefined): string[] {
  return (widget?.properties.metrics ?? []).flatMap((row) => row.flatMap((cell) => (typeof cell === 'object' && cell !== null && 'expression' in cell ? [(cell as { expression: string }).expression] : [])));
}

describe('the dashboard', () => {
  const template = Template.fromStack(auditorStack());
  const body = dashboardBody(template);
  const widget = (title: string) => body.widgets.find((candidate) => candidate.properties.title === title);

  it('shows four weeks of daily points', () => {
    expect(body.start).toBe('-P28D');
    expect(body.widgets.filter((candidate) => candidate.type === 'metric').every((candidate) => candidate.properties.period === 86_400)).toBe(true);
  });

  it('graphs failing findings by severity over time: every customer and severity of FailingFindings, stacked', () => {
    const failing = widget('Failing findings by severity');
    expect(expressions(failing)).toEqual([
      `SEARCH('{${METRICS_NAMESPACE},${METRIC_DIMENSIONS.customer},${METRIC_DIMENSIONS.severity}} MetricName="${METRIC_NAMES.failingFindings}"', 'Maximum')`,
    ]);
    expect(expressions(failing)[0]).toBe(`SEARCH('{FastlyComplianceAuditor,CustomerId,Severity} MetricName="FailingFindings"', 'Maximum')`);
    expect(failing?.properties.stacked).toBe(true);
  });

  it('graphs runs in ERROR, users and tokens checked and run duration by customer', () => {
    expect(expressions(widget('Audit runs in ERROR'))).toEqual([`SEARCH('{FastlyComplianceAuditor,CustomerId} MetricName="AuditErrors"', 'Sum')`]);
    expect(expressions(widget('Users and API tokens checked'))).toEqual([
      `SEARCH('{FastlyComplianceAuditor,CustomerId} MetricName="UsersChecked"', 'Maximum')`,
      `SEARCH('{FastlyComplianceAuditor,CustomerId} MetricName="TokensChecked"', 'Maximum')`,
    ]);
    expect(expressions(widget('Audit run duration (ms)'))).toEqual([`SEARCH('{FastlyComplianceAuditor,CustomerId} MetricName="RunDuration"', 'Maximum')`]);
  });

  it("graphs the function's own errors and duration, by its name", () => {
    const own = widget('Audit function: errors (left) and duration in ms (right)');
    const functionId = Object.keys(template.findResources('AWS::Lambda::Function'))[0];
    expect(own?.properties.metrics).toEqual([
      ['AWS/Lambda', 'Errors', 'FunctionName', `{Ref:${functionId}}`, expect.objectContaining({ label: 'errors', stat: 'Sum' })],
      ['AWS/Lambda', 'Duration', 'FunctionName', `{Ref:${functionId}}`, expect.objectContaining({ label: 'duration (max)', stat: 'Maximum', yAxis: 'right' })],
    ]);
  });

  it('shows the state of the three alarms', () => {
    const alarms = body.widgets.find((candidate) => candidate.type === 'alarm');
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms?.properties.alarms).toHaveLength(3);
    expect(new Set(alarms?.properties.alarms)).toEqual(new Set(alarmIds.map((id) => `{GetAtt:${id}.Arn}`)));
  });

  it('is named in the stack outputs', () => {
    const dashboardId = Object.keys(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    template.hasOutput('DashboardName', { Value: { Ref: dashboardId } });
  });

  it("a fleet's dashboard also graphs the digest's accounts failing and in ERROR, and shows the fleet's alarms", () => {
    // Arrange
    const fleetTemplate = Template.fromStack(auditorStack({ fleet: { accounts: fleetAccounts(2) } }));

    // Act
    const fleetBody = dashboardBody(fleetTemplate);

    // Assert
    const fleet = fleetBody.widgets.find((candidate) => candidate.properties.title === 'Fleet: accounts failing and in ERROR (each digest)');
    const functionId = Object.keys(fleetTemplate.findResources('AWS::Lambda::Function'))[0];
    expect(fleet?.properties.metrics).toEqual([
      [METRICS_NAMESPACE, 'FleetAccountsFailing', 'FunctionName', `{Ref:${functionId}}`, expect.objectContaining({ label: 'accounts failing', stat: 'Maximum' })],
      [METRICS_NAMESPACE, 'FleetAccountsInError', 'FunctionName', `{Ref:${functionId}}`, expect.objectContaining({ label: 'accounts in ERROR', stat: 'Maximum' })],
    ]);
    const alarmIds = Object.keys(fleetTemplate.findResources('AWS::CloudWatch::Alarm'));
    expect(alarmIds).toHaveLength(5);
    const alarms = fleetBody.widgets.find((candidate) => candidate.type === 'alarm');
    expect(new Set(alarms?.properties.alarms)).toEqual(new Set(alarmIds.map((id) => `{GetAtt:${id}.Arn}`)));
    expect(widget('Fleet: accounts failing and in ERROR (each digest)')).toBeUndefined();
  });

  it('is left out with dashboard: false', () => {
    const without = Template.fromStack(auditorStack({ dashboard: false }));
    without.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(Object.keys(without.findOutputs('DashboardName'))).toEqual([]);
  });
});

describe('the dashboard and the accounts\' metrics', () => {
  const PER_CUSTOMER_TITLES = ['Failing findings by severity', 'Audit runs in ERROR', 'Users and API tokens checked', 'Audit run duration (ms)'];
  const OWN = 'Audit function: errors (left) and duration in ms (right)';
  const FLEET = 'Fleet: accounts failing and in ERROR (each digest)';
  const titles = (template: Template) => dashboardBody(template).widgets.flatMap((widget) => (widget.properties.title !== undefined ? [widget.properties.title] : []));
  const searches = (template: Template) => JSON.stringify(dashboardBody(template).widgets).includes('SEARCH(');

  it("one account, accountMetrics false: only the function's own graph and the alarms, no SEARCH left to draw nothing", () => {
    const template = Template.fromStack(auditorStack({ accountMetrics: false }));

    expect(titles(template)).toEqual([OWN, 'Alarms']);
    expect(searches(template)).toBe(false);
    expect(dashboardBody(template).widgets[0]?.properties.markdown).toContain('`accountMetrics`');
  });

  it("a fleet, by default (its accounts' metrics off): the digest's fleet graph, the function's own and the alarms", () => {
    const template = Template.fromStack(auditorStack({ fleet: { accounts: fleetAccounts(2) } }));

    expect(titles(template)).toEqual([OWN, FLEET, 'Alarms']);
    expect(searches(template)).toBe(false);
  });

  it("a fleet with accountMetrics true: the per-customer graphs too, before the fleet's", () => {
    const template = Template.fromStack(auditorStack({ fleet: { accounts: fleetAccounts(2) }, accountMetrics: true }));

    expect(titles(template)).toEqual([...PER_CUSTOMER_TITLES.slice(0, 3), PER_CUSTOMER_TITLES[3], OWN, FLEET, 'Alarms']);
    expect(searches(template)).toBe(true);
  });

  it('one account, by default: the per-customer graphs, as before', () => {
    expect(titles(Template.fromStack(auditorStack()))).toEqual([...PER_CUSTOMER_TITLES, OWN, 'Alarms']);
  });
});
