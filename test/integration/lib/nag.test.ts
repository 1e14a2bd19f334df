import { Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildAuditorApp } from '../../../lib/auditor-stack.js';
import type { FastlyComplianceAuditorProps } from '../../../lib/fastly-compliance-auditor.js';
import { acknowledgementsUnder, auditorStack, REPO_ROOT, testApp } from '../../helpers/cdk.js';

const variants: [string, Partial<FastlyComplianceAuditorProps>][] = [
  ['the defaults', {}],
  [
    'every option',
    {
      notificationEmails: ['sec@example.com'],
      emailMinSeverity: 'medium',
      slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
      tokenSecretName: 'platform/fastly-token',
      reservedConcurrency: false,
      remediation: 'apply',
      notify: 'change',
      fastlyApiUrl: 'https://api.fastly.com',
      securityHub: true,
    },
  ],
];

describe('cdk-nag AwsSolutions', () => {
  it.each(variants)('finds no unacknowledged violation with %s', (_name, props) => {
    const report = new AwsSolutionsChecks().validateScope(auditorStack(props));
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a reason of at least a sentence', () => {
    const acknowledgements = variants.flatMap(([, props]) => acknowledgementsUnder(auditorStack(props)));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect(id).toMatch(/^AwsSolutions-/);
      expect(typeof reason).toBe('string');
      expect((reason as string).trim().length).toBeGreaterThanOrEqual(40);
    }
  });

  it('acknowledges only these rules, each on the resource it concerns', () => {
    const all = variants.flatMap(([, props]) => acknowledgementsUnder(auditorStack(props)));
    const found = [...new Set(all.map(({ path, id }) => `${path.replace(/^TestAuditor\/Auditor\//, '')} ${id.replace(/<[^>]+>/, '<ref>')}`))].sort();
    expect(found).toEqual([
      'FailureQueue AwsSolutions-SQS3',
      'FunctionRole AwsSolutions-IAM5[Resource::<ref>/latest/*]',
      'FunctionRole AwsSolutions-IAM5[Resource::<ref>/reports/*]',
      'ReportBucket AwsSolutions-S1',
      'ScheduleRole AwsSolutions-IAM5[Resource::<ref>:*]',
      'SlackGuardrailPolicy AwsSolutions-IAM5[Resource::*]',
      'TokenSecret AwsSolutions-SMG4',
    ]);
  });

  it('runs in the app synth and fails it on an unacknowledged finding', () => {
    const app = testApp();
    const stack = buildAuditorApp(app, REPO_ROOT);
    new Queue(stack, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/Unencrypted\/Resource[\s\S]*AwsSolutions-SQS4/);
  });

  it('passes the app synth when everything is compliant or acknowledged', () => {
    const app = testApp();
    buildAuditorApp(app, REPO_ROOT);
    expect(() => app.synth()).not.toThrow();
  });

  it('reads acknowledgements from construct metadata, as cdk-nag does', () => {
    const stack = auditorStack();
    Validations.of(stack).acknowledge({ id: 'AwsSolutions-TEST1', reason: 'a reason long enough to pass the sentence check' });
    expect(acknowledgementsUnder(stack).map(({ id }) => id)).toContain('AwsSolutions-TEST1');
  });
});
