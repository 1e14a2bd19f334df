/**
 * The handler's watch (`{"mode": "watch"}`, every few minutes from its own schedule): one pass
 * over the single account, or over every account of the fleet in this one invocation with at
 * most WATCH_CONCURRENCY at once. Each account's Fastly calls, token read, state reads and writes
 * and alert keep to the invocation's time; the end of it is kept for the pass's one notification
 * about the watch's own failures and the records that remember them. Accounts whose turn comes too
 * late are skipped (watched on the next pass) and the invocation fails so the Errors alarm sees it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { TokenReaders } from '../aws/secrets.js';
import { s3FailureStore, s3StateStore } from '../aws/watch-store.js';
import { createFastlyClient } from '../fastly/client.js';
import { logger } from '../logger.js';
import type { Policy } from '../policy/schema.js';
import type { AccountWatchResult } from '../watch/account.js';
import type { WatchNotification } from '../watch/messages.js';
import { runWatchPass, type AccountPassResult, type WatchTarget } from '../watch/pass.js';
import { AWS_STEP_LIMITS_MS } from './budget.js';
import { planWatch, WATCH_CONCURRENCY, WATCH_FASTLY_CLIENT } from './watch-budget.js';
import { beforeDeadline } from './deadline.js';
import { publishBefore } from './publish.js';

/** An account as the watch reads it: where its token is and what it is judged by. */
export interface WatchedAccount {
  scope: string;
  label: string;
  account?: string;
  secretId: string;
  policy: Policy;
}

export interface WatchRunInput {
  runId: string;
  startMs: number;
  remainingMs: number;
  accounts: readonly WatchedAccount[];
  config: { topicArn: string; reportBucket: string; fastlyApiUrl: string };
  tokens: TokenReaders;
  s3: S3Client;
  sns: SNSClient;
}

export interface WatchSummary {
  mode: 'watch';
  runId: string;
  accounts: number;
  baselines: number;
  unchanged: number;
  regressions: number;
  recoveries: number;
  failing: number;
  skipped: number;
}

function logAccount(entry: AccountPassResult): void {
  const { result } = entry;
  const keys = { scope: entry.scope, ...(result.customer ? { customerId: result.customer.id } : {}) };
  for (const warning of result.warnings) logger.warn('watch warning', { ...keys, warning });
  if (!result.ok) {
    (result.skipped ? logger.warn : logger.error).call(logger, result.skipped ? 'account not watched: out of time' : 'watch failed', { ...keys, error: result.error });
    return;
  }
  // Nothing new is the common case, a thousand times a pass in a fleet: the pass's summary counts it.
  if (result.comparison === 'unchanged') {
    logger.debug('watch: unchanged', keys);
    return;
  }
  const changes = result.alert?.changes.map((change) => ({ kind: change.kind, ruleId: change.ruleId, attributed: change.attribution !== undefined })) ?? [];
  logger.info(`watch: ${result.comparison}`, { ...keys, changes, stateWritten: result.stateWritten });
}

function tally(results: readonly AccountWatchResult[]): Omit<WatchSummary, 'mode' | 'runId' | 'accounts'> {
  const ok = results.flatMap((result) => (result.ok ? [result] : []));
  const changes = ok.flatMap((result) => result.alert?.changes ?? []);
  return {
    baselines: ok.filter((result) => result.comparison === 'baseline').length,
    unchanged: ok.filter((result) => result.comparison === 'unchanged').length,
    regressions: changes.filter((change) => change.kind === 'REGRESSION').length,
    recoveries: changes.filter((change) => change.kind === 'RECOVERY').length,
    failing: results.filter((result) => !result.ok && !result.skipped).length,
    skipped: results.filter((result) => !result.ok && result.skipped).length,
  };
}

export async function runWatch(input: WatchRunInput): Promise<WatchSummary> {
  const plan = planWatch(input.startMs, input.remainingMs);
  const { config, s3, sns } = input;
  const publish = (end: number) => async (notification: WatchNotification) => {
    await publishBefore({ sns, topicArn: config.topicArn }, notification, 'publishing the watch notification', end, AWS_STEP_LIMITS_MS.publish);
  };
  const targets: WatchTarget[] = input.accounts.map((account) => ({
    scope: account.scope,
    label: account.label,
    ...(account.account ? { account: account.account } : {}),
    policy: account.policy,
    connect: async () => {
      const token = await beforeDeadline({ what: 'reading the token secret', operation: 'read_token_secret' }, plan.fastlyEnd, (signal) => input.tokens.read(account.secretId, signal), AWS_STEP_LIMITS_MS.readToken);
      return createFastlyClient({ token, baseUrl: config.fastlyApiUrl, deadlineMs: plan.fastlyEnd, ...WATCH_FASTLY_CLIENT });
    },
    store: s3StateStore({ s3, bucket: config.reportBucket, deadlineMs: plan.accountsEnd }),
    publish: publish(plan.accountsEnd),
  }));
  const secretOf = new Map(input.accounts.map((account) => [account.scope, account.secretId]));
  logger.info('watch pass starting', { accounts: targets.length, concurrency: WATCH_CONCURRENCY, remainingMs: Math.round(plan.end - Date.now()) });
  const pass = await runWatchPass(targets, {
    runId: input.runId,
    concurrency: WATCH_CONCURRENCY,
    startBy: plan.startBy,
    failures: s3FailureStore({ s3, bucket: config.reportBucket, deadlineMs: plan.end }),
    publishHealth: publish(plan.end),
    onAccount: (entry) => {
      logAccount(entry);
      // A rejected token may have been replaced since: read the secret again next time.
      const status = entry.result.ok ? undefined : entry.result.error.status;
      const secretId = secretOf.get(entry.scope);
      if ((status === 401 || status === 403) && secretId !== undefined) input.tokens.forget(secretId);
    },
  });
  const summary: WatchSummary = { mode: 'watch', runId: input.runId, accounts: targets.length, ...tally(pass.accounts.map((entry) => entry.result)) };
  logger.info('watch pass finished', { ...summary, healthNotified: pass.healthNotified });
  if (pass.problems.length > 0) {
    // A bucket that cannot be read gives one problem per account: the first few say it.
    const shown = pass.problems.slice(0, 5).join('; ') + (pass.problems.length > 5 ? `; and ${pass.problems.length - 5} more` : '');
    logger.error('watch pass incomplete', { problems: pass.problems.slice(0, 50), count: pass.problems.length });
    throw new Error(`Fastly watch pass ${input.runId} incomplete: ${shown}`);
  }
  return summary;
}
