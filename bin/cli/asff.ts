/**
 * `--format asff`: the findings as the Lambda would import them into Security Hub, all batches in
 * one `{"Findings": [...]}` (the shape of `aws securityhub batch-import-findings
 * --cli-input-json`, which takes 100 at a time). The account is --aws-account-id or
 * AWS_ACCOUNT_ID, the Region AWS_REGION; both are checked before the first request.
 */
import type { Report } from '../../lambda/report/model.js';
import type { DeltaBase } from '../../lambda/report/previous.js';
import { toAsffFindings } from '../../lambda/securityhub/asff.js';
import { accountIdProblem, regionProblem, securityHubTarget, type SecurityHubTarget } from '../../lambda/securityhub/target.js';

/** A placeholder account: the output names a valid one even when none is given. */
export const DEFAULT_ASFF_ACCOUNT = '000000000000';
export const DEFAULT_ASFF_REGION = 'us-east-1';

/** The account and Region the records name; throws an Error naming the option or variable that is wrong. */
export function asffTarget(accountOption: string | undefined, env: NodeJS.ProcessEnv): SecurityHubTarget {
  const fromEnv = (name: string) => (env[name]?.trim() ? env[name] : undefined);
  const [account, accountSource] =
    accountOption !== undefined ? [accountOption, '--aws-account-id'] : [fromEnv('AWS_ACCOUNT_ID') ?? DEFAULT_ASFF_ACCOUNT, 'AWS_ACCOUNT_ID'];
  const accountIssue = accountIdProblem(account);
  if (accountIssue !== undefined) throw new Error(`${accountSource} ${accountIssue}`);
  const region = fromEnv('AWS_REGION') ?? DEFAULT_ASFF_REGION;
  const regionIssue = regionProblem(region);
  if (regionIssue !== undefined) throw new Error(`AWS_REGION ${regionIssue}`);
  return securityHubTarget(account, region);
}

export function renderAsff(report: Report, previous: DeltaBase | undefined, target: SecurityHubTarget, now = new Date()): string {
  return `${JSON.stringify({ Findings: toAsffFindings({ report, previous, target, now }) }, null, 2)}\n`;
}
