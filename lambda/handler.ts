/**
 * Lambda entry, started nightly by EventBridge Scheduler (the event's content is ignored; the run
 * id is the invocation's request id). Wiring only: configuration, token, and the run's steps
 * (lambda/run/steps.ts) within the time Lambda gives it (lambda/run/budget.ts). A run that cannot
 * complete still notifies (status ERROR, what failed and what to do), then throws so the error
 * metric, the alarm and the failure queue see it. Every run ends with its metrics (lambda/run/metrics.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { awsClientConfig } from './aws/clients.js';
import { publishNotification } from './aws/notify.js';
import { createTokenReader } from './aws/secrets.js';
import { readConfig, type HandlerConfig } from './config.js';
import { toReportError } from './failure.js';
import { logger } from './logger.js';
import { shouldNotify } from './report/delta.js';
import { createErrorReport, UNKNOWN_CUSTOMER } from './report/error-report.js';
import type { Report } from './report/model.js';
import { buildNotification } from './report/notification.js';
import { planRun, type RunPlan } from './run/budget.js';
import { beforeDeadline } from './run/deadline.js';
import { publishRunMetrics } from './run/metrics.js';
import { importToSecurityHub } from './run/security-hub-step.js';
import { archive, asError, auditOrErrorReport, notify, withHistory, type RunContext } from './run/steps.js';

export interface HandlerDependencies {
  env: NodeJS.ProcessEnv;
  secrets: SecretsManagerClient;
  sns: SNSClient;
  s3: S3Client;
}

export interface RunSummary {
  runId: string;
  customerId: string;
  status: Report['status'];
  findings: number;
  notified: boolean;
  reportLocation?: string;
  /** The run's HTML page in the S3 console. */
  reportUrl?: string;
}

/** A broken environment still tells the topic, when the topic itself is known. */
async function readConfigOrNotify(deps: HandlerDependencies, runId: string, plan: RunPlan, startedMs: number): Promise<HandlerConfig> {
  try {
    return readConfig(deps.env);
  } catch (error) {
    const topicArn = deps.env.TOPIC_ARN;
    logger.error('invalid configuration', asError(error));
    publishRunMetrics({ customerId: UNKNOWN_CUSTOMER.id, status: 'ERROR', durationMs: Date.now() - startedMs });
    if (topicArn?.startsWith('arn:')) {
      const now = new Date();
      const report = createErrorReport({ runId, startedAt: now, finishedAt: now, errors: [toReportError(error)], mode: 'plan' });
      await beforeDeadline({ what: 'publishing the notification', operation: 'publish_notification' }, plan.end, (signal) =>
        publishNotification(deps.sns, topicArn, buildNotification(report), signal),
      ).catch((publishError: unknown) => logger.error('could not notify about the invalid configuration', asError(publishError)));
    }
    throw error;
  }
}

export function createHandler(deps: HandlerDependencies) {
  let tokenReader: { secretId: string; read: (signal?: AbortSignal) => Promise<string> } | undefined;

  return async function handler(_event: unknown, context: Context): Promise<RunSummary> {
    const runId = context.awsRequestId;
    const startedMs = Date.now();
    // The time Lambda gives this invocation, split so that archiving and notifying always fit.
    const plan = planRun(Date.now(), context.getRemainingTimeInMillis(), { securityHub: Boolean(deps.env.SECURITY_HUB_PRODUCT_ARN) });
    // The logger outlives the invocation in a warm container: drop the previous run's keys, and
    // bind every line to this invocation (cold_start, function_name, function_request_id, ...).
    logger.resetKeys();
    logger.addContext(context);
    logger.appendKeys({ runId });
    const config = await readConfigOrNotify(deps, runId, plan, startedMs);
    if (tokenReader?.secretId !== config.tokenSecretArn) {
      tokenReader = { secretId: config.tokenSecretArn, read: createTokenReader(deps.secrets, config.tokenSecretArn) };
    }
    const run: RunContext = { runId, config, plan, s3: deps.s3, sns: deps.sns };

    const audited = await auditOrErrorReport(run, tokenReader.read);
    // A rejected token (401), or one without the access it needs (403, where the advice is to
    // replace it), may have been replaced since: read the secret again next time.
    if (audited.errors.some((error) => error.status === 401 || error.status === 403)) tokenReader = undefined;
    logger.appendKeys({ customerId: audited.customer.id });
    const history = await withHistory(run, audited);
    const { report, location: reportLocation, reportUrl } = await archive(run, await importToSecurityHub(run, history.report, history.previous));

    const notified = shouldNotify(report, config.notify);
    const notifyProblem = notified ? await notify(run, report, reportLocation, reportUrl) : undefined;

    const summary: RunSummary = {
      runId,
      customerId: report.customer.id,
      status: report.status,
      findings: report.findings.length,
      notified,
      ...(reportLocation ? { reportLocation } : {}),
      ...(reportUrl ? { reportUrl } : {}),
    };
    logger.info('audit finished', {
      ...summary,
      usersChecked: report.summary.usersChecked,
      byStatus: report.summary.byStatus,
      changes: report.remediation.changes.map(({ ruleId, field, status }) => ({ ruleId, field, status })),
    });
    publishRunMetrics({ customerId: report.customer.id, status: report.status, summary: report.summary, durationMs: Date.now() - startedMs });
    const problems = [...(report.status === 'ERROR' ? report.errors.map((error) => error.message) : []), ...(notifyProblem ? [notifyProblem] : [])];
    if (problems.length > 0) {
      logger.error('audit run failed', { problems });
      throw new Error(`Fastly audit run ${runId} failed: ${problems.join('; ')}`);
    }
    return summary;
  };
}

export const handler = createHandler({
  env: process.env,
  secrets: new SecretsManagerClient(awsClientConfig()),
  sns: new SNSClient(awsClientConfig()),
  s3: new S3Client(awsClientConfig()),
});
