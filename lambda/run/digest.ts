/**
 * The fleet run's digest, after the state machine's Map (`{"mode": "digest", ...}`): every baked
 * account's outcome read back from fleet-runs/<fleetRunId>/ (an account whose invocation failed
 * is an ERROR with the error the Map caught; one that left nothing is an ERROR saying so), the
 * digest built, its metrics emitted (the AccountsInError alarm watches them), archived under
 * digests/ and published once. Each phase keeps to its slot of the invocation's time. A digest
 * that could not be archived or published fails the invocation, and with it the execution.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { archiveDigest, readOutcome } from '../aws/fleet-store.js';
import { emitMetrics, FLEET_METRIC_NAMES } from '../aws/metrics.js';
import type { FleetConfig } from '../config.js';
import { AuditorError } from '../errors.js';
import { buildDigest, type FleetDigest } from '../fleet/digest.js';
import { buildDigestNotification } from '../fleet/digest-notification.js';
import type { CaughtFailure } from '../fleet/event.js';
import { failedOutcome, type AccountOutcome } from '../fleet/outcome.js';
import { mapSettled } from '../fleet/pool.js';
import type { Fleet } from '../fleet/registry.js';
import { logger } from '../logger.js';
import { AWS_STEP_LIMITS_MS, type RunPlan } from './budget.js';
import { beforeDeadline } from './deadline.js';
import { publishBefore } from './publish.js';
import { asError } from './steps.js';

/** Outcomes read from S3 at once. */
export const OUTCOME_READ_CONCURRENCY = 16;

export interface DigestInput {
  fleetRunId: string;
  startedAt?: string;
  caught: CaughtFailure[];
  fleet: Fleet;
  config: FleetConfig;
  plan: RunPlan;
  s3: S3Client;
  sns: SNSClient;
  /** The function's name: the metrics' dimension. */
  functionName: string;
}

export interface DigestResult {
  runId: string;
  status: FleetDigest['status'];
  accounts: number;
  failing: number;
  errors: number;
  digestLocation?: string;
}

const LOGS_ACTION = "Read the function's log lines of this account (its \"account\" key) and the state machine's execution history.";

/** A failure the state machine caught, in words: Step Functions gives only the error's name. */
export function describeCaught(error: string): { message: string; action: string } {
  if (error === 'States.Timeout' || error === 'Sandbox.Timedout') {
    return { message: `the audit function did not finish in time (${error})`, action: `Raise the function's timeout if audits of this account run long. ${LOGS_ACTION}` };
  }
  if (error === 'FleetOutcomeError') {
    return { message: "the account was audited, but its outcome could not be stored for the digest (FleetOutcomeError)", action: `Its report is archived and it notified as its notify mode says; check that the function may write fleet-runs/ in the report bucket. ${LOGS_ACTION}` };
  }
  if (error === 'Lambda.TooManyRequestsException') {
    return { message: `Lambda throttled the audit function and the retries ran out (${error})`, action: `Raise the function's reserved concurrency to at least the fleet's concurrency. ${LOGS_ACTION}` };
  }
  return { message: `the audit function failed (${error})`, action: LOGS_ACTION };
}

/** An account's outcome, or an ERROR outcome saying why there is none. */
async function outcomeFor(input: DigestInput, account: string, caught: Map<string, string>): Promise<AccountOutcome> {
  let outcome: AccountOutcome | undefined;
  try {
    outcome = await beforeDeadline(
      { what: `reading account ${account}'s outcome`, operation: 'read_outcome' },
      input.plan.previousEnd,
      (signal) => readOutcome(input.s3, input.config.reportBucket, input.fleetRunId, account, signal),
      AWS_STEP_LIMITS_MS.readPrevious,
    );
  } catch (error) {
    const action = error instanceof AuditorError ? error.action : LOGS_ACTION;
    return failedOutcome(account, { message: `the account's outcome could not be read: ${asError(error).message}`, action });
  }
  if (outcome) return outcome;
  const failure = caught.get(account);
  if (failure !== undefined) return failedOutcome(account, describeCaught(failure));
  return failedOutcome(account, {
    message: "the account's run left no outcome: its invocation failed before it could store one, or is still running",
    action: LOGS_ACTION,
  });
}

export async function runDigest(input: DigestInput): Promise<DigestResult> {
  const startedAt = input.startedAt ?? new Date().toISOString();
  const caught = new Map(input.caught.map((failure) => [failure.account, failure.error]));
  const unknown = [...caught.keys()].filter((name) => !input.fleet.names.includes(name));
  if (unknown.length > 0) logger.warn('the Map caught failures of accounts this bundle does not know', { unknown });

  logger.info('reading the accounts\' outcomes', { accounts: input.fleet.accounts.length, caught: caught.size, remainingMs: Math.round(input.plan.end - Date.now()) });
  const outcomes = await mapSettled(input.fleet.names, OUTCOME_READ_CONCURRENCY, (account) => outcomeFor(input, account, caught));
  const digest = buildDigest({
    runId: input.fleetRunId,
    startedAt,
    finishedAt: new Date().toISOString(),
    outcomes: outcomes.map((settled, index) => (settled.ok ? settled.value : failedOutcome(input.fleet.names[index] ?? 'unknown', { message: asError(settled.error).message }))),
  });
  emitMetrics(
    { FunctionName: input.functionName },
    // Two custom metrics ($0.30 a month each): the one the AccountsInError alarm watches, and its companion.
    { [FLEET_METRIC_NAMES.accountsFailing]: digest.totals.fail, [FLEET_METRIC_NAMES.accountsInError]: digest.totals.error },
  );

  const problems: string[] = [];
  let digestLocation: string | undefined;
  try {
    digestLocation = await beforeDeadline({ what: 'archiving the digest', operation: 'archive_digest' }, input.plan.workEnd, (signal) =>
      archiveDigest(input.s3, input.config.reportBucket, digest, signal),
    );
  } catch (error) {
    logger.error('could not archive the digest', asError(error));
    problems.push(asError(error).message);
  }
  try {
    await publishBefore({ sns: input.sns, topicArn: input.config.topicArn }, buildDigestNotification(digest, { digestLocation }), 'publishing the digest', input.plan.end);
  } catch (error) {
    logger.error('could not publish the digest', asError(error));
    problems.push(`digest notification failed: ${asError(error).message}`);
  }

  const result: DigestResult = {
    runId: digest.runId,
    status: digest.status,
    accounts: digest.totals.accounts,
    failing: digest.totals.fail,
    errors: digest.totals.error,
    ...(digestLocation ? { digestLocation } : {}),
  };
  logger.info('digest finished', { ...result });
  if (problems.length > 0) throw new Error(`Fastly fleet digest ${digest.runId} failed: ${problems.join('; ')}`);
  return result;
}
