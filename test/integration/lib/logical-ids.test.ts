/**
 * The logical id of every resource the construct creates, pinned: a changed id makes
 * CloudFormation replace the resource in deployed stacks (a new bucket, a new topic that every
 * subscriber must confirm again). Refactoring the construct must leave this list alone; a new
 * resource adds its line here on purpose.
 */
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { auditorInVpcStack, auditorStack } from '../../helpers/cdk.js';

function sortedIdsAndTypes(stack: Stack): string[] {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
  return Object.entries(resources)
    .map(([id, resource]) => `${id} ${resource.Type}`)
    .sort();
}

const CORE = [
  'AuditorDashboardD54EAFBE AWS::CloudWatch::Dashboard',
  'AuditorErrorsAlarmD905DBD5 AWS::CloudWatch::Alarm',
  'AuditorFailureQueue4C78BD0F AWS::SQS::Queue',
  'AuditorFailureQueuePolicyEC671059 AWS::SQS::QueuePolicy',
  'AuditorFailuresAlarmD4C89583 AWS::CloudWatch::Alarm',
  'AuditorFunction191A5253 AWS::Lambda::Function',
  'AuditorFunctionEventInvokeConfig8F440701 AWS::Lambda::EventInvokeConfig',
  'AuditorFunctionLogsC8A06ED3 AWS::Logs::LogGroup',
  'AuditorFunctionRole667D1256 AWS::IAM::Role',
  'AuditorFunctionRoleDefaultPolicyB96B5DA7 AWS::IAM::Policy',
  'AuditorMissedRunAlarmBE75B73F AWS::CloudWatch::Alarm',
  'AuditorReportBucketDB3E896E AWS::S3::Bucket',
  'AuditorReportBucketPolicy1C48A6B5 AWS::S3::BucketPolicy',
  'AuditorScheduleABD2E437 AWS::Scheduler::Schedule',
  'AuditorScheduleRoleA721F7F0 AWS::IAM::Role',
  'AuditorScheduleRoleDefaultPolicyF5DA69C5 AWS::IAM::Policy',
  'AuditorTopic1D8A304D AWS::SNS::Topic',
  'AuditorTopicKey3005F5F5 AWS::KMS::Key',
  'AuditorTopicPolicy67575193 AWS::SNS::TopicPolicy',
];

describe('FastlyComplianceAuditor logical ids', () => {
  it('keeps the ids of the default stack, the created token secret included', () => {
    expect(sortedIdsAndTypes(auditorStack())).toEqual([...CORE, 'AuditorTokenSecret567C91F8 AWS::SecretsManager::Secret'].sort());
  });

  it('keeps the ids of the emails, the Slack channel and the VPC resources', () => {
    const stack = auditorInVpcStack({
      notificationEmails: ['sec@example.com', 'Ops@Example.com'],
      emailMinSeverity: 'high',
      slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
      tokenSecretName: 'platform/fastly-token',
    });
    expect(sortedIdsAndTypes(stack)).toEqual(
      [
        ...CORE,
        'AuditorEmailopsexamplecomC702C756 AWS::SNS::Subscription',
        'AuditorEmailsecexamplecomA457C025 AWS::SNS::Subscription',
        'AuditorFunctionSecurityGroup1C285C1E AWS::EC2::SecurityGroup',
        'AuditorFunctionVpcAccessPolicy6EAED5CD AWS::IAM::Policy',
        'AuditorSlackChannelF262A18F AWS::Chatbot::SlackChannelConfiguration',
        'AuditorSlackChannelRole7FEE2448 AWS::IAM::Role',
        'AuditorSlackGuardrailPolicy6800B272 AWS::IAM::ManagedPolicy',
      ].sort(),
    );
  });
});
