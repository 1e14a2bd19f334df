/**
 * The Lambda environment (design.md, a contract between the stack and the handler), validated
 * up front so a misconfigured deployment fails with a message naming the variable. The handler's
 * configuration is what this schema outputs: its type is inferred, not restated.
 */
import { AuditorError } from './errors.js';
import { baseUrlProblem } from './fastly/base-url.js';
import { DEFAULT_FASTLY_BASE_URL } from './fastly/client.js';
import { NOTIFY_MODES, REMEDIATION_MODES, type AccountNotifyMode } from './modes.js';
import { productArnProblem, targetOfProductArn } from './securityhub/target.js';
import * as z from './zod.js';

/** `ACCOUNT_METRICS`: `on` (unset: on) writes every account run's metrics, `off` writes none (lambda/run/metrics.ts). */
export const ACCOUNT_METRICS_VALUES = ['on', 'off'] as const;

/**
 * Whether an account's run writes its metrics, read straight from the environment: a broken
 * configuration counts its ERROR by this too, before the rest of the environment could be read.
 * Only `off` turns them off, as the stack writes it.
 */
export function accountMetricsOn(env: NodeJS.ProcessEnv): boolean {
  return env.ACCOUNT_METRICS !== 'off';
}

/** What every invocation needs: where to notify, where to archive, which API to call, whether to import into Security Hub, and whether to write each account's metrics. */
const SHARED_VARIABLES = {
  TOPIC_ARN: z.string().check(z.startsWith('arn:', 'must be an SNS topic ARN')),
  REPORT_BUCKET: z.string().check(z.minLength(3, 'must name the S3 report bucket')),
  FASTLY_API_URL: z._default(
    z.string().check(
      z.superRefine((value, ctx) => {
        const problem = baseUrlProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
    DEFAULT_FASTLY_BASE_URL,
  ),
  // Set by the Lambda runtime: the region of the report bucket's console link.
  AWS_REGION: z.optional(z.string()),
  // Set: import each run's findings into Security Hub, under this product.
  SECURITY_HUB_PRODUCT_ARN: z.optional(
    z.string().check(
      z.superRefine((value, ctx) => {
        const problem = productArnProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
  ),
  // Unset: on. The stack sets `off` when the construct's accountMetrics is false (a fleet's default).
  ACCOUNT_METRICS: z._default(z.enum(ACCOUNT_METRICS_VALUES), 'on'),
};

function securityHubOf(productArn: string | undefined) {
  return productArn === undefined ? undefined : targetOfProductArn(productArn);
}

/** A single-account deployment: its token secret and its two switches come from the environment too. */
const EnvironmentSchema = z.pipe(
  z.object({
    TOKEN_SECRET_ARN: z.string().check(z.minLength(1, 'must name the Secrets Manager secret that holds the Fastly token')),
    ...SHARED_VARIABLES,
    REMEDIATION: z._default(z.enum(REMEDIATION_MODES), 'plan'),
    NOTIFY: z._default(z.enum(NOTIFY_MODES), 'always'),
  }),
  z.transform((env) => ({
    tokenSecretArn: env.TOKEN_SECRET_ARN,
    topicArn: env.TOPIC_ARN,
    reportBucket: env.REPORT_BUCKET,
    remediation: env.REMEDIATION,
    notify: env.NOTIFY,
    fastlyApiUrl: env.FASTLY_API_URL,
    awsRegion: env.AWS_REGION,
    securityHub: securityHubOf(env.SECURITY_HUB_PRODUCT_ARN),
    accountMetrics: env.ACCOUNT_METRICS === 'on',
  })),
);

/** A fleet deployment: each account's secret, remediation and notify mode are baked into the bundle (lambda/fleet/registry.ts). */
const FleetEnvironmentSchema = z.pipe(
  z.object(SHARED_VARIABLES),
  z.transform((env) => ({
    topicArn: env.TOPIC_ARN,
    reportBucket: env.REPORT_BUCKET,
    fastlyApiUrl: env.FASTLY_API_URL,
    awsRegion: env.AWS_REGION,
    securityHub: securityHubOf(env.SECURITY_HUB_PRODUCT_ARN),
    accountMetrics: env.ACCOUNT_METRICS === 'on',
  })),
);

export type HandlerConfig = z.output<typeof EnvironmentSchema>;
export type FleetConfig = z.output<typeof FleetEnvironmentSchema>;
/** What one account's run works with: a single account's configuration, or a fleet account's. */
export type RunConfig = Omit<HandlerConfig, 'notify'> & { notify: AccountNotifyMode };

/** A Lambda environment the handler cannot run with: every bad variable, named. */
export class ConfigError extends AuditorError {
  override readonly name = 'ConfigError';

  constructor(message: string) {
    super(message, { operation: 'read_configuration', action: 'Deploy with the FastlyComplianceAuditor construct, which sets these variables.' });
  }
}

function parseEnvironment<T>(schema: z.ZodMiniType<T>, env: NodeJS.ProcessEnv): T {
  // Empty strings are how an unset optional variable often arrives: treat them as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid Lambda environment: ${problems.join('; ')}`);
  }
  return result.data;
}

export function readConfig(env: NodeJS.ProcessEnv): HandlerConfig {
  return parseEnvironment(EnvironmentSchema, env);
}

export function readFleetConfig(env: NodeJS.ProcessEnv): FleetConfig {
  return parseEnvironment(FleetEnvironmentSchema, env);
}
