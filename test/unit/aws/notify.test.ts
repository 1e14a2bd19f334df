import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { publishNotification } from '../../../lambda/aws/notify.js';
import { buildNotification } from '../../../lambda/report/notification.js';
import { makeReport } from '../../helpers/report-fixtures.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:fastly-audit';
const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'eu-west-1' });

beforeEach(() => sns.reset());

describe('publishNotification', () => {
  it('publishes subject, per-protocol JSON message and attributes, and returns the MessageId', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const notification = buildNotification(makeReport(), { reportLocation: 's3://bucket/key.json' });
    await expect(publishNotification(client, TOPIC, notification)).resolves.toBe('msg-1');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: 'Fastly audit ACME Corp: 4 failing (critical)',
      Message: notification.message,
      MessageStructure: 'json',
      MessageAttributes: {
        status: { DataType: 'String', StringValue: 'FAIL' },
        severity: { DataType: 'String', StringValue: 'critical' },
        customer_id: { DataType: 'String', StringValue: 'x4xCwxxJxGCx123Rx5xTx' },
        change: { DataType: 'String', StringValue: 'FIRST_RUN' },
      },
    });
    const sent = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(Object.keys(JSON.parse(sent.Message!)).sort()).toEqual(['default', 'email', 'https']);
  });

  it('names the topic and the cause when SNS refuses', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('User is not authorized to perform: SNS:Publish'), { name: 'AuthorizationErrorException' }));
    await expect(publishNotification(client, TOPIC, buildNotification(makeReport()))).rejects.toThrow(
      `could not publish the notification to ${TOPIC}: AuthorizationErrorException: User is not authorized to perform: SNS:Publish`,
    );
  });

  it('fails when SNS returns no MessageId', async () => {
    sns.on(PublishCommand).resolves({});
    await expect(publishNotification(client, TOPIC, buildNotification(makeReport()))).rejects.toThrow('returned no MessageId');
  });
});
