/**
 * The Security Hub step of a run, when the deployment turns it on (SECURITY_HUB_PRODUCT_ARN): the
 * report's findings, and those resolved since the previous complete report, imported in ASFF
 * (lambda/securityhub/asff.ts) within the step's slot of the run's time. It comes before the
 * archive, so the archived report and the notification both say when the import failed: access
 * denied, Security Hub not enabled in the Region, the slot running out, or findings refused
 * twice. Each is an error of the run (status ERROR, so latest/ keeps the report before, and the
 * next run sends what this one could not), never a crash.
 */
import { importFindings, IMPORT_FINDINGS, partialImportError, securityHubClient, SecurityHubImportError } from '../aws/security-hub.js';
import { toReportError } from '../failure.js';
import { logger } from '../logger.js';
import { UNKNOWN_CUSTOMER, withRunErrors } from '../report/error-report.js';
import type { Report } from '../report/model.js';
import type { DeltaBase } from '../report/previous.js';
import { asffRecords } from '../securityhub/asff.js';
import { AWS_STEP_LIMITS_MS } from './budget.js';
import { beforeDeadline, DeadlineError } from './deadline.js';
import { asError, starting, type RunContext } from './steps.js';

const STEP = { what: 'importing the findings into Security Hub', operation: IMPORT_FINDINGS };

/** The report, with an error for each way the import failed. */
export async function importToSecurityHub(run: RunContext, report: Report, previous: DeltaBase | undefined): Promise<Report> {
  const target = run.config.securityHub;
  if (!target || report.customer.id === UNKNOWN_CUSTOMER.id) return report;
  const findings = asffRecords({ report, previous, target, now: new Date() });
  if (findings.total === 0) {
    logger.info('nothing to import into Security Hub: no finding is open, fixed or resolved');
    return report;
  }
  starting(STEP.what, run.plan, { findings: findings.total, productArn: target.productArn });
  const progress = { imported: 0 };
  try {
    const outcome = await beforeDeadline(
      STEP,
      run.plan.securityHubEnd,
      (signal) => importFindings(securityHubClient(target.region), target, findings, signal, progress),
      AWS_STEP_LIMITS_MS.securityHub,
    );
    logger.info('findings imported into Security Hub', { sent: outcome.sent, imported: outcome.imported, refused: outcome.refused.length });
    return outcome.refused.length === 0 ? report : withRunErrors(report, [toReportError(partialImportError(outcome, target))]);
  } catch (error) {
    logger.error('could not import the findings into Security Hub', asError(error));
    const failure =
      error instanceof DeadlineError
        ? new SecurityHubImportError(`${error.message}; ${progress.imported} of ${findings.total} findings were imported`, error.action)
        : error;
    return withRunErrors(report, [toReportError(failure)]);
  }
}
