/**
 * The handler's logger is bound to each invocation's Lambda context: the first invocation of a
 * container logs cold_start true, the next ones false, each with the function and request id.
 * An environment without a topic fails before any AWS call, so no client is used.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { captureOutput, type OutputCapture } from '../../helpers/aws-fakes.js';
import { FUNCTION_NAME, lambdaContext } from '../../helpers/lambda-context.js';

let output: OutputCapture;
const initializationType = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;

beforeAll(() => {
  // What Lambda sets for an on-demand function, before the handler module (and its logger) loads.
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
});

afterAll(() => {
  if (initializationType === undefined) delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  else process.env.AWS_LAMBDA_INITIALIZATION_TYPE = initializationType;
});

beforeEach(() => {
  output = captureOutput();
});

afterEach(() => output.restore());

it('logs cold_start true on the first invocation of a container and false after, with the function and request id', async () => {
  const { createHandler } = await import('../../../lambda/handler.js');
  const region = { region: 'us-east-1' };
  const handler = createHandler({ env: {}, secrets: new SecretsManagerClient(region), sns: new SNSClient(region), s3: new S3Client(region) });

  await expect(handler({}, lambdaContext('request-1'))).rejects.toThrow(/^Invalid Lambda environment/);
  await expect(handler({}, lambdaContext('request-2'))).rejects.toThrow(/^Invalid Lambda environment/);

  const lines = output.logs().filter((line) => line.message === 'invalid configuration');
  expect(lines.map((line) => [line.function_request_id, line.runId, line.cold_start])).toEqual([
    ['request-1', 'request-1', true],
    ['request-2', 'request-2', false],
  ]);
  for (const line of lines) expect(line).toMatchObject({ function_name: FUNCTION_NAME, level: 'ERROR', error: { name: 'ConfigError' } });
});
