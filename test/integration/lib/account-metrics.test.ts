/**
 * The accounts' metrics switch in the template: the function's ACCOUNT_METRICS variable, unset
 * (the handler's default, on) for one account unless turned off, `off` for a fleet unless turned on.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { auditorStack, fleetAccounts } from '../../helpers/cdk.js';

function functionVariables(template: Template): Record<string, unknown> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Environment: { Variables: Record<string, unknown> } } }[];
  if (!fn) throw new Error('expected the audit function');
  return fn.Properties.Environment.Variables;
}

describe('ACCOUNT_METRICS in the function environment', () => {
  it('one account, by default: unset, so the template is as it was and the handler writes its metrics', () => {
    const variables = functionVariables(Template.fromStack(auditorStack()));

    expect(Object.keys(variables)).not.toContain('ACCOUNT_METRICS');
    expect(variables.TOPIC_ARN).toBeDefined();
  });

  it('one account with accountMetrics false: off', () => {
    expect(functionVariables(Template.fromStack(auditorStack({ accountMetrics: false }))).ACCOUNT_METRICS).toBe('off');
  });

  it("a fleet, by default: off (8 custom metrics per account would be the stack's largest cost)", () => {
    expect(functionVariables(Template.fromStack(auditorStack({ fleet: { accounts: fleetAccounts(2) } }))).ACCOUNT_METRICS).toBe('off');
  });

  it('a fleet with accountMetrics true: unset, the handler writes every account\'s metrics', () => {
    const variables = functionVariables(Template.fromStack(auditorStack({ fleet: { accounts: fleetAccounts(2) }, accountMetrics: true })));

    expect(Object.keys(variables)).not.toContain('ACCOUNT_METRICS');
    expect(variables.REPORT_BUCKET).toBeDefined();
  });
});
