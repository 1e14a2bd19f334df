import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { AWS_CALL_LIMITS, awsClientConfig } from '../../../lambda/aws/clients.js';
import { AWS_STEP_LIMITS_MS } from '../../../lambda/run/budget.js';

describe('the AWS clients of the function', () => {
  it.each([
    ['S3', () => new S3Client({ region: 'us-east-1', ...awsClientConfig() })],
    ['SNS', () => new SNSClient({ region: 'us-east-1', ...awsClientConfig() })],
    ['Secrets Manager', () => new SecretsManagerClient({ region: 'us-east-1', ...awsClientConfig() })],
    // An older client than the others (the registry's newest): the same settings take.
    ['Security Hub', () => new SecurityHubClient({ ...awsClientConfig(), region: 'us-east-1' })],
  ])('%s: a connection timeout, a request timeout that throws, an idle-socket timeout and bounded attempts', async (_name, create) => {
    const client = create();
    const handler = client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    await expect(handler.configProvider).resolves.toMatchObject({
      connectionTimeout: AWS_CALL_LIMITS.connectionTimeoutMs,
      requestTimeout: AWS_CALL_LIMITS.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: AWS_CALL_LIMITS.requestTimeoutMs,
    });
    await expect(client.config.maxAttempts()).resolves.toBe(AWS_CALL_LIMITS.maxAttempts);
    client.destroy();
  });

  it('answers or fails one call well inside the shortest step', () => {
    expect(AWS_CALL_LIMITS.connectionTimeoutMs + AWS_CALL_LIMITS.requestTimeoutMs).toBeLessThan(Math.min(...Object.values(AWS_STEP_LIMITS_MS)));
  });
});
