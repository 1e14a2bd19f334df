/**
 * One account of a fleet, as the state machine's Map invokes it (`{"account": name, "fleetRunId":
 * ...}`): its token secret, policy, remediation and notify mode from the baked accounts, the same
 * run as a single account's (account-run.ts), then its outcome stored for the fleet's digest.
 * An ERROR of the account is its outcome, not a failure of the invocation: the digest reports it
 * and the AccountsInError alarm counts it. The invocation fails only when the outcome cannot be
 * stored, so that the Map records the account's failure in its place.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { accountLastRunKey } from '../aws/archive.js';
import { writeOutcome } from '../aws/fleet-store.js';
import type { TokenReaders } from '../aws/secrets.js';
import type { FleetConfig } from '../config.js';
import { outcomeOf } from '../fleet/outcome.js';
import type { RegisteredAccount } from '../fleet/registry.js';
import { logger } from '../logger.js';
import type { RunStatus } from '../report/model.js';
import { runAccount } from './account-run.js';
import { AWS_STEP_LIMITS_MS, FLEET_OUTCOME_LIMIT_MS, planFleetAccountRun, type RunSteps } from './budget.js';
import { beforeDeadline } from './deadline.js';
import { asError, type RunContext } from './steps.js';

/**
 * The account's outcome could not be stored. Its name is what the state machine's Map records for
 * the account (Step Functions keeps a Lambda error's type as its Error): the digest says what it means.
 */
export class FleetOutcomeError extends Error {
  override readonly name = 'FleetOutcomeError';
}

/** What the invocation returns: a few fields (the Map discards it; the outcome is in S3). */
export interface FleetAccountResult {
  account: string;
  runId: string;
  customerId: string;
  status: RunStatus;
  notified: boolean;
  outcomeLocation?: string;
}

export interface FleetAccountInput {
  runId: string;
  account: RegisteredAccount;
  fleetRunId?: string;
  config: FleetConfig;
  startMs: number;
  remainingMs: number;
  steps: RunSteps;
  s3: S3Client;
  sns: SNSClient;
  tokens: TokenReaders;
}

export async function runFleetAccount(input: FleetAccountInput): Promise<FleetAccountResult> {
  const { account } = input;
  logger.appendKeys({ account: account.name, ...(input.fleetRunId ? { fleetRunId: input.fleetRunId } : {}) });
  const { plan, outcomeEnd } = planFleetAccountRun(input.startMs, input.remainingMs, input.steps);
  const run: RunContext = {
    runId: input.runId,
    config: {
      tokenSecretArn: account.tokenSecretName,
      topicArn: input.config.topicArn,
      reportBucket: input.config.reportBucket,
      fastlyApiUrl: input.config.fastlyApiUrl,
      awsRegion: input.config.awsRegion,
      securityHub: input.config.securityHub,
      accountMetrics: input.config.accountMetrics,
      remediation: account.remediation,
      notify: account.notify,
    },
    plan,
    s3: input.s3,
    sns: input.sns,
    lastRunKey: accountLastRunKey(account.name),
    policy: account.policy,
    startMs: input.startMs,
  };
  const secretId = account.tokenSecretName;
  const result = await runAccount(run, (signal) => input.tokens.read(secretId, signal));
  if (result.tokenRejected) input.tokens.forget(secretId);

  // Its status is the report's, or ERROR when the account's notification could not be sent.
  const outcome = outcomeOf(account.name, result.report, result);
  const reply: FleetAccountResult = {
    account: account.name,
    runId: input.runId,
    customerId: result.report.customer.id,
    status: outcome.status,
    notified: result.notified,
  };
  if (input.fleetRunId === undefined) return reply;
  const fleetRunId = input.fleetRunId;
  try {
    const outcomeLocation = await beforeDeadline(
      { what: "storing the account's outcome", operation: 'store_outcome' },
      outcomeEnd,
      (signal) => writeOutcome(input.s3, input.config.reportBucket, fleetRunId, outcome, result.report.startedAt, signal),
      Math.max(FLEET_OUTCOME_LIMIT_MS, AWS_STEP_LIMITS_MS.publish),
    );
    return { ...reply, outcomeLocation };
  } catch (error) {
    // The digest cannot see this account's run: fail, and the state machine records it for the account.
    logger.error("could not store the account's outcome", asError(error));
    throw new FleetOutcomeError(`Fastly audit of account ${account.name} (run ${input.runId}, ${outcome.status}) left no outcome for the digest: ${asError(error).message}`);
  }
}
