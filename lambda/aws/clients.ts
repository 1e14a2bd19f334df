/**
 * How every AWS client of the function talks to its service: connection and request timeouts and
 * a bounded number of attempts, so a hung endpoint fails a call in seconds instead of holding the
 * run until Lambda kills it. The run's deadline (lambda/run/deadline.ts) bounds each step on top.
 */
export const AWS_CALL_LIMITS = {
  connectionTimeoutMs: 2_000,
  /** From the request's start to its response, and the longest silence while a body streams. */
  requestTimeoutMs: 5_000,
  /** The SDK's standard retry mode: the first attempt and up to two retries of throttling and transient errors. */
  maxAttempts: 3,
} as const;

/** Constructor options for S3Client, SNSClient and SecretsManagerClient. */
export function awsClientConfig() {
  return {
    maxAttempts: AWS_CALL_LIMITS.maxAttempts,
    requestHandler: {
      connectionTimeout: AWS_CALL_LIMITS.connectionTimeoutMs,
      requestTimeout: AWS_CALL_LIMITS.requestTimeoutMs,
      // Without it the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      socketTimeout: AWS_CALL_LIMITS.requestTimeoutMs,
    },
  };
}
