/**
 * The Lambda environment (design.md, a contract between the stack and the handler), validated
 * up front so a misconfigured deployment fails with a message naming the variable.
 */
import { AuditorError } from './errors.js';
import { DEFAULT_FASTLY_BASE_URL } from './fastly/client.js';
import * as z from './zod.js';

const EnvironmentSchema = z.object({
  TOKEN_SECRET_ARN: z.string().check(z.minLength(1, 'must name the Secrets Manager secret that holds the Fastly token')),
  TOPIC_ARN: z.string().check(z.startsWith('arn:', 'must be an SNS topic ARN')),
  REPORT_BUCKET: z.string().check(z.minLength(3, 'must name the S3 report bucket')),
  REMEDIATION: z._default(z.enum(['plan', 'apply']), 'plan'),
  NOTIFY: z._default(z.enum(['always', 'change']), 'always'),
  FASTLY_API_URL: z._default(z.url({ protocol: /^https?$/ }), DEFAULT_FASTLY_BASE_URL),
});

export interface HandlerConfig {
  tokenSecretArn: string;
  topicArn: string;
  reportBucket: string;
  remediation: 'plan' | 'apply';
  notify: 'always' | 'change';
  fastlyApiUrl: string;
}

/** A Lambda environment the handler cannot run with: every bad variable, named. */
export class ConfigError extends AuditorError {
  override readonly name = 'ConfigError';

  constructor(message: string) {
    super(message, { operation: 'read_configuration', action: 'Deploy with the FastlyComplianceAuditor construct, which sets these variables.' });
  }
}

export function readConfig(env: NodeJS.ProcessEnv): HandlerConfig {
  // Empty strings are how an unset optional variable often arrives: treat them as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvironmentSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid Lambda environment: ${problems.join('; ')}`);
  }
  const value = result.data;
  return {
    tokenSecretArn: value.TOKEN_SECRET_ARN,
    topicArn: value.TOPIC_ARN,
    reportBucket: value.REPORT_BUCKET,
    remediation: value.REMEDIATION,
    notify: value.NOTIFY,
    fastlyApiUrl: value.FASTLY_API_URL,
  };
}
