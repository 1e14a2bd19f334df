/**
 * A Lambda invocation context as the runtime hands it to the handler (every field of the
 * aws-lambda Context type), for the handler suites.
 */
import type { Context } from 'aws-lambda';

export const FUNCTION_NAME = 'FastlyComplianceAuditor-AuditFunction1A2B3C4D-xYz012AbC345';
export const FUNCTION_ARN = `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`;

/** `remainingMs`: the invocation's time, counting down from now (default Lambda's 5 minutes). */
export function lambdaContext(awsRequestId: string, remainingMs = 300_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: FUNCTION_ARN,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: '2026/03/14/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
