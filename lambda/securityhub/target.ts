/**
 * Where findings go in Security Hub: the account and Region that receive them and the account's
 * default product ARN (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`),
 * which every account with Security Hub enabled has without subscribing to anything. The Lambda
 * reads it from SECURITY_HUB_PRODUCT_ARN (set by the stack); the command line builds it from
 * --aws-account-id / AWS_ACCOUNT_ID and AWS_REGION.
 */
import { PARTITIONS as ASFF_PARTITIONS, partitionOf, regionProblem, type Partition as AsffPartition } from '../aws/region.js';

export { ASFF_PARTITIONS, partitionOf, regionProblem, type AsffPartition };

export interface SecurityHubTarget {
  partition: AsffPartition;
  region: string;
  accountId: string;
  productArn: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Why a value is not an AWS account id, or undefined when it is one. */
export function accountIdProblem(value: string): string | undefined {
  return ACCOUNT_ID.test(value) ? undefined : `must be a 12-digit AWS account id, got ${JSON.stringify(value)}`;
}

export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** The target for an account and Region; throws an Error saying which value is wrong. */
export function securityHubTarget(accountId: string, region: string): SecurityHubTarget {
  const problem = accountIdProblem(accountId) ?? regionProblem(region);
  if (problem !== undefined) throw new Error(problem);
  const partition = partitionOf(region);
  return { partition, region, accountId, productArn: defaultProductArn(partition, region, accountId) };
}

const PRODUCT_ARN = /^arn:([a-z-]+):securityhub:([^:]+):(\d{12}):product\/(\d{12})\/default$/;

/** Why a value is not an account's default product ARN, or undefined when it is one. */
export function productArnProblem(value: string): string | undefined {
  const match = PRODUCT_ARN.exec(value);
  const expected = 'must be the default product ARN arn:<partition>:securityhub:<region>:<account>:product/<account>/default';
  if (!match) return `${expected}, got ${JSON.stringify(value)}`;
  const [, partition = '', region = '', account, productAccount] = match;
  if (!(ASFF_PARTITIONS as readonly string[]).includes(partition)) return `${expected} in partition ${ASFF_PARTITIONS.join(', ')}, got ${JSON.stringify(value)}`;
  if (regionProblem(region) !== undefined || partitionOf(region) !== partition) return `${expected}: ${JSON.stringify(region)} is not a Region of partition ${partition}`;
  if (account !== productAccount) return `${expected}, with the same account twice, got ${JSON.stringify(value)}`;
  return undefined;
}

/** The target a product ARN names; throws an Error saying what is wrong with it. */
export function targetOfProductArn(productArn: string): SecurityHubTarget {
  const problem = productArnProblem(productArn);
  if (problem !== undefined) throw new Error(problem);
  const [, partition, region, accountId] = PRODUCT_ARN.exec(productArn) as RegExpExecArray;
  return { partition: partition as AsffPartition, region: region as string, accountId: accountId as string, productArn };
}
