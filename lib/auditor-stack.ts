/** The deployable stack: one FastlyComplianceAuditor and the outputs an operator needs. */
import { CfnOutput, Stack, Validations, type App, type StackProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { auditorAppSettings } from './app-context.js';
import { FastlyComplianceAuditor, type FastlyComplianceAuditorProps } from './fastly-compliance-auditor.js';

export interface FastlyComplianceAuditorStackProps extends StackProps {
  /** Everything the auditor construct needs. */
  readonly auditor: FastlyComplianceAuditorProps;
}

export class FastlyComplianceAuditorStack extends Stack {
  readonly auditor: FastlyComplianceAuditor;

  constructor(scope: Construct, id: string, props: FastlyComplianceAuditorStackProps) {
    super(scope, id, {
      description: 'Fastly compliance auditor: scheduled audit of a Fastly account with SNS alerts and an S3 report archive',
      ...props,
    });
    this.auditor = new FastlyComplianceAuditor(this, 'Auditor', props.auditor);
    const { topic, bucket, tokenSecret, stateMachine } = this.auditor;

    new CfnOutput(this, 'TopicArn', { value: topic.topicArn, description: 'SNS topic of the notifications and alarms' });
    new CfnOutput(this, 'ReportBucketName', { value: bucket.bucketName, description: 'S3 bucket of the archived reports (retained on destroy)' });
    if (tokenSecret) {
      new CfnOutput(this, 'TokenSecretName', { value: tokenSecret.secretName, description: 'Put the Fastly API token in this secret' });
      new CfnOutput(this, 'TokenSecretArn', { value: tokenSecret.secretArn, description: 'ARN of the token secret (partial for an imported secret)' });
    }
    new CfnOutput(this, 'FunctionName', {
      value: this.auditor.function.functionName,
      description: stateMachine ? "The audit function: invoke it with {\"account\": \"<name>\"} to audit one account now" : 'The audit function: invoke it to run an audit now',
    });
    if (stateMachine) {
      new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn, description: 'The fleet run: start an execution to audit every account and send the digest now' });
    }
    new CfnOutput(this, 'FailureQueueUrl', { value: this.auditor.failureQueue.queueUrl, description: 'Failed runs and undeliverable scheduled events' });
    if (this.auditor.dashboard) {
      new CfnOutput(this, 'DashboardName', { value: this.auditor.dashboard.dashboardName, description: 'CloudWatch dashboard of the audits and the function' });
    }
  }
}

/**
 * The app as `cdk synth` builds it: the stack from context, and cdk-nag's AwsSolutions checks,
 * which fail synth on any unacknowledged finding.
 */
export function buildAuditorApp(app: App, baseDir: string): FastlyComplianceAuditorStack {
  const settings = auditorAppSettings((key) => app.node.tryGetContext(key), baseDir);
  const stack = new FastlyComplianceAuditorStack(app, settings.stackName, { auditor: settings.auditor });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
