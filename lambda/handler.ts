/**
 * Lambda entry, started nightly by EventBridge Scheduler (the event's content is ignored; the run
 * id is the invocation's request id). Wiring only: configuration, token, audit, delta, archive,
 * notify. A run that cannot complete still archives and notifies (status ERROR, what failed and
 * what to do), then throws so the error metric, the alarm and the failure queue see it.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { runAudit } from './audit.js';
import { archiveReport, readPreviousReport } from './aws/archive.js';
import { publishNotification } from './aws/notify.js';
import { createTokenReader } from './aws/secrets.js';
import { readConfig, type HandlerConfig } from './config.js';
import { toReportError } from './failure.js';
import { createFastlyClient } from './fastly/client.js';
import { logger } from './logger.js';
import { bundledPolicy } from './policy/bundled.js';
import { shouldNotify, withDelta } from './report/delta.js';
import { createErrorReport, UNKNOWN_CUSTOMER } from './report/error-report.js';
import type { Report } from './report/model.js';
import { buildNotification } from './report/notification.js';

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
}

/** For the logger, which formats an Error's name, message, stack, cause and fields. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Everything that can fail before or during the audit ends as a report. */
async function auditOrErrorReport(
  config: HandlerConfig,
  readToken: () => Promise<string>,
  runId: string,
): Promise<Report> {
  const startedAt = new Date();
  try {
    const policy = bundledPolicy();
    const api = createFastlyClient({ token: await readToken(), baseUrl: config.fastlyApiUrl });
    return await runAudit({ api, policy, mode: config.remediation, runId });
  } catch (error) {
    logger.error('the audit could not run', asError(error));
    return createErrorReport({ runId, startedAt, finishedAt: new Date(), errors: [toReportError(error)], mode: config.remediation });
  }
}

async function addDelta(deps: HandlerDependencies, config: HandlerConfig, report: Report): Promise<Report> {
  if (report.customer.id === UNKNOWN_CUSTOMER.id) return report;
  const previous = await readPreviousReport(deps.s3, config.reportBucket, report.customer.id);
  if (previous.warning) logger.warn('previous report unusable', { warning: previous.warning });
  return withDelta(report, previous.report);
}

/** A broken environment still tells the topic, when the topic itself is known. */
async function readConfigOrNotify(deps: HandlerDependencies, runId: string): Promise<HandlerConfig> {
  try {
    return readConfig(deps.env);
  } catch (error) {
    const topicArn = deps.env.TOPIC_ARN;
    logger.error('invalid configuration', asError(error));
    if (topicArn?.startsWith('arn:')) {
      const now = new Date();
      const report = createErrorReport({ runId, startedAt: now, finishedAt: now, errors: [toReportError(error)], mode: 'plan' });
      await publishNotification(deps.sns, topicArn, buildNotification(report)).catch((publishError: unknown) =>
        logger.error('could not notify about the invalid configuration', asError(publishError)),
      );
    }
    throw error;
  }
}

export function createHandler(deps: HandlerDependencies) {
  let tokenReader: { secretId: string; read: () => Promise<string> } | undefined;

  return async function handler(_event: unknown, context: Context): Promise<RunSummary> {
    const runId = context.awsRequestId;
    // The logger outlives the invocation in a warm container: drop the previous run's keys, and
    // bind every line to this invocation (cold_start, function_name, function_request_id, ...).
    logger.resetKeys();
    logger.addContext(context);
    logger.appendKeys({ runId });
    const config = await readConfigOrNotify(deps, runId);
    if (tokenReader?.secretId !== config.tokenSecretArn) {
      tokenReader = { secretId: config.tokenSecretArn, read: createTokenReader(deps.secrets, config.tokenSecretArn) };
    }

    const report = await addDelta(deps, config, await auditOrErrorReport(config, tokenReader.read, runId));
    // A rejected token (401), or one without the access it needs (403, where the advice is to
    // replace it), may have been replaced since: read the secret again next time.
    if (report.errors.some((error) => error.status === 401 || error.status === 403)) tokenReader = undefined;
    logger.appendKeys({ customerId: report.customer.id });

    const problems: string[] = [];
    let reportLocation: string | undefined;
    try {
      reportLocation = (await archiveReport(deps.s3, config.reportBucket, report)).location;
    } catch (error) {
      logger.error('could not archive the report', asError(error));
      problems.push(`archive failed: ${asError(error).message}`);
    }
    const notified = shouldNotify(report, config.notify);
    if (notified) {
      try {
        await publishNotification(deps.sns, config.topicArn, buildNotification(report, { reportLocation }));
      } catch (error) {
        logger.error('could not publish the notification', asError(error));
        problems.push(`notification failed: ${asError(error).message}`);
      }
    }

    const summary: RunSummary = {
      runId,
      customerId: report.customer.id,
      status: report.status,
      findings: report.findings.length,
      notified,
      ...(reportLocation ? { reportLocation } : {}),
    };
    logger.info('audit finished', {
      ...summary,
      usersChecked: report.summary.usersChecked,
      byStatus: report.summary.byStatus,
      changes: report.remediation.changes.map(({ ruleId, field, status }) => ({ ruleId, field, status })),
    });
    if (report.status === 'ERROR') problems.unshift(...report.errors.map((error) => error.message));
    if (problems.length > 0) {
      logger.error('audit run failed', { problems });
      throw new Error(`Fastly audit run ${runId} failed: ${problems.join('; ')}`);
    }
    return summary;
  };
}

export const handler = createHandler({
  env: process.env,
  secrets: new SecretsManagerClient({}),
  sns: new SNSClient({}),
  s3: new S3Client({}),
});
