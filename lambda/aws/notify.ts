/** Publishes the run's notification to the SNS topic, one message per protocol (MessageStructure json). */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from '../report/notification.js';

export async function publishNotification(sns: SNSClient, topicArn: string, notification: Notification<string>, signal?: AbortSignal): Promise<string> {
  let messageId: string | undefined;
  try {
    ({ MessageId: messageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: notification.subject,
        Message: notification.message,
        MessageStructure: 'json',
        MessageAttributes: notification.messageAttributes,
      }),
      { abortSignal: signal },
    ));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`could not publish the notification to ${topicArn}: ${name}: ${detail}`, { cause: error });
  }
  if (!messageId) throw new Error(`SNS accepted the notification for ${topicArn} but returned no MessageId`);
  return messageId;
}
