/**
 * Lambda entry. Wiring only: which run the event asks for (lambda/fleet/event.ts), its
 * configuration, its token, and its steps within the time Lambda gives it (lambda/run/).
 * - A single-account deployment: EventBridge Scheduler starts it nightly (the event's content is
 *   ignored; the run id is the invocation's request id). A run that cannot complete still
 *   notifies (status ERROR, what failed and what to do), then throws so the error metric, the
 *   alarm and the failure queue see it.
 * - A fleet (accounts baked into the bundle): the state machine invokes it once per account with
 *   `{"account": name, "fleetRunId": ...}` (lambda/run/fleet-account.ts), then once with
 *   `{"mode": "digest", ...}` (lambda/run/digest.ts).
 * - `{"mode": "watch"}` from the watch schedule: one pass of the watch over the account, or over
 *   every account of the fleet (lambda/run/watch.ts).
 * Every account's run ends with its metrics (lambda/run/metrics.ts), a broken configuration's too,
 * unless ACCOUNT_METRICS is off.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { awsClientConfig } from './aws/clients.js';
import { createTokenReaders, type TokenReaders } from './aws/secrets.js';
import { accountMetricsOn, readConfig, readFleetConfig } from './config.js';
import { AuditorError } from './errors.js';
import { toReportError } from './failure.js';
import { parseEvent, type AuditorEvent } from './fleet/event.js';
import { bundledFleet, type Fleet } from './fleet/registry.js';
import { logger } from './logger.js';
import { createErrorReport, UNKNOWN_CUSTOMER } from './report/error-report.js';
import { buildNotification } from './report/notification.js';
import { runAccount, runProblems, type RunSummary } from './run/account-run.js';
import { planRun, type RunPlan } from './run/budget.js';
import { runDigest, type DigestResult } from './run/digest.js';
import { runFleetAccount, type FleetAccountResult } from './run/fleet-account.js';
import { runWatch, type WatchedAccount, type WatchSummary } from './run/watch.js';
import { bundledPolicy } from './policy/bundled.js';
import { publishRunMetrics } from './run/metrics.js';
import { publishBefore } from './run/publish.js';
import { asError, type RunContext } from './run/steps.js';

export type { RunSummary } from './run/account-run.js';

export interface HandlerDependencies {
  env: NodeJS.ProcessEnv;
  secrets: SecretsManagerClient;
  sns: SNSClient;
  s3: S3Client;
}

/** An invocation the deployment cannot serve: an account event without a fleet, or a plain one with a fleet. */
class WrongInvocationError extends AuditorError {
  override readonly name = 'WrongInvocationError';
  constructor(message: string) {
    super(message, { operation: 'read_event', action: 'Invoke a fleet through its state machine (or with {"account": "<name>"}), and a single-account deployment with any other event.' });
  }
}

/**
 * A broken environment still tells the topic, when the topic itself is known. An account's run
 * (`accountRunStartMs` set; not the digest) also counts it in the metrics, when they are on: an ERROR of the unknown customer.
 * A fleet account's run does not notify (`notify: false`): the environment is the whole fleet's,
 * its invocation fails into the Map's catch, and the digest, reading the same environment, sends
 * the one ERROR, rather than one per account.
 */
async function readOrNotify<T>(read: () => T, deps: HandlerDependencies, runId: string, plan: RunPlan, accountRunStartMs?: number, notify = true): Promise<T> {
  try {
    return read();
  } catch (error) {
    const topicArn = deps.env.TOPIC_ARN;
    logger.error('invalid configuration', asError(error));
    if (accountRunStartMs !== undefined && accountMetricsOn(deps.env)) publishRunMetrics({ customerId: UNKNOWN_CUSTOMER.id, status: 'ERROR', durationMs: Date.now() - accountRunStartMs });
    if (notify && topicArn?.startsWith('arn:')) {
      const now = new Date();
      const report = createErrorReport({ runId, startedAt: now, finishedAt: now, errors: [toReportError(error)], mode: 'plan' });
      await publishBefore({ sns: deps.sns, topicArn }, buildNotification(report), 'publishing the notification', plan.end).catch((publishError: unknown) => logger.error('could not notify about the invalid configuration', asError(publishError)));
    }
    throw error;
  }
}

export function createHandler(deps: HandlerDependencies) {
  // Read once per container and secret; read again after the token was rejected.
  const tokens: TokenReaders = createTokenReaders(deps.secrets);
  // The Security Hub import takes a slot of the run's time only when it is on.
  const steps = { securityHub: Boolean(deps.env.SECURITY_HUB_PRODUCT_ARN) };

  async function single(runId: string, plan: RunPlan, startMs: number): Promise<RunSummary> {
    const config = await readOrNotify(() => readConfig(deps.env), deps, runId, plan, startMs);
    const run: RunContext = { runId, config, plan, s3: deps.s3, sns: deps.sns, startMs };
    const result = await runAccount(run, (signal) => tokens.read(config.tokenSecretArn, signal));
    if (result.tokenRejected) tokens.forget(config.tokenSecretArn);
    const problems = runProblems(result);
    if (problems.length > 0) {
      logger.error('audit run failed', { problems });
      throw new Error(`Fastly audit run ${runId} failed: ${problems.join('; ')}`);
    }
    return result.summary;
  }

  async function fleetRun(fleet: Fleet, event: Exclude<AuditorEvent, { kind: 'scheduled' | 'watch' }>, runId: string, context: Context, startMs: number) {
    const remainingMs = context.getRemainingTimeInMillis();
    const plan = planRun(startMs, remainingMs, steps);
    const config =
      event.kind === 'digest'
        ? await readOrNotify(() => readFleetConfig(deps.env), deps, runId, plan)
        : await readOrNotify(() => readFleetConfig(deps.env), deps, runId, plan, startMs, false);
    if (event.kind === 'digest') {
      return runDigest({ ...event, fleet, config, plan, s3: deps.s3, sns: deps.sns, functionName: context.functionName });
    }
    const account = fleet.account(event.account);
    return runFleetAccount({ runId, account, ...(event.fleetRunId ? { fleetRunId: event.fleetRunId } : {}), config, startMs, remainingMs, steps, s3: deps.s3, sns: deps.sns, tokens });
  }

  /** One watch pass: the single account (its policy baked in), or every account of the fleet. */
  async function watch(fleet: Fleet | undefined, runId: string, context: Context, startMs: number): Promise<WatchSummary> {
    const remainingMs = context.getRemainingTimeInMillis();
    const plan = planRun(startMs, remainingMs, steps);
    let config: { topicArn: string; reportBucket: string; fastlyApiUrl: string };
    let accounts: WatchedAccount[];
    if (fleet) {
      config = await readOrNotify(() => readFleetConfig(deps.env), deps, runId, plan);
      accounts = fleet.accounts.map((account) => ({ scope: account.name, label: account.name, account: account.name, secretId: account.tokenSecretName, policy: account.policy }));
    } else {
      const single = await readOrNotify(() => readConfig(deps.env), deps, runId, plan);
      const policy = await readOrNotify(bundledPolicy, deps, runId, plan);
      config = single;
      accounts = [{ scope: 'default', label: 'the Fastly account', secretId: single.tokenSecretArn, policy }];
    }
    return runWatch({ runId, startMs, remainingMs, accounts, config, tokens, s3: deps.s3, sns: deps.sns });
  }

  return async function handler(rawEvent: unknown, context: Context): Promise<RunSummary | FleetAccountResult | DigestResult | WatchSummary> {
    const runId = context.awsRequestId;
    const startMs = Date.now();
    // The logger outlives the invocation in a warm container: drop the previous run's keys, and
    // bind every line to this invocation (cold_start, function_name, function_request_id, ...).
    logger.resetKeys();
    logger.addContext(context);
    logger.appendKeys({ runId });
    try {
      const event = parseEvent(rawEvent);
      const fleet = bundledFleet();
      if (event.kind === 'watch') return await watch(fleet, runId, context, startMs);
      if (event.kind === 'scheduled') {
        if (fleet) throw new WrongInvocationError(`this deployment audits a fleet of ${fleet.accounts.length} accounts: start its state machine, or invoke with {"account": "<name>"}`);
        // The time Lambda gives this invocation, split so that archiving and notifying always fit.
        return await single(runId, planRun(startMs, context.getRemainingTimeInMillis(), steps), startMs);
      }
      if (!fleet) throw new WrongInvocationError(`this deployment audits one account: its bundle has no accounts, so ${event.kind === 'digest' ? 'a digest' : `account ${JSON.stringify(event.account)}`} cannot be run`);
      return await fleetRun(fleet, event, runId, context, startMs);
    } catch (error) {
      // Configuration errors were logged where they were read; these are the others' only trace.
      if (error instanceof AuditorError && error.operation !== 'read_configuration') logger.error('invocation refused', asError(error));
      throw error;
    }
  };
}

export const handler = createHandler({
  env: process.env,
  secrets: new SecretsManagerClient(awsClientConfig()),
  sns: new SNSClient(awsClientConfig()),
  s3: new S3Client(awsClientConfig()),
});
