/**
 * A run's publish to its topic, within the run's time: the single account's and each fleet
 * account's notification, the digest, a broken configuration's ERROR, and the watch's alerts.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { publishNotification } from '../aws/notify.js';
import type { Notification } from '../report/notification.js';
import { beforeDeadline } from './deadline.js';

export interface Topic {
  sns: SNSClient;
  topicArn: string;
}

/** Publishes by `endMs` (epoch ms), and within `limitMs` when given; `what` names it in a DeadlineError. Resolves with SNS's MessageId. */
export function publishBefore(topic: Topic, notification: Notification<string>, what: string, endMs: number, limitMs?: number): Promise<string> {
  return beforeDeadline({ what, operation: 'publish_notification' }, endMs, (signal) => publishNotification(topic.sns, topic.topicArn, notification, signal), limitMs);
}
