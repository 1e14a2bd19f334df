/**
 * The stack with Security Hub on (cdk.json `securityHub`, the construct's `securityHub` prop):
 * the handler is told where to import (SECURITY_HUB_PRODUCT_ARN), the role may call
 * BatchImportFindings on the account's default product only, and the function's timeout must
 * hold the import's slot. Off by default: then neither exists.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { auditorAppSettings } from '../../../lib/app-context.js';
import { AuditorPropsError } from '../../../lib/fastly-compliance-auditor.js';
import { resolveAuditorProps } from '../../../lib/auditor-settings.js';
import { auditorStack, cdkJsonContext, examplePolicy, REPO_ROOT, templateOf } from '../../helpers/cdk.js';

/** The account's default product in the stack's own account, Region and partition. */
const DEFAULT_PRODUCT = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':product/', { Ref: 'AWS::AccountId' }, '/default'],
  ],
};

function statements(template: Template): { Sid?: string; Action: unknown; Resource: unknown }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Sid?: string; Action: unknown; Resource: unknown }[]);
}

describe('securityHub on', () => {
  const template = templateOf({ securityHub: true });

  it('tells the handler to import into the default product of the stack\'s account and Region', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SECURITY_HUB_PRODUCT_ARN: DEFAULT_PRODUCT }) } });
  });

  it('lets the role call securityhub:BatchImportFindings on that product only, and nothing else of Security Hub', () => {
    const securityHub = statements(template).filter((statement) => JSON.stringify(statement.Action).includes('securityhub:'));
    expect(securityHub).toEqual([{ Sid: 'ImportSecurityHubFindings', Effect: 'Allow', Action: 'securityhub:BatchImportFindings', Resource: DEFAULT_PRODUCT }]);
  });
});

describe('securityHub off (the default)', () => {
  const template = templateOf();

  it('neither sets SECURITY_HUB_PRODUCT_ARN nor grants any Security Hub action', () => {
    const variables = Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables)).not.toContain('SECURITY_HUB_PRODUCT_ARN');
    expect(JSON.stringify(statements(template))).not.toContain('securityhub');
  });
});

describe('the securityHub setting', () => {
  it('is false in cdk.json, and -c securityHub=true turns it on', () => {
    const context = (values: Record<string, unknown>) => (key: string) => ({ ...cdkJsonContext(), ...values })[key];
    expect(auditorAppSettings(context({}), REPO_ROOT).auditor.securityHub).toBe(false);
    expect(auditorAppSettings(context({ securityHub: 'true' }), REPO_ROOT).auditor.securityHub).toBe(true);
    expect(auditorAppSettings(context({ securityHub: true }), REPO_ROOT).auditor.securityHub).toBe(true);
    expect(() => auditorAppSettings(context({ securityHub: 'yes' }), REPO_ROOT)).toThrow('context securityHub must be true or false, got "yes"');
  });

  it('needs a timeout that also holds the import\'s 15 s: 356 s at least, which the default 6 minutes does', () => {
    expect(resolveAuditorProps({ policy: examplePolicy(), securityHub: true }).timeout.toSeconds()).toBe(360);
    expect(resolveAuditorProps({ policy: examplePolicy(), securityHub: true, timeout: Duration.seconds(356) }).timeout.toSeconds()).toBe(356);
    expect(() => resolveAuditorProps({ policy: examplePolicy(), securityHub: true, timeout: Duration.seconds(341) })).toThrow(
      /timeout must be a Duration of whole seconds from Duration.seconds\(356\) .* and 66 s for the token, the previous report, the Security Hub import, the archive and the notification$/,
    );
  });

  it('is checked like every prop', () => {
    const build = () => auditorStack({ securityHub: 'yes' as unknown as boolean });
    expect(build).toThrow(AuditorPropsError);
    expect(build).toThrow("FastlyComplianceAuditor: securityHub must be true or false, got 'yes'");
  });
});
